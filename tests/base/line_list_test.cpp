// SPDX-License-Identifier: Apache-2.0
// The one line-list reader: header comments, entries, the two comment styles, errors.
#include "base/line_list.h"

#include <gtest/gtest.h>

namespace mikiwame::base {
namespace {

TEST(LineList, KeepsHeaderCommentsApartFromEntries) {
    auto list = parse_line_list("\xEF\xBB\xBF# what: shorteners\r\n# format: regex\n\n  bit.ly  \r\n# later comment\nt.co\n", "x.txt");
    ASSERT_TRUE(list) << list.error().message;
    EXPECT_EQ(list->header, (std::vector<std::string>{"what: shorteners", "format: regex"}));
    ASSERT_EQ(list->lines.size(), 2u);
    EXPECT_EQ(list->lines[0].number, 4u);
    EXPECT_EQ(list->lines[0].text, "bit.ly");
    EXPECT_EQ(list->lines[1].number, 6u);
    EXPECT_EQ(list->lines[1].text, "t.co");
}

TEST(LineList, TreatsHashAsTextUnlessTrailingCommentsAreAllowed) {
    auto phrases = parse_line_list("C# (sharp)\n", "p.txt");
    ASSERT_TRUE(phrases);
    EXPECT_EQ(phrases->lines.at(0).text, "C# (sharp)");
    auto names = parse_line_list("example.com # a comment\n# only\n", "d.txt", {.has_trailing_comments = true});
    ASSERT_TRUE(names);
    ASSERT_EQ(names->lines.size(), 1u);
    EXPECT_EQ(names->lines[0].text, "example.com");
}

TEST(LineList, KeepsSpacesWhenAsked) {
    auto list = parse_line_list("~a: \tb: \n", "e.txt", {.keep_spaces = true});
    ASSERT_TRUE(list);
    EXPECT_EQ(list->lines.at(0).text, "~a: \tb: ");
}

TEST(LineList, RejectsInvalidUtf8WithFileAndLine) {
    auto list = parse_line_list("ok\n\xFF\n", "bad.txt");
    ASSERT_FALSE(list);
    EXPECT_EQ(list.error().code, ErrorCode::Config);
    EXPECT_EQ(list.error().context, "bad.txt:2");
}

TEST(LineList, AMissingFileIsAConfigError) {
    auto list = read_line_list("/nonexistent/list.txt");
    ASSERT_FALSE(list);
    EXPECT_EQ(list.error().code, ErrorCode::Config);
}

} // namespace
} // namespace mikiwame::base

// SPDX-License-Identifier: Apache-2.0
// The Date of a forwarded header block, as the clients write it, rewritten in RFC 5322 form.
#include <gtest/gtest.h>

#include "message/forwarded_date.h"
#include "message/forward_fixture.h"

namespace mikiwame::message {
namespace {

struct DateRow {
    const char* label;
    const char* written;
    const char* want; // "" when no date can be read
};

TEST(ForwardedDate, ReadsTheClientsFormatsIntoRfc5322) {
    const ForwardMarkers markers = testing::forward_markers();
    const DateRow rows[] = {
        {"gmail ja", "2024年11月12日(火) 10:21", "12 Nov 2024 10:21:00 -0000"},
        {"gmail ja afternoon", "2024年11月12日(火) 午後3:05", "12 Nov 2024 15:05:00 -0000"},
        {"full-width digits", "２０２４年１１月１２日 ９:０５", "12 Nov 2024 09:05:00 -0000"},
        {"outlook ja", "2024年11月12日 10:21", "12 Nov 2024 10:21:00 -0000"},
        {"gmail en", "Tue, Nov 12, 2024 at 9:14 AM", "12 Nov 2024 09:14:00 -0000"},
        {"gmail en noon pm", "Tue, Nov 12, 2024 at 12:30 PM", "12 Nov 2024 12:30:00 -0000"},
        {"gmail en midnight am", "Tue, Nov 12, 2024 at 12:30 AM", "12 Nov 2024 00:30:00 -0000"},
        {"outlook en", "Tuesday, November 12, 2024 3:14 PM", "12 Nov 2024 15:14:00 -0000"},
        {"thunderbird rfc 5322", "Tue, 12 Nov 2024 10:21:33 +0900", "12 Nov 2024 10:21:33 +0900"},
        {"apple gmt offset", "November 12, 2024 at 10:21:33 GMT+9", "12 Nov 2024 10:21:33 +0900"},
        {"zone word", "Tue, 12 Nov 2024 10:21 JST", "12 Nov 2024 10:21:00 +0900"},
        {"slashes year first", "2024/11/12 10:21", "12 Nov 2024 10:21:00 -0000"},
        {"us numeric", "11/12/2024 10:21 AM", "12 Nov 2024 10:21:00 -0000"},
        {"day first when it cannot be a month", "25/11/2024 10:21", "25 Nov 2024 10:21:00 -0000"},
        {"no time", "2024年11月12日", "12 Nov 2024 00:00:00 -0000"},
        {"no year", "11月12日 10:21", ""},
        {"month 13", "2024/13/12 10:21", ""},
        {"words only", "yesterday afternoon", ""},
        {"empty", "", ""},
    };
    for (const auto& row : rows) {
        auto got = read_forwarded_date(row.written, markers);
        EXPECT_EQ(got.value_or(""), row.want) << row.label << ": " << row.written;
    }
}

TEST(ForwardedDate, AmAndPmAreWholeWordsOnly) {
    // "pm" inside a word (a sample's name) is not the afternoon.
    auto got = read_forwarded_date("2024-11-12 03:00 sample", testing::forward_markers());
    EXPECT_EQ(got.value_or(""), "12 Nov 2024 03:00:00 -0000");
}

} // namespace
} // namespace mikiwame::message

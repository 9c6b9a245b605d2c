// SPDX-License-Identifier: Apache-2.0
#include "message/html_document.h"

#include <gtest/gtest.h>

namespace mikiwame::message {
namespace {

TEST(HtmlDocument, ExtractsVisibleTextLinksFormsImagesAndHiddenText) {
    std::vector<ParseIssue> issues;
    HtmlDocument doc = parse_html_document(
        "<html><head><title>Notice</title><base href='https://base.example/'>"
        "<meta http-equiv='refresh' content='0; url=https://refresh.example/x'>"
        "<style>.a{background:url(https://css.example/i.png)}</style></head>"
        "<body><p>Dear user,</p><div style='display: none'>hidden words</div>"
        "<a href='https://evil.example/login'>https://www.kagoya.jp/</a>"
        "<img src='https://img.example/logo.png' alt='KAGOYA'>"
        "<form action='https://collect.example/post.php' method='POST'>"
        "<input name='u'><input type='password' name='p'></form>"
        "<script>window.location='https://js.example/'</script></body></html>",
        Limits{}, issues);
    EXPECT_NE(doc.visible_text.find("Dear user,"), std::string::npos);
    EXPECT_EQ(doc.visible_text.find("hidden words"), std::string::npos);
    EXPECT_NE(doc.hidden_text.find("hidden words"), std::string::npos);
    EXPECT_EQ(doc.title, "Notice");
    EXPECT_EQ(doc.base_href, "https://base.example/");
    ASSERT_EQ(doc.meta_refresh_urls.size(), 1u);
    EXPECT_EQ(doc.meta_refresh_urls[0], "https://refresh.example/x");
    bool anchor_found = false;
    for (const auto& link : doc.links)
        if (link.element == "a") {
            anchor_found = true;
            EXPECT_EQ(link.url, "https://evil.example/login");
            EXPECT_EQ(link.text, "https://www.kagoya.jp/");
        }
    EXPECT_TRUE(anchor_found);
    ASSERT_EQ(doc.forms.size(), 1u);
    EXPECT_TRUE(doc.forms[0].has_password);
    EXPECT_EQ(doc.forms[0].method, "post");
    EXPECT_EQ(doc.forms[0].action, "https://collect.example/post.php");
    ASSERT_EQ(doc.images.size(), 1u);
    EXPECT_EQ(doc.images[0].alt, "KAGOYA");
    EXPECT_EQ(doc.script_count, 1u);
    ASSERT_EQ(doc.styles.size(), 1u);
    EXPECT_TRUE(issues.empty());
}

TEST(HtmlDocument, CutsPathologicalNestingAndReportsIt) {
    std::string html;
    for (int i = 0; i < 100000; ++i) html += "<div>";
    html += "deep";
    std::vector<ParseIssue> issues;
    HtmlDocument doc = parse_html_document(html, Limits{}, issues);
    ASSERT_FALSE(issues.empty());
    EXPECT_EQ(issues[0].code, "max_html_depth");
    EXPECT_EQ(issues[0].kind, IssueKind::LimitExceeded);
}

TEST(HtmlDocument, ManyUnclosedParagraphsAreNotNesting) {
    std::string html;
    for (int i = 0; i < 5000; ++i) html += "<p>line";
    std::vector<ParseIssue> issues;
    HtmlDocument doc = parse_html_document(html, Limits{}, issues);
    EXPECT_TRUE(issues.empty());
    EXPECT_NE(doc.visible_text.find("line"), std::string::npos);
}

} // namespace
} // namespace mikiwame::message

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

TEST(HtmlDocument, ZeroFontSizeHidesTextUntilADescendantSetsASize) {
    std::vector<ParseIssue> issues;
    // Mail layouts set font-size:0 on cells to close the gaps between inline blocks and the
    // real size on the paragraphs inside; hash-busters hide words with font-size:0 alone.
    HtmlDocument doc = parse_html_document(
        "<table><tr><td style='font-size:0;text-align:center'>"
        "<p style='font-size:15px'>Claim your tokens now</p>"
        "<span>zq7 hash buster</span>"
        "<div style='FONT-SIZE: 0px'>more noise</div>"
        "<p style='font-size:small'>still zero</p>"
        "</td></tr></table><p style='font-size:0.0em'>tiny</p><p style='font-size:0.5em'>half</p>",
        Limits{}, issues);
    EXPECT_NE(doc.visible_text.find("Claim your tokens now"), std::string::npos) << doc.visible_text;
    EXPECT_EQ(doc.visible_text.find("hash buster"), std::string::npos);
    EXPECT_NE(doc.hidden_text.find("hash buster"), std::string::npos);
    EXPECT_EQ(doc.visible_text.find("more noise"), std::string::npos);
    EXPECT_EQ(doc.visible_text.find("still zero"), std::string::npos) << "a keyword size is not read";
    EXPECT_EQ(doc.visible_text.find("tiny"), std::string::npos);
    EXPECT_NE(doc.visible_text.find("half"), std::string::npos);
}

TEST(HtmlDocument, DisplayNoneCannotBeUndoneByADescendantsFontSize) {
    std::vector<ParseIssue> issues;
    HtmlDocument doc = parse_html_document(
        "<div style='display:none'><p style='font-size:16px'>secret</p></div><p>shown</p>", Limits{}, issues);
    EXPECT_EQ(doc.visible_text.find("secret"), std::string::npos);
    EXPECT_NE(doc.visible_text.find("shown"), std::string::npos);
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

// SPDX-License-Identifier: Apache-2.0
// extract_html_links and its CSS and script helpers, on HTML parsed by the message stage.
#include "urls/html_links.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "message/html_document.h"

namespace {

using mikiwame::urls::extract_css_urls;
using mikiwame::urls::extract_html_links;
using mikiwame::urls::extract_script_urls;
using mikiwame::urls::RawLink;

std::vector<RawLink> links_of(const std::string& html) {
    std::vector<mikiwame::message::ParseIssue> issues;
    const mikiwame::Limits limits;
    const auto doc = mikiwame::message::parse_html_document(html, limits, issues);
    return extract_html_links(doc, "html", limits, 100);
}

const RawLink* find(const std::vector<RawLink>& links, const std::string& url) {
    auto it = std::find_if(links.begin(), links.end(), [&](const RawLink& l) { return l.url == url; });
    return it == links.end() ? nullptr : &*it;
}

TEST(HtmlLinks, TakesEveryLinkElementWithItsText) {
    const auto links = links_of(
        "<a href='https://evil.example/login'>https://bank.example/</a>"
        "<area href='http://area.example/'>"
        "<form action='https://collect.example/post.php'><input type=password></form>"
        "<img src='https://img.example/logo.png'><iframe src='https://frame.example/'></iframe>"
        "<meta http-equiv='refresh' content='0; url=https://refresh.example/'>");
    const RawLink* anchor = find(links, "https://evil.example/login");
    ASSERT_NE(anchor, nullptr);
    EXPECT_EQ(anchor->element, "a");
    EXPECT_EQ(anchor->display_text.value_or(""), "https://bank.example/");
    EXPECT_EQ(anchor->found_in, "html");
    for (const char* url : {"http://area.example/", "https://collect.example/post.php", "https://img.example/logo.png",
                            "https://frame.example/", "https://refresh.example/"})
        EXPECT_NE(find(links, url), nullptr) << url;
}

TEST(HtmlLinks, ResolvesAgainstBaseHrefAndDropsBaselessRelatives) {
    const auto with_base = links_of("<base href='https://evil.example/kit/'><a href='login.html'>x</a>");
    EXPECT_NE(find(with_base, "https://evil.example/kit/login.html"), nullptr);
    const auto without = links_of("<a href='login.html'>x</a><a href='#top'>t</a><a href='cid:x@y'>c</a>");
    EXPECT_TRUE(without.empty());
    const auto relative_scheme = links_of("<a href='//evil.example/p'>x</a>");
    EXPECT_NE(find(relative_scheme, "https://evil.example/p"), nullptr);
}

TEST(HtmlLinks, ReadsCssAndScripts) {
    const auto links = links_of(
        "<style>body{background:url('https://css.example/bg.png')}</style>"
        "<script>window.location.href = \"https://script.example/a\"; window.open('https://open.example/')</script>");
    EXPECT_NE(find(links, "https://css.example/bg.png"), nullptr);
    EXPECT_NE(find(links, "https://script.example/a"), nullptr);
    EXPECT_NE(find(links, "https://open.example/"), nullptr);
}

TEST(HtmlLinks, RecordsJavascriptAndDataUrisAndReadsHtmlInsideData) {
    const auto links = links_of(
        "<a href=\"javascript:location='https://js.example/x'\">go</a>"
        "<a href='data:text/html;base64,PGEgaHJlZj0iaHR0cHM6Ly9pbm5lci5leGFtcGxlLyI+eDwvYT4='>open</a>"
        "<img src='data:image/png;base64,AAAA'>");
    const auto js = std::find_if(links.begin(), links.end(), [](const RawLink& l) { return l.url.rfind("javascript:", 0) == 0; });
    ASSERT_NE(js, links.end());
    EXPECT_EQ(js->flags, std::vector<std::string>{"javascript_uri"});
    EXPECT_NE(find(links, "https://js.example/x"), nullptr);
    EXPECT_NE(find(links, "https://inner.example/"), nullptr); // <a href="https://inner.example/">x</a>
    EXPECT_EQ(std::count_if(links.begin(), links.end(), [](const RawLink& l) { return l.element == "img"; }), 0);
}

TEST(HtmlLinks, CssAndScriptHelpersHandleQuotesAndNoise) {
    EXPECT_EQ(extract_css_urls("a{b:url( \"x.png\" )} c{d:URL(y.png)}", 10),
              (std::vector<std::string>{"x.png", "y.png"}));
    EXPECT_TRUE(extract_css_urls("url(", 10).empty());
    EXPECT_EQ(extract_script_urls("if (location == 'x') {} location.replace('https://r.example/')", 10),
              std::vector<std::string>{"https://r.example/"});
    EXPECT_TRUE(extract_script_urls("var a = document.title; location = x;", 10).empty());
}

} // namespace

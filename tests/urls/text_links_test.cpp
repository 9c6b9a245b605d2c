// SPDX-License-Identifier: Apache-2.0
// extract_text_links on the forms mail text takes: defanged, full-width, wrapped, Japanese
// prose around links, addresses, and words that only look like names.
#include "urls/text_links.h"

#include <string>

#include <gtest/gtest.h>

namespace {

using mikiwame::urls::extract_text_links;

std::vector<std::string> urls_of(std::string_view text) {
    std::vector<std::string> out;
    for (const auto& link : extract_text_links(text, 100)) out.push_back(link.url);
    return out;
}

TEST(TextLinks, FindsSchemeUrlsInProseWithOffsets) {
    const std::string text = "Please visit https://example.com/login?x=1. Thanks";
    const auto links = extract_text_links(text, 10);
    ASSERT_EQ(links.size(), 1u);
    EXPECT_EQ(links[0].url, "https://example.com/login?x=1");
    EXPECT_EQ(text.substr(links[0].offset, links[0].raw.size()), links[0].raw);
}

TEST(TextLinks, UndoesDefanging) {
    const auto links = extract_text_links("ioc: hxxps[:]//evil-login[.]example.com/a and bad[.]com", 10);
    ASSERT_EQ(links.size(), 2u);
    EXPECT_EQ(links[0].url, "https://evil-login.example.com/a");
    EXPECT_TRUE(links[0].is_defanged);
    EXPECT_EQ(links[0].raw, "hxxps[:]//evil-login[.]example.com/a");
    EXPECT_EQ(links[1].url, "http://bad.com");
    EXPECT_TRUE(links[1].is_defanged);
}

TEST(TextLinks, FoldsFullWidthCharacters) {
    // "ｈｔｔｐｓ：／／ｅｘａｍｐｌｅ．ｃｏｍ／ａ" followed by Japanese text.
    const auto links = extract_text_links(
        "\xEF\xBD\x88\xEF\xBD\x94\xEF\xBD\x94\xEF\xBD\x90\xEF\xBD\x93\xEF\xBC\x9A\xEF\xBC\x8F"
        "\xEF\xBC\x8F\xEF\xBD\x85\xEF\xBD\x98\xEF\xBD\x81\xEF\xBD\x8D\xEF\xBD\x90\xEF\xBD\x8C"
        "\xEF\xBD\x85\xEF\xBC\x8E\xEF\xBD\x83\xEF\xBD\x8F\xEF\xBD\x8D\xEF\xBC\x8F\xEF\xBD\x81"
        "\xE3\x81\xAF\xE3\x81\x93\xE3\x81\xA1\xE3\x82\x89",
        10);
    ASSERT_EQ(links.size(), 1u);
    EXPECT_EQ(links[0].url, "https://example.com/a");
}

TEST(TextLinks, StopsAtKanaAndIdeographsAfterLinks) {
    EXPECT_EQ(urls_of("ログインはhttps://example.jp/loginから"),
              std::vector<std::string>{"https://example.jp/login"});
    EXPECT_EQ(urls_of("詳細はexample.co.jp。"), std::vector<std::string>{"http://example.co.jp"});
    EXPECT_EQ(urls_of("http://example.com詳細"), std::vector<std::string>{"http://example.com"});
}

TEST(TextLinks, RejoinsHardWrappedUrls) {
    const std::string text =
        "Click here to confirm your account now: https://portal.example.com/verify/account/\n"
        "session?id=8a7d6f5e4c3b2a1&user=abc\n"
        "Thank you.";
    const auto links = extract_text_links(text, 10);
    ASSERT_EQ(links.size(), 1u);
    EXPECT_EQ(links[0].url,
              "https://portal.example.com/verify/account/session?id=8a7d6f5e4c3b2a1&user=abc");
    EXPECT_TRUE(links[0].is_rewrapped);
}

TEST(TextLinks, DoesNotJoinShortLinesOrProse) {
    const auto links = extract_text_links("See https://example.com/a\nsession2 starts", 10);
    ASSERT_EQ(links.size(), 1u);
    EXPECT_EQ(links[0].url, "https://example.com/a");
    EXPECT_FALSE(links[0].is_rewrapped);
}

TEST(TextLinks, RejoinsUrlsWrappedInsideAngleBrackets) {
    const auto links = extract_text_links("<https://example.com/very/long/\n   path/file.html>", 10);
    ASSERT_EQ(links.size(), 1u);
    EXPECT_EQ(links[0].url, "https://example.com/very/long/path/file.html");
}

TEST(TextLinks, FindsAddressesAsMailto) {
    EXPECT_EQ(urls_of("Contact support@example.co.jp today"),
              std::vector<std::string>{"mailto:support@example.co.jp"});
    EXPECT_TRUE(urls_of("user@localhost and foo@bar").empty());
}

TEST(TextLinks, IgnoresFileNamesAndVersionNumbers) {
    EXPECT_TRUE(urls_of("see README.md and setup.py, version 1.2.3, node.js").empty());
    EXPECT_EQ(urls_of("invoice.zip/x"), std::vector<std::string>{"http://invoice.zip/x"});
}

TEST(TextLinks, CapsTheNumberOfLinks) {
    std::string text;
    for (int i = 0; i < 50; ++i) text += "http://a" + std::to_string(i) + ".example.com ";
    EXPECT_EQ(extract_text_links(text, 7).size(), 7u);
}

TEST(TextLinks, StaysLinearOnLinkDenseText) {
    // Every "//" and bracket lies inside the previous link: rescanning each would be quadratic.
    std::string chained;
    for (int i = 0; i < 100000; ++i) chained += "http://a/(b.com/";
    const auto links = extract_text_links(chained, 2000);
    ASSERT_FALSE(links.empty());
    EXPECT_EQ(links[0].offset, 0u);
    std::string dense;
    for (int i = 0; i < 200000; ++i) dense += "x.com ";
    EXPECT_EQ(extract_text_links(dense, 2000).size(), 2000u);
}

TEST(TextLinks, SurvivesHostileText) {
    std::string text(100000, '@');
    text += std::string(100000, 'a') + ".com" + std::string(5000, '.');
    text += std::string("http://") + std::string(3, '\xff') + "\x00://" + std::string(200, '/');
    EXPECT_LE(extract_text_links(text, 2000).size(), 2000u);
}

} // namespace

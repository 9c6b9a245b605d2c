// SPDX-License-Identifier: Apache-2.0
// extract_message_links on whole messages: URLs written as text inside HTML count as links,
// but not a bare domain in HTML prose, and not the visible text of an anchor (judged with it);
// in plain text a scheme-less name is a link only when a reader would type it (www., a path).
#include "urls/message_links.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "message/parser.h"

namespace {

using mikiwame::Limits;
using mikiwame::urls::RawLink;

std::vector<RawLink> links_of_html(const std::string& html) {
    std::string raw = "From: a@sender.example\r\nTo: b@example.jp\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
                      "Content-Type: text/html; charset=utf-8\r\n\r\n" + html + "\r\n";
    Limits limits;
    return mikiwame::urls::extract_message_links(mikiwame::message::parse_message(raw, limits), limits);
}

std::vector<RawLink> links_of_text(const std::string& text) {
    std::string raw = "From: a@sender.example\r\nTo: b@example.jp\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
                      "Content-Type: text/plain; charset=utf-8\r\n\r\n" + text + "\r\n";
    Limits limits;
    return mikiwame::urls::extract_message_links(mikiwame::message::parse_message(raw, limits), limits);
}

bool mentions(const std::vector<RawLink>& links, const std::string& name) {
    return std::any_of(links.begin(), links.end(), [&](const RawLink& l) { return l.url.find(name) != std::string::npos; });
}

bool has_url(const std::vector<RawLink>& links, const std::string& prefix, const std::string& element) {
    return std::any_of(links.begin(), links.end(),
                       [&](const RawLink& l) { return l.url.rfind(prefix, 0) == 0 && l.element == element; });
}

TEST(MessageLinks, UrlWrittenAsTextInHtmlIsALink) {
    auto links = links_of_html("<p>Claim up to 1,000 tokens: https://t.co/ojAbC123, for your convenience</p>"
                               "<p>Visit www.sender.example for more.</p>");
    EXPECT_TRUE(has_url(links, "https://t.co/ojAbC123", "text"));
    EXPECT_FALSE(std::any_of(links.begin(), links.end(), [](const RawLink& l) { return l.url.find("sender.example") != std::string::npos; }))
        << "a bare domain in HTML prose is not taken";
}

TEST(MessageLinks, AnchorTextUrlIsNotASecondLink) {
    auto links = links_of_html("<a href='https://evil.example/login'>https://www.bank.example/</a>");
    EXPECT_TRUE(has_url(links, "https://evil.example/login", "a"));
    EXPECT_FALSE(has_url(links, "https://www.bank.example/", "text"));
}

TEST(MessageLinks, BareNameInPlainTextIsAMentionNotALink) {
    auto links = links_of_text("b@example.jp 様\n"
                               "Your mailbox at example.jp is full.\n"
                               "Sign in: www.portal.example.net or secure-mail.example.top/login?u=1\n"
                               "Short link: bit.ly/abc123, help at support.example.net#faq, app //cdn.example.net\n"
                               "Version 1.8.3.1 from 192.0.2.7\n"
                               "Example Co., Ltd. example.co.jp\n");
    EXPECT_FALSE(mentions(links, "example.jp")) << "the recipient's domain in the text";
    EXPECT_FALSE(mentions(links, "example.co.jp")) << "a footer's company domain";
    EXPECT_FALSE(mentions(links, "1.8.3.1"));
    EXPECT_FALSE(mentions(links, "192.0.2.7"));
    EXPECT_TRUE(has_url(links, "http://www.portal.example.net", "text")) << "www. is typed";
    EXPECT_TRUE(has_url(links, "http://secure-mail.example.top/login?u=1", "text")) << "a path is typed";
    EXPECT_TRUE(has_url(links, "http://bit.ly/abc123", "text"));
    EXPECT_TRUE(mentions(links, "support.example.net#faq")) << "a fragment is typed";
    EXPECT_TRUE(mentions(links, "cdn.example.net")) << "a network path is a link";
}

TEST(MessageLinks, SchemeUrlInPlainTextStaysALink) {
    auto links = links_of_text("Log in at https://example.top today.");
    EXPECT_TRUE(has_url(links, "https://example.top", "text"));
}

} // namespace

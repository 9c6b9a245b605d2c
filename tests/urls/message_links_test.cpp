// SPDX-License-Identifier: Apache-2.0
// extract_message_links on whole messages: URLs written as text inside HTML count as links,
// but not a bare domain in HTML prose, and not the visible text of an anchor (judged with it).
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

} // namespace

// SPDX-License-Identifier: Apache-2.0
// analyze_links on whole messages: each url.* finding it emits with a positive and a negative
// case, the max_urls limit at N-1, N and N+1, and defang.
#include "urls/link_analysis.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "message/parser.h"
#include "test_catalog.h"

namespace {

using mikiwame::urls::analyze_links;
using mikiwame::urls::UrlFacts;
using mikiwame::urls::testing::shipped_catalog;

const std::vector<std::string> kRecipients{"victim@corp.example.jp"};

std::string html_mail(const std::string& body) {
    return "From: Support <support@sender.example>\r\nTo: victim@corp.example.jp\r\nSubject: notice\r\n"
           "MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body>" +
           body + "</body></html>\r\n";
}

std::string text_mail(const std::string& body) {
    return "From: a@sender.example\r\nTo: victim@corp.example.jp\r\nSubject: notice\r\n"
           "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n";
}

UrlFacts analyze(const std::string& raw, const mikiwame::Limits& limits = {}) {
    const auto message = mikiwame::message::parse_message(raw, limits);
    return analyze_links(message, kRecipients, shipped_catalog(), limits);
}

bool has_hit(const UrlFacts& facts, const std::string& id) {
    return std::any_of(facts.hits.begin(), facts.hits.end(), [&](const auto& h) { return h.id == id; });
}

const mikiwame::base::FindingHit* hit(const UrlFacts& facts, const std::string& id) {
    auto it = std::find_if(facts.hits.begin(), facts.hits.end(), [&](const auto& h) { return h.id == id; });
    return it == facts.hits.end() ? nullptr : &*it;
}

// A lure: one kit URL behind every button, text showing the real company's address.
const std::string kLure = html_mail(
    "<p>Your mailbox is full.</p>"
    "<a href='https://mail-corp.sbs/wp-content/box/login.html?email=victim@corp.example.jp'>https://corp.example.jp/mail</a>"
    "<a href='https://mail-corp.sbs/wp-content/box/login.html?email=victim@corp.example.jp'>Release messages</a>"
    "<a href='https://mail-corp.sbs/wp-content/box/login.html?email=victim@corp.example.jp'>Unsubscribe</a>");

// A newsletter: many places on its own site, texts that match their targets.
const std::string kNewsletter = html_mail(
    "<a href='https://www.shop.example.com/'>www.shop.example.com</a>"
    "<a href='https://www.shop.example.com/sale'>Spring sale</a>"
    "<a href='https://www.shop.example.com/new'>New arrivals</a>"
    "<a href='https://help.shop.example.com/contact'>Contact us</a>"
    "<img src='https://cdn.shop.example.com/wp-content/uploads/banner.png'>");

TEST(LinkAnalysis, LureFiresTheUrlFindings) {
    const auto facts = analyze(kLure);
    for (const char* id : {"url.text_href_mismatch", "url.recipient_embedded", "url.duplicate_targets",
                           "url.suspicious_host", "url.cms_path", "url.login_path"})
        EXPECT_TRUE(has_hit(facts, id)) << id;
    ASSERT_FALSE(facts.urls.empty());
    const auto& first = facts.urls.front();
    EXPECT_EQ(first.host, "mail-corp.sbs");
    EXPECT_EQ(first.registrable_domain, "mail-corp.sbs");
    EXPECT_EQ(first.found_in, "html");
    EXPECT_TRUE(first.contains_recipient);
    EXPECT_EQ(first.display_text.value_or(""), "https://corp.example.jp/mail");
    const auto* mismatch = hit(facts, "url.text_href_mismatch");
    ASSERT_NE(mismatch, nullptr);
    EXPECT_NE(mismatch->evidence.front().find("shows corp[.]example[.]jp"), std::string::npos) << mismatch->evidence.front();
}

TEST(LinkAnalysis, NewsletterFiresNone) {
    const auto facts = analyze(kNewsletter);
    for (const char* id : {"url.text_href_mismatch", "url.recipient_embedded", "url.duplicate_targets",
                           "url.suspicious_host", "url.cms_path", "url.login_path", "url.redirect_param",
                           "url.shortener"})
        EXPECT_FALSE(has_hit(facts, id)) << id << ": " << (hit(facts, id) ? hit(facts, id)->evidence[0] : "");
    EXPECT_EQ(facts.urls.size(), 5u);
}

TEST(LinkAnalysis, RedirectParamFiresForRedirectsButNotForProtectionWrappers) {
    const auto redirect = analyze(text_mail("Go to https://www.google.com/url?q=https%3A%2F%2Fkit.example%2Fx now"));
    ASSERT_TRUE(has_hit(redirect, "url.redirect_param"));
    ASSERT_EQ(redirect.urls.size(), 1u);
    EXPECT_EQ(redirect.urls[0].redirect_target.value_or(""), "https://kit.example/x");
    EXPECT_EQ(redirect.urls[0].found_in, "text");

    const auto wrapped = analyze(text_mail(
        "See https://apc01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fnews.example%2F&data=05 please"));
    EXPECT_FALSE(has_hit(wrapped, "url.redirect_param"));
    ASSERT_EQ(wrapped.urls.size(), 1u);
    EXPECT_EQ(wrapped.urls[0].redirect_target.value_or(""), "https://news.example/");
}

TEST(LinkAnalysis, ShortenerFiresOnlyForShorteners) {
    EXPECT_TRUE(has_hit(analyze(text_mail("Track: https://bit.ly/3xYzAbC")), "url.shortener"));
    EXPECT_FALSE(has_hit(analyze(text_mail("Track: https://bitly.example.com/3xYzAbC")), "url.shortener"));
}

TEST(LinkAnalysis, HostWrittenWithCharactersThatMapToAsciiIsSuspicious) {
    // U+1D7DC MATHEMATICAL DOUBLE-STRUCK DIGIT FOUR and full-width letters fold to "4" and "shop".
    auto mapped = analyze(html_mail("<a href='http://\xF0\x9D\x9F\x9C.rentals.example.com/r.php?32=1o16'>offer</a>"
                                    "<a href='https://\xEF\xBD\x93\xEF\xBD\x88\xEF\xBD\x8F\xEF\xBD\x90.example.com/'>shop</a>"));
    const auto* h = hit(mapped, "url.suspicious_host");
    ASSERT_NE(h, nullptr);
    ASSERT_EQ(h->evidence.size(), 2u);
    EXPECT_NE(h->evidence[0].find("mapped_host"), std::string::npos) << h->evidence[0];
    // A real internationalised name (it stays punycode) and a plain ASCII host are not mapped.
    auto idn = analyze(html_mail("<a href='https://\xE4\xBE\x8B\xE3\x81\x88.jp/'>x</a><a href='https://www.example.com/'>y</a>"));
    for (const auto& url : idn.urls)
        EXPECT_EQ(std::count(url.flags.begin(), url.flags.end(), "mapped_host"), 0) << url.url;
}

TEST(LinkAnalysis, TextHrefMismatchIgnoresMatchingAndPlainTexts) {
    const auto same = analyze(html_mail("<a href='https://www.corp.example.jp/login'>corp.example.jp</a>"));
    EXPECT_FALSE(has_hit(same, "url.text_href_mismatch"));
    const auto words = analyze(html_mail("<a href='https://other.example/'>Click here</a>"));
    EXPECT_FALSE(has_hit(words, "url.text_href_mismatch"));
    // The text names the target of a redirect: what the reader sees is where they end up.
    const auto redirected = analyze(html_mail(
        "<a href='https://www.google.com/url?q=https://docs.example.org/a'>docs.example.org</a>"));
    EXPECT_FALSE(has_hit(redirected, "url.text_href_mismatch"));
}

TEST(LinkAnalysis, RecipientEmbeddedNeedsTheRecipient) {
    EXPECT_TRUE(has_hit(analyze(text_mail("https://kit.example/a#dmljdGltQGNvcnAuZXhhbXBsZS5qcA==")),
                        "url.recipient_embedded"));
    EXPECT_FALSE(has_hit(analyze(text_mail("https://kit.example/a?email=victim@corp.example.com")),
                         "url.recipient_embedded"));
}

TEST(LinkAnalysis, CollectsHeaderAndAttachmentLinks) {
    const std::string raw =
        "From: a@sender.example\r\nTo: victim@corp.example.jp\r\nSubject: s\r\n"
        "List-Unsubscribe: <mailto:u@sender.example>, <https://sender.example/unsub?id=1>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        "--b\r\nContent-Type: text/plain\r\n\r\nhello https://body.example/\r\n"
        "--b\r\nContent-Type: text/html\r\nContent-Disposition: attachment; filename=invoice.html\r\n\r\n"
        "<form action='https://collector.example/p.php'><input type=password></form>\r\n--b--\r\n";
    const auto facts = analyze(raw);
    auto found = [&](const std::string& url, const std::string& where) {
        return std::any_of(facts.urls.begin(), facts.urls.end(),
                           [&](const auto& f) { return f.url == url && f.found_in == where; });
    };
    EXPECT_TRUE(found("https://sender.example/unsub?id=1", "header"));
    EXPECT_TRUE(found("https://body.example/", "text"));
    EXPECT_TRUE(found("https://collector.example/p.php", "attachment"));
}

TEST(LinkAnalysis, IpHostsAreReportedInCanonicalForm) {
    const auto facts = analyze(text_mail("login at http://3325256814/owa/ today"));
    ASSERT_EQ(facts.urls.size(), 1u);
    EXPECT_EQ(facts.urls[0].host, "198.51.100.110");
    EXPECT_EQ(facts.urls[0].registrable_domain, "198.51.100.110");
    EXPECT_TRUE(has_hit(facts, "url.suspicious_host"));
    EXPECT_TRUE(has_hit(facts, "url.login_path"));
}

std::string many_links(std::size_t n) {
    std::string body;
    for (std::size_t i = 0; i < n; ++i) body += "https://h" + std::to_string(i) + ".example.com/\n";
    return text_mail(body);
}

TEST(LinkAnalysis, MaxUrlsLimitAtNMinus1NAndNPlus1) {
    mikiwame::Limits limits;
    limits.max_urls = 20;
    for (std::size_t n : {19u, 20u, 21u}) {
        const auto facts = analyze(many_links(n), limits);
        EXPECT_EQ(facts.urls.size(), std::min<std::size_t>(n, 20)) << n;
        const auto* limit = hit(facts, "message.limit_exceeded");
        if (n <= 20) {
            EXPECT_EQ(limit, nullptr) << n;
        } else {
            ASSERT_NE(limit, nullptr);
            EXPECT_EQ(limit->evidence, std::vector<std::string>{"max_urls=20"});
        }
    }
}

TEST(LinkAnalysis, DefaultLimitReportsMaxUrls2000) {
    const auto facts = analyze(many_links(2001));
    EXPECT_EQ(facts.urls.size(), 2000u);
    const auto* limit = hit(facts, "message.limit_exceeded");
    ASSERT_NE(limit, nullptr);
    EXPECT_EQ(limit->evidence, std::vector<std::string>{"max_urls=2000"});
}

} // namespace

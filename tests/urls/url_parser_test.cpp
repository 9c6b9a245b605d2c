// SPDX-License-Identifier: Apache-2.0
// parse_url on the shapes phishing links take: numeric IPv4 hosts, credentials before the
// host, backslashes, IDNA, percent-encoded hosts.
#include "urls/url_parser.h"

#include <gtest/gtest.h>

namespace {

using mikiwame::urls::HostKind;
using mikiwame::urls::parse_url;

struct HostRow {
    const char* label;
    const char* input;
    const char* want_host; // nullptr: must fail
};

TEST(UrlParser, ReadsHostsAsBrowsersDo) {
    const HostRow rows[] = {
        {"decimal ipv4", "http://3325256814/", "198.51.100.110"},
        {"hex ipv4", "http://0xC633646E/x", "198.51.100.110"},
        {"octal dotted", "http://0306.063.0144.0156/", "198.51.100.110"},
        {"short dotted", "http://198.51.25966/", "198.51.101.110"},
        {"mixed", "http://0xc6.51.0x64.110", "198.51.100.110"},
        {"ipv4 too big", "http://4294967296/", nullptr},
        {"ipv6 compressed", "http://[2001:DB8:0:0:0:0:0:1]/", "[2001:db8::1]"},
        {"ipv6 v4 tail", "http://[::ffff:192.0.2.1]/", "[::ffff:c000:201]"},
        {"credentials trick", "https://bank.example@evil.example/login", "evil.example"},
        {"backslash", "http:\\\\evil.example\\path", "evil.example"},
        {"upper case", "HTTP://EXAMPLE.COM", "example.com"},
        {"idna", "http://bücher.example/", "xn--bcher-kva.example"},
        {"fullwidth", "http://\xEF\xBD\x85\xEF\xBD\x98.com/", "ex.com"},
        {"percent host", "http://%65xample.com/", "example.com"},
        {"forbidden", "http://exa mple.com/", nullptr},
        {"empty host", "http:///", nullptr},
        {"tab inside", "ht\ttp://example.com", "example.com"},
    };
    for (const auto& row : rows) {
        auto url = parse_url(row.input);
        if (row.want_host == nullptr) {
            EXPECT_FALSE(url.has_value()) << row.label << ": got " << url->href() << ", want failure";
        } else {
            ASSERT_TRUE(url.has_value()) << row.label << ": failed";
            EXPECT_EQ(url->host, row.want_host) << row.label;
        }
    }
}

TEST(UrlParser, SerialisesPathQueryAndFragment) {
    auto url = parse_url("https://user:pw@Example.com:443/a/./b/../c d?q=1 2#frag ment");
    ASSERT_TRUE(url);
    EXPECT_EQ(url->href(), "https://user:pw@example.com/a/c%20d?q=1%202#frag%20ment");
    EXPECT_FALSE(url->port.has_value());
    EXPECT_TRUE(url->has_credentials());
}

TEST(UrlParser, ResolvesRelativeAgainstBase) {
    auto base = parse_url("https://example.com/dir/page.html?x");
    ASSERT_TRUE(base);
    auto url = parse_url("../img/a.png", &*base);
    ASSERT_TRUE(url);
    EXPECT_EQ(url->href(), "https://example.com/img/a.png");
    EXPECT_FALSE(parse_url("../img/a.png").has_value());
}

TEST(UrlParser, KeepsOpaquePathsOfMailtoAndJavascript) {
    auto mail = parse_url("mailto:someone@example.com");
    ASSERT_TRUE(mail);
    EXPECT_TRUE(mail->has_opaque_path);
    EXPECT_EQ(mail->host_kind, HostKind::None);
    auto js = parse_url("javascript:location='http://x.example'");
    ASSERT_TRUE(js);
    EXPECT_EQ(js->scheme, "javascript");
}

TEST(UrlParser, ParsingTheHrefAgainChangesNothing) {
    for (const char* input : {"http://0x7f.1/%7e?a b#c", "HTTPS://x.EXAMPLE/./a/../b",
                              "http://[::1]:8080/", "foo://h/p?q", "file:///C|/x"}) {
        auto once = parse_url(input);
        ASSERT_TRUE(once) << input;
        auto twice = parse_url(once->href());
        ASSERT_TRUE(twice) << input;
        EXPECT_EQ(once->href(), twice->href()) << input;
    }
}

} // namespace

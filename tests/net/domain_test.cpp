// SPDX-License-Identifier: Apache-2.0
#include "net/domain.h"

#include <gtest/gtest.h>

#include "net/ip_address.h"

namespace mikiwame::net {
namespace {

TEST(RegistrableDomain, UsesThePublicSuffixList) {
    EXPECT_EQ(registrable_domain("mail.example.co.jp"), "example.co.jp");
    EXPECT_EQ(registrable_domain("WWW.Example.COM."), "example.com");
    EXPECT_EQ(registrable_domain("a.b.example.github.io"), "example.github.io");
    EXPECT_EQ(public_suffix("shop.example.co.jp"), "co.jp");
}

TEST(DomainToAscii, ConvertsInternationalisedNames) {
    EXPECT_EQ(domain_to_ascii("例え.jp").value_or(""), "xn--r8jz45g.jp");
    EXPECT_EQ(domain_to_unicode("xn--r8jz45g.jp"), "例え.jp");
    EXPECT_FALSE(domain_to_ascii("").has_value());
}

TEST(KnownPublicSuffix, RejectsMadeUpTopLevelDomains) {
    EXPECT_TRUE(has_known_public_suffix("example.com"));
    EXPECT_TRUE(has_known_public_suffix("example.sbs"));
    EXPECT_FALSE(has_known_public_suffix("file.notatld"));
}

TEST(IpAddress, ParsesAndClassifies) {
    auto v4 = parse_ip("[104.250.145.186]");
    ASSERT_TRUE(v4);
    EXPECT_EQ(v4->to_string(), "104.250.145.186");
    EXPECT_TRUE(v4->is_public());
    EXPECT_FALSE(parse_ip("10.1.2.3")->is_public());
    EXPECT_FALSE(parse_ip("127.0.0.1")->is_public());
    EXPECT_FALSE(parse_ip("192.168.0.1")->is_public());
    EXPECT_FALSE(parse_ip("IPv6:::1")->is_public());
    EXPECT_TRUE(parse_ip("2603:10b6:a03:1c1::1")->is_public());
    EXPECT_EQ(parse_ip("::ffff:52.170.140.114")->to_string(), "52.170.140.114");
    EXPECT_FALSE(parse_ip("not-an-ip").has_value());
    EXPECT_FALSE(parse_ip("1.2.3").has_value());
}

} // namespace
} // namespace mikiwame::net

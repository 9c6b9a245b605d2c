// SPDX-License-Identifier: Apache-2.0
// judge_host flags with the shipped lists, positive and negative.
#include "urls/host_judgement.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "test_catalog.h"
#include "urls/url_parser.h"

namespace {

using mikiwame::urls::judge_host;
using mikiwame::urls::parse_url;
using mikiwame::urls::testing::shipped_catalog;

mikiwame::urls::HostJudgement judge(const std::string& link) {
    auto url = parse_url(link);
    EXPECT_TRUE(url) << link;
    return url ? judge_host(*url, shipped_catalog()) : mikiwame::urls::HostJudgement{};
}

bool has_flag(const mikiwame::urls::HostJudgement& j, const std::string& flag) {
    return std::find(j.flags.begin(), j.flags.end(), flag) != j.flags.end();
}

TEST(HostJudgement, FlagsSuspiciousHosts) {
    const std::pair<const char*, const char*> rows[] = {
        {"http://3325256814/login", "ip_host"},
        {"http://[2001:db8::1]/", "ip_host"},
        {"https://su-activemail-example-jp.sbs/mail/", "abused_tld"},
        {"https://secure-login.weebly.com/", "free_hosting"},
        {"https://mail-update.duckdns.org/", "dynamic_dns"},
        {"https://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi.ipfs.dweb.link/", "ipfs_gateway"},
        {"https://account-verification-security-update-service-center.example.com/", "long_label"},
        {"https://k3j5h2g8f9d7s6a1.com/", "random_label"},
        {"https://a.b.c.d.e.example.com/", "deep_subdomain"},
        {"https://xn--pypal-4ve.com/", "punycode"},
    };
    for (const auto& [link, flag] : rows) {
        const auto j = judge(link);
        EXPECT_TRUE(has_flag(j, flag)) << link << " lacks " << flag;
        EXPECT_TRUE(j.is_suspicious_host) << link;
    }
}

TEST(HostJudgement, LeavesOrdinaryHostsUnflagged) {
    for (const char* link : {"https://www.example.co.jp/", "https://mail.google.com/mail/u/0/",
                             "https://news.example.com/2024/03/spring-sale", "https://shop.example.xn--tckwe/",
                             "https://d1op2xlgz80bk1.cloudfront.net/img.png", "https://shop.example.de/item/123456"}) {
        const auto j = judge(link);
        EXPECT_FALSE(j.is_suspicious_host) << link << ": " << (j.reasons.empty() ? "" : j.reasons[0]);
        EXPECT_FALSE(j.is_shortener || j.has_cms_path || j.has_login_path) << link;
    }
}

TEST(HostJudgement, FlagsShortenersCmsAndLoginPaths) {
    EXPECT_TRUE(judge("https://bit.ly/3abcDEF").is_shortener);
    EXPECT_FALSE(judge("https://bitly.example.com/").is_shortener);
    EXPECT_TRUE(judge("https://blog.example.com/wp-content/plugins/x/index.php").has_cms_path);
    EXPECT_TRUE(judge("https://shop.example.com/wp/activemail-support/?24727").has_cms_path);
    EXPECT_FALSE(judge("https://shop.example.com/wpx/content/").has_cms_path);
    EXPECT_TRUE(judge("https://host.example.es/mail/login.html").has_login_path);
    EXPECT_TRUE(judge("https://host.example.com/owa/auth.aspx").has_login_path);
    EXPECT_TRUE(judge("https://host.example.com/webmail.php?x").has_login_path);
    EXPECT_FALSE(judge("https://host.example.com/blog/logistics.html").has_login_path);
}

TEST(HostJudgement, RecordsCredentialsAndPorts) {
    const auto j = judge("http://bank.example@evil.example:8080/");
    EXPECT_TRUE(has_flag(j, "credentials"));
    EXPECT_TRUE(has_flag(j, "non_default_port"));
}

} // namespace

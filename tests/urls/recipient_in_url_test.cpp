// SPDX-License-Identifier: Apache-2.0
// find_recipient_in_url: the address plain, percent-encoded, base64 and base64url behind 0,
// 1 and 2 preceding bytes, hex, local part and domain; and similar addresses that must not match.
#include "urls/recipient_in_url.h"

#include <gtest/gtest.h>

#include "base/base64.h"
#include "base/text.h"
#include "urls/url_parser.h"

namespace {

using mikiwame::urls::find_recipient_in_url;
using mikiwame::urls::parse_url;

const std::vector<std::string> kRecipients{"taro.yamada@victim-corp.example.jp"};

std::optional<mikiwame::urls::RecipientMatch> find(const std::string& link,
                                                  const std::vector<std::string>& recipients = kRecipients) {
    auto url = parse_url(link);
    EXPECT_TRUE(url) << link;
    if (!url) return std::nullopt;
    return find_recipient_in_url(*url, recipients);
}

std::string base64url(const std::string& bytes) {
    std::string s = mikiwame::base::encode_base64(bytes);
    for (char& c : s) {
        if (c == '+') c = '-';
        if (c == '/') c = '_';
    }
    while (!s.empty() && s.back() == '=') s.pop_back();
    return s;
}

TEST(RecipientInUrl, FindsThePlainAddressInQueryAndFragment) {
    auto m = find("https://evil.example/login?email=taro.yamada@victim-corp.example.jp");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->form, "address");
    EXPECT_EQ(m->encoding, "plain");
    EXPECT_EQ(m->component, "query");
    m = find("https://evil.example/#taro.yamada@victim-corp.example.jp");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->component, "fragment");
}

TEST(RecipientInUrl, FindsThePercentEncodedAddress) {
    auto m = find("https://evil.example/p?u=taro.yamada%40victim-corp.example.jp&x=1");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->encoding, "percent");
    m = find("https://evil.example/p?u=taro.yamada%2540victim-corp.example.jp");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->form, "address");
}

TEST(RecipientInUrl, FindsBase64AndBase64UrlAtEveryAlignment) {
    const std::string address = kRecipients[0];
    for (const std::string prefix : {"", "x", "xy", "id=1&mail="}) {
        const std::string standard = mikiwame::base::encode_base64(prefix + address);
        auto m = find("https://evil.example/a/" + standard);
        ASSERT_TRUE(m) << "base64 with prefix '" << prefix << "'";
        EXPECT_EQ(m->encoding, "base64") << prefix;
        EXPECT_EQ(m->form, "address") << prefix;

        const std::string safe = base64url(prefix + address + "?");
        m = find("https://evil.example/a?t=" + safe);
        ASSERT_TRUE(m) << "base64url with prefix '" << prefix << "'";
        EXPECT_EQ(m->form, "address") << prefix;
    }
}

TEST(RecipientInUrl, FindsHex) {
    auto m = find("https://evil.example/r/" + mikiwame::base::to_hex(kRecipients[0]));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->encoding, "hex");
}

TEST(RecipientInUrl, FindsTheLocalPartAsAWholeValue) {
    auto m = find("https://evil.example/login.php?user=taro.yamada&lang=ja");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->form, "local_part");
    EXPECT_FALSE(find("https://evil.example/taro.yamadashop/"));
}

TEST(RecipientInUrl, FindsTheDomainAsValueOrInAForeignHost) {
    auto m = find("https://evil.example/owa/?domain=victim-corp.example.jp");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->form, "domain");
    m = find("https://victim-corp.example.jp.evil.example/");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->component, "host");
    // The recipient's own company linking to itself is not evidence.
    EXPECT_FALSE(find("https://www.victim-corp.example.jp/news?site=victim-corp.example.jp"));
}

TEST(RecipientInUrl, DoesNotMatchSimilarButDifferentAddresses) {
    const std::vector<std::string> others{
        "taro.yamada@victim-corp.example.com",   // other domain
        "tar0.yamada@victim-c0rp.example.jp",    // digits for letters
        "taro.yamadb@other-corp.example.jp",     // one letter off, other domain
    };
    for (const auto& other : others) {
        EXPECT_FALSE(find("https://evil.example/login?email=" + other)) << other;
        EXPECT_FALSE(find("https://evil.example/a/" + mikiwame::base::encode_base64(other))) << other;
        EXPECT_FALSE(find("https://evil.example/a/x" + base64url("q" + other))) << other;
        EXPECT_FALSE(find("https://evil.example/r/" + mikiwame::base::to_hex(other))) << other;
    }
    EXPECT_FALSE(find("https://evil.example/login?email=someone@else.example"));
}

TEST(RecipientInUrl, IgnoresRecipientsWithoutAnAddress) {
    EXPECT_FALSE(find("https://evil.example/?a=b", {"", "@", "no-at-sign"}));
}

} // namespace

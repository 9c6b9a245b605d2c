// SPDX-License-Identifier: Apache-2.0
#include "findings/sender_cta.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "message/parser.h"

namespace mikiwame::findings {
namespace {

const urls::UrlCatalog& catalog() {
    static const urls::UrlCatalog c = [] {
        auto loaded = urls::UrlCatalog::load(std::filesystem::path(MIKIWAME_SOURCE_DIR) / "data");
        if (!loaded) ADD_FAILURE() << loaded.error().message;
        return loaded ? std::move(loaded).value() : urls::UrlCatalog{};
    }();
    return c;
}

headers::SenderIdentity sender(const std::string& address) {
    headers::SenderIdentity s;
    const auto at = address.find('@');
    const std::string domain = address.substr(at + 1);
    s.from = headers::IdentityAddress{address, "", domain, domain};
    return s;
}

std::optional<base::FindingHit> judge(const std::string& from, const std::string& html) {
    const std::string raw = "From: " + from + "\r\nContent-Type: text/html\r\n\r\n" + html + "\r\n";
    const message::Message msg = message::parse_message(raw, Limits{});
    const urls::UrlFacts links = urls::analyze_links(msg, {}, catalog(), Limits{});
    const headers::SenderIdentity who = sender(from);
    SenderCtaInputs in;
    in.sender = &who;
    in.urls = &links;
    in.url_catalog = &catalog();
    in.is_freemail = [](std::string_view d) { return d == "gmail.com" || d == "isp-mail.test"; };
    in.is_brand_host = [](std::string_view h) { return h == "www.youtube.com" || h == "youtube.com"; };
    return check_freemail_single_cta(in);
}

TEST(SenderCta, FreemailButtonToFreeHostFires) {
    auto hit = judge("billing.desk@gmail.com", "<a href=\"https://pay-now.weebly.com/x\">Pay invoice</a>");
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->id, "sender.freemail_single_cta");
    ASSERT_EQ(hit->evidence.size(), 2u);
    EXPECT_EQ(hit->evidence[0], "sender billing.desk@gmail.com uses the freemail provider gmail.com");
    EXPECT_NE(hit->evidence[1].find("a free-hosting site (weebly.com)"), std::string::npos) << hit->evidence[1];
}

TEST(SenderCta, ProviderMailboxDomainCountsAsFreemail) {
    EXPECT_TRUE(judge("user@isp-mail.test", "<a href=\"https://bit.ly/3abcDEF\">Open</a>"));
}

TEST(SenderCta, ButtonToUnrelatedDomainFiresButPastedAddressDoesNot) {
    auto button = judge("hr.team@gmail.com", "<a href=\"https://letters-portal.example/v\">Review letter</a>");
    ASSERT_TRUE(button);
    EXPECT_NE(button->evidence[1].find("the only link is the button \"Review letter\" to letters-portal.example"), std::string::npos);
    EXPECT_FALSE(judge("friend@gmail.com", "<p>my notes: https://letters-portal.example/v</p>"));
    EXPECT_FALSE(judge("friend@gmail.com", "<a href=\"https://letters-portal.example/v\">letters-portal.example/v</a>"));
}

TEST(SenderCta, WellKnownSiteStaysSilent) {
    EXPECT_FALSE(judge("friend@gmail.com", "<a href=\"https://www.youtube.com/watch?v=1\">Watch this</a>"));
}

TEST(SenderCta, SeveralTargetsOrACompanySenderStaySilent) {
    EXPECT_FALSE(judge("friend@gmail.com",
                       "<a href=\"https://a.weebly.com/\">One</a> <a href=\"https://other-site.example/\">Two</a>"));
    EXPECT_FALSE(judge("billing@example-shop.test", "<a href=\"https://pay-now.weebly.com/x\">Pay invoice</a>"));
    EXPECT_FALSE(judge("friend@gmail.com", "<p>no links here</p>"));
}

TEST(SenderCta, ThrowawayDomainSenderFires) {
    auto hit = judge("notice@mail-center-alerts.xyz", "<a href=\"https://bit.ly/3abcDEF\">Release messages</a>");
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->evidence[0], "sender notice@mail-center-alerts.xyz uses a domain under the abused TLD .xyz");
    EXPECT_NE(hit->evidence[1].find("a URL shortener"), std::string::npos);
}

} // namespace
} // namespace mikiwame::findings

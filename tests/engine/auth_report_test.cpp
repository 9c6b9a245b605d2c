// SPDX-License-Identifier: Apache-2.0
// The report says which authentication fields were read and which were ignored, and why (JSON
// auth.used / auth.ignored and the write-up's authentication section); a forged sender address
// of a brand's own domain leads the summary. Mails: tests/cases/auth/.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "mikiwame/engine.h"
#include "mikiwame/render.h"
#include "support/corpus.h"
#include "support/shipped_engine.h"

namespace mikiwame {
namespace {

namespace fs = std::filesystem;

const std::shared_ptr<const Engine>& engine() {
    return testing::shipped_engine();
}

Report analyze_case(const std::string& name) {
    auto report = engine()->analyze(testing::read_file(fs::path(MIKIWAME_SOURCE_DIR) / "tests/cases/auth" / name));
    EXPECT_TRUE(report) << name;
    return report ? std::move(report.value()) : Report{};
}

const AuthFieldInfo* at_index(const std::vector<AuthFieldInfo>& list, std::uint64_t index) {
    auto it = std::find_if(list.begin(), list.end(), [&](const AuthFieldInfo& f) { return f.header_index == index; });
    return it == list.end() ? nullptr : &*it;
}

TEST(AuthReport, AForgedFieldBelowTheSendersHopsIsListedAsIgnored) {
    Report report = analyze_case("forged-results-below-sender-hops.eml");
    ASSERT_TRUE(report.auth.spf);
    EXPECT_EQ(*report.auth.spf, AuthResult::SoftFail);
    EXPECT_EQ(report.auth.dmarc.value_or(AuthResult::Pass), AuthResult::Fail);

    // Headers: Return-Path 0, Delivered-To 1, the receiver's Authentication-Results 2, its
    // Received 3, the sender's Received 4, the forged Authentication-Results 5.
    const AuthFieldInfo* used = at_index(report.auth.used, 2);
    ASSERT_NE(used, nullptr);
    EXPECT_EQ(used->field, "Authentication-Results");
    EXPECT_EQ(used->reason, "above the receiving side's Received fields");
    ASSERT_EQ(report.auth.ignored.size(), 1u);
    const AuthFieldInfo& forged = report.auth.ignored.front();
    EXPECT_EQ(forged.field, "Authentication-Results");
    EXPECT_EQ(forged.authserv_id.value_or(""), "mx01.example-shop.jp");
    EXPECT_EQ(forged.header_index, 5u);
    EXPECT_EQ(forged.reason, "has the receiver's authserv-id but sits below the sender's own Received fields");

    // The JSON says the same.
    auto json = nlohmann::json::parse(engine()->renderer().render(report, ReportFormat::Json, "en"));
    ASSERT_EQ(json["auth"]["ignored"].size(), 1u);
    EXPECT_EQ(json["auth"]["ignored"][0]["field"], "Authentication-Results");
    EXPECT_EQ(json["auth"]["ignored"][0]["authserv_id"], "mx01.example-shop.jp");
    EXPECT_EQ(json["auth"]["ignored"][0]["header_index"], 5);
    EXPECT_EQ(json["auth"]["ignored"][0]["reason"], forged.reason);
    EXPECT_EQ(json["auth"]["used"][0]["header_index"], 2);

    // And the write-up, in both languages.
    const std::string en = engine()->renderer().render(report, ReportFormat::Text, "en");
    EXPECT_NE(en.find("ignored: Authentication-Results mx01.example-shop.jp (headers[5])"), std::string::npos) << en;
    EXPECT_NE(en.find("has the receiver's authserv-id but sits below the sender's own Received fields"), std::string::npos);
    const std::string ja = engine()->renderer().render(report, ReportFormat::Text, "ja");
    EXPECT_NE(ja.find("不採用: Authentication-Results mx01.example-shop.jp（ヘッダー番号 5）"), std::string::npos) << ja;
    EXPECT_NE(ja.find("送信者側の Received ヘッダーより下にあります"), std::string::npos) << ja;
}

TEST(AuthReport, GmailFieldsBelowItsReceivedAreListedAsUsed) {
    Report report = analyze_case("gmail-spf-fail-below-receiver.eml");
    EXPECT_EQ(report.auth.spf.value_or(AuthResult::Pass), AuthResult::Fail);
    ASSERT_EQ(report.auth.used.size(), 2u);
    EXPECT_EQ(report.auth.used[0].field, "Received-SPF");
    EXPECT_EQ(report.auth.used[0].authserv_id.value_or(""), "google.com");
    EXPECT_EQ(report.auth.used[1].field, "Authentication-Results");
    EXPECT_EQ(report.auth.used[1].authserv_id.value_or(""), "mx.google.com");
    EXPECT_EQ(report.auth.used[1].reason, "directly below the Received field of mx.google.com");
    EXPECT_TRUE(report.auth.ignored.empty());
}

TEST(AuthReport, AForgedOwnDomainLeadsTheSummary) {
    Report report = analyze_case("spoofed-own-domain-no-auth.eml");
    auto spoofed = std::find_if(report.findings.begin(), report.findings.end(),
                                [](const Finding& f) { return f.id == "sender.brand_domain_spoofed"; });
    ASSERT_NE(spoofed, report.findings.end());
    // The evidence names the origin.
    bool names_origin = std::any_of(spoofed->evidence.begin(), spoofed->evidence.end(), [](const std::string& e) {
        return e.find("sent from 104.250.145.186 (104-250-145-186.clients.gorillaservers.com") != std::string::npos;
    });
    EXPECT_TRUE(names_origin);
    EXPECT_EQ(spoofed->evidence.front(), "From uses KAGOYA JAPAN's domain kagoya.jp, but no receiver recorded SPF, DKIM or DMARC for it");

    // The summary says first that the address is forged, in both languages.
    EXPECT_EQ(report.summary.en.rfind("This mail is phishing. The sender's address support@kagoya.jp is forged: "
                                      "the mail was not sent by the owner of kagoya.jp.",
                                      0),
              0u)
        << report.summary.en;
    EXPECT_EQ(report.summary.ja.rfind("このメールはフィッシングと判定しました。差出人アドレス support@kagoya.jp は偽装されています。", 0), 0u)
        << report.summary.ja;
    // Never as reassurance: the brand's evidence does not call the From domain simply official.
    ASSERT_FALSE(report.brands.empty());
    for (const auto& line : report.brands.front().evidence) EXPECT_EQ(line.find("is an official domain"), std::string::npos) << line;
    EXPECT_NE(std::find(report.brands.front().evidence.begin(), report.brands.front().evidence.end(),
                        "From forges the official domain kagoya.jp"),
              report.brands.front().evidence.end());
    // The finding's own summary is not repeated among the reasons.
    EXPECT_EQ(report.summary.en.find("From uses a brand's own domain"), std::string::npos) << report.summary.en;
    const std::string ja = engine()->renderer().render(report, ReportFormat::Text, "ja");
    EXPECT_NE(ja.find("差出人は公式ドメイン kagoya.jp を詐称しています"), std::string::npos) << ja;
}

} // namespace
} // namespace mikiwame

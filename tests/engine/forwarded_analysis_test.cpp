// SPDX-License-Identifier: Apache-2.0
// A forwarded report through the whole engine: the forwarded message is the subject of the
// report, the forwarder stays apart (never sender, brand or receiving side; the envelope of the
// forward is not applied), the request's option turns it off, the reconstruction of an inline
// forward fires no finding of its own, and every write-up says so on its first line.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "mikiwame/engine.h"
#include "mikiwame/render.h"
#include "support/corpus.h"
#include "support/shipped_engine.h"

namespace mikiwame {
namespace {

namespace fs = std::filesystem;

std::string fixture(const char* name) {
    return testing::read_file(fs::path(MIKIWAME_SOURCE_DIR) / "tests/cases/forwarded" / name);
}

Report analyze(const std::string& raw, bool unwrap = true, std::optional<Envelope> envelope = std::nullopt) {
    AnalysisContext context;
    AnalyzeRequest request;
    request.raw = raw;
    request.unwrap_forwarded = unwrap;
    request.envelope = std::move(envelope);
    auto report = testing::shipped_engine()->analyze(request, context);
    EXPECT_TRUE(report);
    return report ? *report : Report{};
}

bool has_finding(const Report& r, std::string_view id) {
    return std::any_of(r.findings.begin(), r.findings.end(), [&](const Finding& f) { return f.id == id; });
}

TEST(ForwardedAnalysis, WithTheOptionOffTheForwardersMailIsAnalysed) {
    const std::string raw = fixture("attachment-rfc822.eml");
    Report unwrapped = analyze(raw);
    ASSERT_TRUE(unwrapped.forwarded);
    EXPECT_EQ(unwrapped.sender.from.address, "info@kagoya-notice.example.net");
    EXPECT_EQ(unwrapped.forwarded->forwarder.address, "tanaka@example-shop.jp");
    EXPECT_EQ(unwrapped.forwarded->forwarder.display_name, "田中 太郎");
    ASSERT_TRUE(unwrapped.forwarded->forwarder.date);
    EXPECT_EQ(*unwrapped.forwarded->forwarder.date, "Tue, 12 Nov 2024 11:05:10 +0900");
    EXPECT_NE(unwrapped.message.sha256, "") << "the forwarded message's own bytes";

    Report kept = analyze(raw, false);
    EXPECT_FALSE(kept.forwarded);
    EXPECT_EQ(kept.sender.from.address, "tanaka@example-shop.jp");
    EXPECT_EQ(kept.message.subject, unwrapped.forwarded->forwarder.subject);
    EXPECT_NE(kept.message.sha256, unwrapped.message.sha256);
}

TEST(ForwardedAnalysis, TheForwardsEnvelopeIsNotTheForwardedMessagesOrigin) {
    // The abuse desk's milter-style envelope: the customer's server handed the forward over (a
    // public address, as only a public client is taken as the origin).
    Envelope envelope;
    envelope.client_ip = "104.250.145.186";
    envelope.client_name = "mail.example-shop.jp";
    envelope.helo = "mail.example-shop.jp";
    envelope.mail_from = "tanaka@example-shop.jp";
    envelope.rcpt_to = {"abuse@example-hosting.jp"};
    envelope.receiving_host = "mx.example-hosting.jp";
    const std::string raw = fixture("attachment-rfc822.eml");
    Report kept = analyze(raw, false, envelope);
    ASSERT_TRUE(kept.origin);
    EXPECT_EQ(kept.origin->ip, "104.250.145.186") << "the forward itself came from the customer's server";
    // The forwarded message's own Received chain decides (its hops are documentation addresses,
    // so no origin is found), never the forward's client.
    Report unwrapped = analyze(raw, true, envelope);
    EXPECT_FALSE(unwrapped.origin) << unwrapped.origin->ip;
    EXPECT_FALSE(unwrapped.received.empty()) << "the attached message kept its route";
    EXPECT_TRUE(unwrapped.auth.spf && *unwrapped.auth.spf == AuthResult::SoftFail) << "its receiver's results are read";
}

TEST(ForwardedAnalysis, TheForwardersDomainIsNeitherSenderNorBrand) {
    // A Microsoft employee forwards a Microsoft 365 lure from an official Microsoft address.
    std::string raw = fixture("inline-gmail-en.eml");
    const std::string forwarder = "j.smith@example-corp.com>\nDate:";
    const std::size_t at = raw.find("From: John Smith <" + forwarder);
    ASSERT_NE(at, std::string::npos);
    raw.replace(raw.find(forwarder, at), forwarder.size(), "j.smith@microsoft.com>\nDate:");
    Report r = analyze(raw);
    ASSERT_TRUE(r.forwarded);
    EXPECT_EQ(r.forwarded->forwarder.address, "j.smith@microsoft.com");
    EXPECT_EQ(r.sender.from.registrable_domain, "example.net");
    ASSERT_FALSE(r.brands.empty());
    EXPECT_EQ(r.brands.front().id, "microsoft");
    EXPECT_FALSE(r.brands.front().is_genuine) << "the forwarder's official address makes nothing genuine";
    EXPECT_EQ(r.verdict, Verdict::Phishing);
    for (const auto& f : r.findings)
        for (const auto& e : f.evidence) EXPECT_EQ(e.find("microsoft.com"), std::string::npos) << f.id << ": " << e;
}

TEST(ForwardedAnalysis, AnInlineReconstructionFiresNoFindingOfItsOwn) {
    for (const char* name : {"inline-gmail-ja.eml", "inline-outlook-ja.eml", "inline-gmail-en.eml", "inline-outlook-en.eml"}) {
        Report r = analyze(fixture(name));
        ASSERT_TRUE(r.forwarded) << name;
        EXPECT_EQ(r.forwarded->kind, "inline") << name;
        // No route, no authentication field, no Message-ID: unknown, not suspicious.
        for (const auto& f : r.findings) {
            EXPECT_FALSE(f.id.starts_with("message.")) << name << ": " << f.id;
            EXPECT_FALSE(f.id.starts_with("received.")) << name << ": " << f.id;
            EXPECT_FALSE(f.id.starts_with("auth.")) << name << ": " << f.id;
            EXPECT_NE(f.id, "sender.message_id_divergent") << name;
        }
        EXPECT_FALSE(r.origin) << name;
        EXPECT_TRUE(r.received.empty()) << name;
        const auto& recovered = r.forwarded->recovered_headers;
        for (const char* field : {"from", "date", "subject", "to"})
            EXPECT_NE(std::find(recovered.begin(), recovered.end(), field), recovered.end()) << name << ": " << field;
        EXPECT_TRUE(std::any_of(r.notes.begin(), r.notes.end(), [](const std::string& n) { return n.starts_with("inline forward:"); }))
            << name;
    }
    EXPECT_FALSE(has_finding(analyze(fixture("attachment-rfc822.eml")), "message.parse_anomaly"));
}

TEST(ForwardedAnalysis, EveryWriteUpOpensWithWhatWasAnalysed) {
    const Report r = analyze(fixture("inline-outlook-ja.eml"));
    ASSERT_TRUE(r.forwarded);
    const Renderer& renderer = testing::shipped_engine()->renderer();
    const std::string ja_line = "転送された報告: このレポートは、ichiro.sato@example-corp.co.jp が本文に貼り付けて転送したメッセージ";
    const std::string en_line = "Forwarded report: this is the analysis of the message that ichiro.sato@example-corp.co.jp forwarded in the body";
    for (Audience audience : {Audience::Analyst, Audience::User}) {
        const std::string ja = renderer.render(r, ReportFormat::Text, "ja", audience);
        EXPECT_EQ(ja.find(ja_line), ja.find('\n') + 1) << ja;
        const std::string en = renderer.render(r, ReportFormat::Text, "en", audience);
        EXPECT_EQ(en.find(en_line), en.find('\n') + 1) << en;
        const std::string md = renderer.render(r, ReportFormat::Markdown, "en", audience);
        EXPECT_NE(md.find(en_line), std::string::npos) << md;
        EXPECT_LT(md.find(en_line), md.find("\n## ")) << "before the first section";
        const std::string html = renderer.render(r, ReportFormat::Html, "ja", audience);
        EXPECT_NE(html.find("<p class=\"forwarded\"><strong>" + ja_line), std::string::npos) << html;
    }
    const std::string json = renderer.render(r, ReportFormat::Json);
    EXPECT_NE(json.find("\"forwarded\": {"), std::string::npos);
    EXPECT_NE(json.find("\"style\": \"outlook\""), std::string::npos);
    // A mail that is not a forward has no such line.
    const Report plain = analyze(fixture("reply-quote-en.eml"));
    EXPECT_EQ(renderer.render(plain, ReportFormat::Text, "en").find("Forwarded report"), std::string::npos);
    EXPECT_NE(renderer.render(plain, ReportFormat::Json).find("\"forwarded\": null"), std::string::npos);
}

TEST(ForwardedAnalysis, AForwardOfAForwardSaysHowDeep) {
    // The customer's forward, attached again by a colleague who forwarded it to the desk.
    const std::string inner = fixture("attachment-rfc822.eml");
    const std::string raw = "From: Desk Colleague <colleague@example-shop.jp>\nTo: abuse@example-hosting.jp\nSubject: Fwd: Fwd: report\n"
                            "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"outer\"\n\n--outer\n"
                            "Content-Type: text/plain; charset=utf-8\n\nSee the attached report.\n--outer\nContent-Type: message/rfc822\n\n" +
                            inner + "\n--outer--\n";
    Report r = analyze(raw);
    ASSERT_TRUE(r.forwarded);
    EXPECT_EQ(r.forwarded->depth, 2u);
    EXPECT_EQ(r.forwarded->forwarder.address, "colleague@example-shop.jp") << "who sent it to the desk";
    EXPECT_EQ(r.sender.from.address, "info@kagoya-notice.example.net");
    const std::string en = testing::shipped_engine()->renderer().render(r, ReportFormat::Text, "en");
    EXPECT_NE(en.find("It was forwarded 2 times; the innermost message is analysed."), std::string::npos) << en;
}

} // namespace
} // namespace mikiwame

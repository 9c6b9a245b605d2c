// SPDX-License-Identifier: Apache-2.0
// The engine's request and context seams: the envelope is the first trusted hop, the time
// budget ends an analysis cleanly, and contexts give the same reports as a fresh analysis.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

#include "mikiwame/engine.h"
#include "mikiwame/render.h"
#include "support/shipped_engine.h"

namespace mikiwame {
namespace {

std::string text_of(const std::optional<mikiwame::AuthResult>& r) {
    return r ? mikiwame::to_string(*r) : "";
}


const std::shared_ptr<const Engine>& engine() {
    return testing::shipped_engine();
}

// A mail that came through mx.example.jp from 45.33.100.20 (both in its own Received field).
const std::string kMail =
    "Received: from relay.sender.example (relay.sender.example [45.33.100.20]) by mx.example.jp (Postfix) with ESMTP id A1;"
    " Mon, 1 Jan 2024 00:00:01 +0900\r\n"
    "From: Support <support@sender.example>\r\nTo: someone@example.jp\r\nSubject: hello\r\n"
    "Date: Mon, 1 Jan 2024 00:00:00 +0900\r\nMessage-ID: <1@sender.example>\r\n\r\n"
    "Please see https://files.example.net/d/aGFuYWtvQG90aGVyLWNvcnAuanA= for the documents.\r\n";

Report analyze(const AnalyzeRequest& request) {
    AnalysisContext context;
    auto report = engine()->analyze(request, context);
    EXPECT_TRUE(report) << report.error().message;
    return report ? std::move(report.value()) : Report{};
}

TEST(Envelope, ThePublicClientOfTheEnvelopeIsTheOrigin) {
    AnalyzeRequest without;
    without.raw = kMail;
    Report plain = analyze(without);
    ASSERT_TRUE(plain.origin);
    EXPECT_EQ(plain.origin->ip, "45.33.100.20");

    AnalyzeRequest with = without;
    Envelope envelope;
    envelope.client_ip = "104.250.145.186";
    envelope.client_name = "104-250-145-186.clients.gorillaservers.com";
    envelope.helo = "mail.sender.example";
    envelope.mail_from = "bounce@sender.example";
    envelope.rcpt_to = {"hanako@other-corp.jp"};
    envelope.receiving_host = "mx.example.jp";
    with.envelope = envelope;
    Report enveloped = analyze(with);
    ASSERT_TRUE(enveloped.origin);
    EXPECT_EQ(enveloped.origin->ip, "104.250.145.186") << "the client we saw beats what the headers claim";
    EXPECT_EQ(enveloped.origin->rdns.value_or(""), "104-250-145-186.clients.gorillaservers.com");
    EXPECT_EQ(enveloped.origin->helo.value_or(""), "mail.sender.example");
    // The received chain itself is still reported as written.
    ASSERT_EQ(enveloped.received.size(), 1u);
    EXPECT_EQ(enveloped.received[0].from_ip.value_or(""), "45.33.100.20");
    // RCPT TO is a recipient: the link carries hanako@other-corp.jp in base64.
    auto has = [](const Report& r, std::string_view id) {
        return std::any_of(r.findings.begin(), r.findings.end(), [&](const Finding& f) { return f.id == id; });
    };
    EXPECT_FALSE(has(plain, "url.recipient_embedded"));
    EXPECT_TRUE(has(enveloped, "url.recipient_embedded"));
}

TEST(Envelope, AnInternalClientLeavesTheChainToBeRead) {
    AnalyzeRequest request;
    request.raw = kMail;
    Envelope envelope;
    envelope.client_ip = "127.0.0.1"; // a local relay or submission: the headers are ours
    request.envelope = envelope;
    Report report = analyze(request);
    ASSERT_TRUE(report.origin);
    EXPECT_EQ(report.origin->ip, "45.33.100.20");
}

TEST(Envelope, AuthenticationResultsInTheMailAreNotTrustedAtTheReceiver) {
    const std::string forged = "Authentication-Results: mx.example.jp; spf=pass smtp.mailfrom=bank.example; dmarc=pass\r\n" + kMail;
    AnalyzeRequest request;
    request.raw = forged;
    Report header_read = analyze(request);
    EXPECT_EQ(text_of(header_read.auth.spf), "pass") << "above the receiver's own hop it is the receiver's";
    Envelope envelope;
    envelope.client_ip = "104.250.145.186";
    envelope.receiving_host = "mx.example.jp";
    request.envelope = envelope;
    Report at_receiver = analyze(request);
    EXPECT_FALSE(at_receiver.auth.spf) << "the sender wrote that field: nobody had checked the mail yet";
}

// Many parts, each with many links: slow enough that a 1 ms budget runs out.
std::string slow_mail() {
    std::string mail = "From: a@sender.example\r\nTo: b@example.jp\r\nSubject: many\r\nMIME-Version: 1.0\r\n"
                       "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n";
    for (int part = 0; part < 80; ++part) {
        mail += "--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body>";
        for (int link = 0; link < 25; ++link)
            mail += "<p><a href=\"https://host" + std::to_string(part) + "-" + std::to_string(link) +
                    ".example.com/login?u=" + std::to_string(link) + "\">www.example.jp</a> text text</p>";
        mail += "</body></html>\r\n";
    }
    return mail + "--b--\r\n";
}

TEST(Deadline, ASpentBudgetEndsTheAnalysisWithTheFactsSoFar) {
    const std::string mail = slow_mail();
    AnalyzeRequest request;
    request.raw = mail;
    request.time_budget = std::chrono::milliseconds(1);
    AnalysisContext context;
    const Engine& loaded = *engine(); // loaded before the clock starts
    const auto started = std::chrono::steady_clock::now();
    auto report = loaded.analyze(request, context);
    const auto elapsed = std::chrono::steady_clock::now() - started;
    ASSERT_TRUE(report);
    auto it = std::find_if(report->findings.begin(), report->findings.end(),
                           [](const Finding& f) { return f.id == "message.limit_exceeded"; });
    ASSERT_NE(it, report->findings.end());
    const bool names_budget = std::any_of(it->evidence.begin(), it->evidence.end(), [](const std::string& e) {
        return e.find("max_analysis_ms=1:") != std::string::npos && e.find("before the") != std::string::npos;
    });
    EXPECT_TRUE(names_budget) << it->evidence.front();
    EXPECT_EQ(report->message.size, mail.size()) << "the message facts are there";
    EXPECT_LT(elapsed, std::chrono::seconds(1));
    std::printf("deadline: a 1 ms budget ended the analysis after %.1f ms (wall)\n",
                std::chrono::duration<double, std::milli>(elapsed).count());
    // With the default budget the same mail is analysed to the end.
    AnalyzeRequest unhurried;
    unhurried.raw = mail;
    auto full = engine()->analyze(unhurried, context);
    ASSERT_TRUE(full);
    EXPECT_FALSE(full->urls.empty());
    for (const auto& f : full->findings)
        for (const auto& e : f.evidence) EXPECT_EQ(e.find("max_analysis_ms"), std::string::npos) << e;
}

TEST(Context, AReusedContextGivesTheReportOfAFreshAnalysis) {
    const Renderer& renderer = engine()->renderer();
    AnalysisContext context;
    for (const std::string& mail : {kMail, slow_mail(), std::string("not a mail at all"), kMail}) {
        AnalyzeRequest request;
        request.raw = mail;
        request.time_budget = std::chrono::hours(1);
        auto reused = engine()->analyze(request, context);
        auto fresh = engine()->analyze(mail);
        ASSERT_TRUE(reused && fresh);
        EXPECT_EQ(renderer.render(*reused, ReportFormat::Json), renderer.render(*fresh, ReportFormat::Json));
    }
    EXPECT_EQ(context.analyses(), 4u);
}

TEST(Context, RebindsToAnotherEngine) {
    auto other = Engine::load({});
    ASSERT_TRUE(other);
    AnalysisContext context;
    AnalyzeRequest request;
    request.raw = kMail;
    auto first = engine()->analyze(request, context);
    auto second = (*other)->analyze(request, context);
    ASSERT_TRUE(first && second);
    EXPECT_EQ(engine()->renderer().render(*first, ReportFormat::Json), (*other)->renderer().render(*second, ReportFormat::Json));
}

TEST(Options, AMalformedTrustedNetworkIsALoadError) {
    EngineOptions options;
    options.trusted_networks = {"192.0.2.0/24", "192.0.2.0/33"};
    auto engine = Engine::load(options);
    ASSERT_FALSE(engine);
    EXPECT_EQ(engine.error().code, ErrorCode::Config);
    EXPECT_NE(engine.error().message.find("192.0.2.0/33"), std::string::npos);
}

TEST(Options, ThresholdsOverrideTheScoringData) {
    EngineOptions options;
    options.phishing_threshold = 1000;
    options.spam_threshold = 1000;
    options.suspicious_threshold = 1000;
    auto strict = Engine::load(options);
    ASSERT_TRUE(strict);
    const std::string demo = std::string(MIKIWAME_SOURCE_DIR) + "/tests/fixtures/messages/demo-kagoya-phish.eml";
    std::string raw;
    {
        FILE* f = std::fopen(demo.c_str(), "rb");
        ASSERT_TRUE(f);
        char buffer[4096];
        std::size_t n = 0;
        while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) raw.append(buffer, n);
        std::fclose(f);
    }
    auto normal = engine()->analyze(raw);
    auto relaxed = (*strict)->analyze(raw);
    ASSERT_TRUE(normal && relaxed);
    EXPECT_EQ(normal->verdict, Verdict::Phishing);
    EXPECT_EQ(relaxed->verdict, Verdict::Clean);
    EXPECT_EQ(normal->score, relaxed->score);
    EXPECT_FALSE(normal->top_reasons.empty());
    EXPECT_LE(normal->top_reasons.size(), 3u);
    // The summary is data on the report, and the write-up opens with it.
    ASSERT_FALSE(normal->brands.empty());
    ASSERT_FALSE(normal->brands.front().name_ja.empty());
    EXPECT_NE(normal->summary.ja.find(normal->brands.front().name_ja), std::string::npos) << normal->summary.ja;
    EXPECT_NE(normal->summary.en.find(normal->brands.front().name), std::string::npos) << normal->summary.en;
    EXPECT_NE(normal->summary.en.find("phishing"), std::string::npos) << normal->summary.en;
    EXPECT_NE(engine()->renderer().render(*normal, ReportFormat::Text, "en").find(normal->summary.en), std::string::npos);
}

} // namespace
} // namespace mikiwame

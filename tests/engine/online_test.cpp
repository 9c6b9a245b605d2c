// SPDX-License-Identifier: Apache-2.0
// The engine with AnalyzeRequest::online against the project's zones on a private unbound
// (tests/fixtures/auth/zones.conf, scripts/dns-test.sh): verified SPF/DKIM/DMARC replace what
// the headers said, disagreements and blocklist listings are findings, FCrDNS marks the rDNS,
// and every lookup is in the report. Offline, nothing of this appears.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "auth/dkim.h"
#include "auth/local_dns.h"
#include "base/base64.h"
#include "mikiwame/engine.h"
#include "mikiwame/render.h"

namespace mikiwame {
namespace {

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

const std::string kFixtures = std::string(MIKIWAME_SOURCE_DIR) + "/tests/fixtures/auth/";

// Signs `raw` with the fixture's ed25519 key as d=sender.example s=sel (relaxed/relaxed).
std::string sign(const std::string& raw) {
    const std::string pem = read(kFixtures + "dkim-ed25519.pem");
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    EXPECT_NE(key, nullptr);
    if (!key) return raw;
    auth::SplitMessage msg = auth::split_message(raw);
    const std::string body = auth::canonical_body(msg.body, true);
    unsigned char md[32];
    unsigned int len = 0;
    EVP_Digest(body.data(), body.size(), md, &len, EVP_sha256(), nullptr);
    const std::string field = "DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=sender.example; s=sel; h=from:to:subject:date; bh=" +
                              base::encode_base64(std::string(reinterpret_cast<char*>(md), len)) + "; b=";
    const std::string data = auth::signed_header_data(msg, {"from", "to", "subject", "date"}, field + "\r\n", true);
    EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, key);
    std::size_t siglen = 64;
    std::string sig(64, '\0');
    EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &siglen, md, len);
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(key);
    return field + base::encode_base64(sig.substr(0, siglen)) + "\r\n" + raw;
}

const std::string kGenuine =
    "From: Sender News <news@sender.example>\r\nTo: someone@example.jp\r\nSubject: Monthly news\r\n"
    "Date: Mon, 1 Jan 2024 00:00:00 +0900\r\nMessage-ID: <1@sender.example>\r\n\r\n"
    "This month: https://www.sender.example/news\r\n";

// Came from 93.184.216.66, which claims mail.sender.example; the receiver (mx.receiver.example)
// wrote pass for everything, which the DNS does not bear out.
const std::string kForged =
    "Authentication-Results: mx.receiver.example; spf=pass smtp.mailfrom=sender.example; dkim=pass header.d=sender.example; dmarc=pass\r\n"
    "Received: from mail.sender.example (mail.sender.example [93.184.216.66]) by mx.receiver.example (Postfix) with ESMTP id B2;"
    " Mon, 1 Jan 2024 00:00:01 +0900\r\n"
    "Return-Path: <alert@sender.example>\r\n"
    "From: Sender Security <alert@sender.example>\r\nTo: someone@example.jp\r\nSubject: Verify your account\r\n"
    "Date: Mon, 1 Jan 2024 00:00:00 +0900\r\nMessage-ID: <2@sender.example>\r\n\r\n"
    "Log in at http://phish-link.example/login now.\r\n";

class Online : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        // The ARC fixtures' forwarders (scripts/make-arc-fixtures.py) beside the project's zones.
        dns_ = test::LocalDns::start(read(kFixtures + "zones.conf") + read(kFixtures + "arc/zones.conf"), &why_).release();
        if (!dns_) return;
        EngineOptions options;
        options.online.resolver = dns_->resolver();
        options.online.dnssec = false;
        options.online.timeout_ms = 500;
        options.online.fcrdns = true;
        options.online.dnsbl = {"bl.example"};
        options.online.uribl = {"uribl.example"};
        auto loaded = Engine::load(options);
        ASSERT_TRUE(loaded) << loaded.error().message;
        engine_ = new std::shared_ptr<const Engine>(std::move(loaded.value()));
    }
    static void TearDownTestSuite() {
        delete engine_;
        delete dns_;
    }
    void SetUp() override {
        if (!dns_) GTEST_SKIP() << "local unbound did not start: " << why_;
    }
    static Report analyze(const AnalyzeRequest& request) {
        AnalysisContext context;
        auto report = (*engine_)->analyze(request, context);
        EXPECT_TRUE(report) << report.error().message;
        return report ? std::move(report.value()) : Report{};
    }
    static bool has(const Report& r, std::string_view id) {
        return std::any_of(r.findings.begin(), r.findings.end(), [&](const Finding& f) { return f.id == id; });
    }
    static const Finding* find(const Report& r, std::string_view id) {
        for (const auto& f : r.findings)
            if (f.id == id) return &f;
        return nullptr;
    }
    static inline test::LocalDns* dns_ = nullptr;
    static inline std::shared_ptr<const Engine>* engine_ = nullptr;
    static inline std::string why_;
};

TEST_F(Online, GenuineMailFromTheEnvelopeVerifies) {
    const std::string raw = sign(kGenuine);
    AnalyzeRequest request;
    request.raw = raw;
    request.online = true;
    Envelope envelope;
    envelope.client_ip = "93.184.216.34";
    envelope.helo = "mail.sender.example";
    envelope.mail_from = "bounce@bounce.sender.example";
    envelope.receiving_host = "mx.receiver.example";
    request.envelope = envelope;
    Report r = analyze(request);
    EXPECT_EQ(r.auth.source, "verified");
    ASSERT_TRUE(r.auth.spf && r.auth.dkim && r.auth.dmarc);
    EXPECT_EQ(*r.auth.spf, AuthResult::Pass);
    EXPECT_EQ(*r.auth.dkim, AuthResult::Pass);
    EXPECT_EQ(*r.auth.dmarc, AuthResult::Pass);
    ASSERT_TRUE(r.origin);
    EXPECT_EQ(r.origin->rdns_status, "verified");
    EXPECT_EQ(r.origin->rdns, "mail.sender.example");
    EXPECT_FALSE(has(r, "auth.result_disagreement"));
    EXPECT_FALSE(has(r, "received.dnsbl_listed"));
    // Every lookup is recorded: the SPF record, the DKIM key, the DMARC record, PTR and back.
    auto looked_up = [&](std::string type, std::string name) {
        return std::any_of(r.auth.lookups.begin(), r.auth.lookups.end(), [&](const DnsLookupInfo& l) { return l.type == type && l.name == name; });
    };
    EXPECT_TRUE(looked_up("TXT", "bounce.sender.example"));
    EXPECT_TRUE(looked_up("TXT", "sel._domainkey.sender.example"));
    EXPECT_TRUE(looked_up("TXT", "_dmarc.sender.example"));
    EXPECT_TRUE(looked_up("PTR", "34.216.184.93.in-addr.arpa"));
    EXPECT_TRUE(looked_up("A", "34.216.184.93.bl.example"));
    const std::string json = (*engine_)->renderer().render(r, ReportFormat::Json, "en", Audience::Analyst);
    EXPECT_NE(json.find("\"lookups\""), std::string::npos);
    EXPECT_NE(json.find("\"rdns_status\": \"verified\""), std::string::npos) << json.substr(0, 400);
}

TEST_F(Online, ForgedMailDisagreesWithTheReceiverAndIsListed) {
    AnalyzeRequest request;
    request.raw = kForged;
    request.online = true;
    Report r = analyze(request);
    EXPECT_EQ(r.auth.source, "verified");
    EXPECT_EQ(r.auth.header_spf, AuthResult::Pass);
    EXPECT_EQ(r.auth.spf, AuthResult::Fail);
    EXPECT_EQ(r.auth.dkim, AuthResult::None);
    EXPECT_EQ(r.auth.dmarc, AuthResult::Fail);
    const Finding* d = find(r, "auth.result_disagreement");
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->evidence.front(), "SPF: the receiver's field says pass, verified fail");
    EXPECT_TRUE(has(r, "auth.spf_fail"));
    EXPECT_TRUE(has(r, "auth.dmarc_fail"));
    ASSERT_TRUE(r.origin);
    EXPECT_EQ(r.origin->ip, "93.184.216.66");
    EXPECT_EQ(r.origin->rdns_status, "claimed");
    const Finding* bl = find(r, "received.dnsbl_listed");
    ASSERT_NE(bl, nullptr);
    EXPECT_EQ(bl->evidence.front(), "93.184.216.66 is listed in bl.example (127.0.0.2: listed: seen sending phishing (test))");
    const Finding* uri = find(r, "url.uribl_listed");
    ASSERT_NE(uri, nullptr);
    EXPECT_EQ(uri->evidence.front(), "phish-link.example is listed in uribl.example (127.0.0.2)");
}

TEST_F(Online, OfflineTheSameMailIsReadFromItsHeadersOnly) {
    AnalyzeRequest request;
    request.raw = kForged;
    Report r = analyze(request);
    EXPECT_EQ(r.auth.source, "header");
    EXPECT_EQ(r.auth.spf, AuthResult::Pass);
    EXPECT_TRUE(r.auth.lookups.empty());
    EXPECT_FALSE(has(r, "received.dnsbl_listed"));
    EXPECT_FALSE(has(r, "url.uribl_listed"));
    ASSERT_TRUE(r.origin);
    EXPECT_FALSE(r.origin->rdns_status);
    const std::string json = (*engine_)->renderer().render(r, ReportFormat::Json, "en", Audience::Analyst);
    EXPECT_EQ(json.find("\"lookups\""), std::string::npos);
}

// The final receiver wrote arc=pass above its Received field; the chain of the two forwarders
// below (tests/fixtures/auth/arc/) is verified, and both are shown in the auth checks.
TEST_F(Online, ArcChainIsVerifiedBesideTheReceiversClaim) {
    const std::string receiver =
        "Authentication-Results: mx.receiver.example; arc=pass (i=2); spf=pass smtp.mailfrom=fwd2.example\r\n"
        "Received: from mail.fwd2.example (mail.fwd2.example [93.184.216.90]) by mx.receiver.example (Postfix) with ESMTP id C3;"
        " Mon, 1 Jan 2024 00:00:02 +0000\r\n";
    auto arc_check = [](const Report& r) -> const AuthCheckInfo* {
        for (const auto& c : r.auth.checks)
            if (c.method == "arc") return &c;
        return nullptr;
    };
    AnalyzeRequest request;
    const std::string sealed = receiver + read(kFixtures + "arc/arc-2.eml");
    request.raw = sealed;
    request.online = true;
    Report r = analyze(request);
    const AuthCheckInfo* arc = arc_check(r);
    ASSERT_NE(arc, nullptr);
    EXPECT_EQ(arc->result, AuthResult::Pass);
    EXPECT_EQ(arc->identity, "fwd2.example");
    EXPECT_EQ(arc->detail, "2 ARC set(s): 2 ARC sets verify; the receiver's fields say arc=pass");
    const std::string text = (*engine_)->renderer().render(r, ReportFormat::Text, "en", Audience::Analyst);
    EXPECT_NE(text.find("verified arc=pass fwd2.example"), std::string::npos);

    // The body changed after the last seal: the receiver's pass is not borne out.
    const std::string tampered = receiver + read(kFixtures + "arc/arc-tampered-body.eml");
    request.raw = tampered;
    r = analyze(request);
    arc = arc_check(r);
    ASSERT_NE(arc, nullptr);
    EXPECT_EQ(arc->result, AuthResult::Fail);
    EXPECT_EQ(arc->detail,
              "2 ARC set(s): the newest ARC-Message-Signature (i=2, d=fwd2.example) does not verify: body hash does not match (bh=); "
              "the receiver's fields say arc=pass");

    // Offline nothing is verified, and a mail without ARC gets no arc check online.
    request.raw = sealed;
    request.online = false;
    EXPECT_EQ(arc_check(analyze(request)), nullptr);
    request.raw = kForged;
    request.online = true;
    EXPECT_EQ(arc_check(analyze(request)), nullptr);
}

// pct=0: the message is outside the sample, so the next lower policy applies; the draw is the
// Message-ID's, so the report says the same on every run.
TEST_F(Online, DmarcPctSamplingIsShownAndReproducible) {
    AnalyzeRequest request;
    request.raw = "Received: from x.pct0.example (x.pct0.example [93.184.216.66]) by mx.receiver.example (Postfix) with ESMTP id D4;"
                  " Mon, 1 Jan 2024 00:00:01 +0900\r\nReturn-Path: <a@pct0.example>\r\nFrom: a@pct0.example\r\n"
                  "Message-ID: <7@pct0.example>\r\nSubject: x\r\n\r\nbody\r\n";
    request.online = true;
    auto dmarc_detail = [&] {
        Report r = analyze(request);
        for (const auto& c : r.auth.checks)
            if (c.method == "dmarc") return c.detail;
        return std::string();
    };
    const std::string detail = dmarc_detail();
    EXPECT_NE(detail.find("policy reject (pct=0, record at _dmarc.pct0.example; not sampled (bucket "), std::string::npos) << detail;
    EXPECT_NE(detail.find("): quarantine applies)"), std::string::npos) << detail;
    EXPECT_EQ(dmarc_detail(), detail);
}

TEST_F(Online, ASpentBudgetSendsNothingMore) {
    EngineOptions options;
    options.online.resolver = dns_->resolver();
    options.online.dnssec = false;
    options.online.timeout_ms = 500;
    options.online.budget_ms = 1; // spent by the first lookups
    auto loaded = Engine::load(options);
    ASSERT_TRUE(loaded);
    AnalyzeRequest request;
    request.raw = "From: a@tempfail.example\r\nReturn-Path: <a@tempfail.example>\r\n"
                  "Received: from x (x [93.184.216.66]) by mx.receiver.example; Mon, 1 Jan 2024 00:00:01 +0900\r\n"
                  "DKIM-Signature: v=1; a=rsa-sha256; d=tempfail.example; s=s; h=from; bh=AAAA; b=AAAA\r\n\r\nx\r\n";
    request.online = true;
    AnalysisContext context;
    auto r = (*loaded)->analyze(request, context);
    ASSERT_TRUE(r);
    ASSERT_FALSE(r->auth.lookups.empty());
    EXPECT_EQ(r->auth.lookups.back().status, "not sent (DNS budget spent)");
    EXPECT_TRUE(std::any_of(r->notes.begin(), r->notes.end(), [](const std::string& n) { return n.find("online.budget_ms=1") != std::string::npos; }));
}

} // namespace
} // namespace mikiwame

namespace mikiwame {
namespace {

// The closing note's figures (docs/authentication.md), not a pass/fail test: run with
// --gtest_also_run_disabled_tests --gtest_filter='*Timing*'. Added time per message of the
// online checks against the local server, with a cold cache (a new context, hence a new
// resolver, per message) and a warm one (one context for all).
TEST_F(Online, DISABLED_TimingFigures) {
    const std::string raw = sign(kGenuine);
    Envelope envelope;
    envelope.client_ip = "93.184.216.34";
    envelope.helo = "mail.sender.example";
    envelope.mail_from = "bounce@bounce.sender.example";
    constexpr int n = 200;
    auto run = [&](bool online, bool fresh_context) {
        AnalysisContext shared;
        AnalyzeRequest request;
        request.raw = raw;
        request.envelope = envelope;
        request.online = online;
        (void)(*engine_)->analyze(request, shared); // warms the shared context and its cache
        std::vector<double> ms;
        for (int i = 0; i < n; ++i) {
            AnalysisContext fresh;
            const auto t0 = std::chrono::steady_clock::now();
            auto r = (*engine_)->analyze(request, fresh_context ? fresh : shared);
            ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
            EXPECT_TRUE(r);
        }
        std::sort(ms.begin(), ms.end());
        return std::pair{ms[n / 2], ms[n * 99 / 100]};
    };
    const auto off_fresh = run(false, true), off_warm = run(false, false);
    const auto on_cold = run(true, true), on_warm = run(true, false);
    std::printf("offline, new context: median %.2f ms, p99 %.2f ms\n", off_fresh.first, off_fresh.second);
    std::printf("offline, one context: median %.2f ms, p99 %.2f ms\n", off_warm.first, off_warm.second);
    std::printf("online, cold cache (new context): median %.2f ms, p99 %.2f ms (added %.2f ms)\n", on_cold.first, on_cold.second,
                on_cold.first - off_fresh.first);
    std::printf("online, warm cache (one context): median %.2f ms, p99 %.2f ms (added %.2f ms)\n", on_warm.first, on_warm.second,
                on_warm.first - off_warm.first);
}

} // namespace
} // namespace mikiwame

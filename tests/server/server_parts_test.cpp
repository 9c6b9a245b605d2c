// SPDX-License-Identifier: Apache-2.0
// The server's parts without a socket: who may call (Host, CSRF, token), the rate limiter,
// what an upload holds, the history and the report codec.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "mikiwame/engine.h"
#include "mikiwame/preview.h"
#include "mikiwame/render.h"
#include "rate_limiter.h"
#include "report_codec.h"
#include "report_store.h"
#include "request_guard.h"
#include "upload.h"

namespace mikiwame::server {
namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

const std::string kDemo = std::string(MIKIWAME_SOURCE_DIR) + "/tests/fixtures/messages/demo-kagoya-phish.eml";
const std::string kEnglish = std::string(MIKIWAME_SOURCE_DIR) + "/tests/web/fixtures/en-microsoft-phish.eml";

TEST(RequestGuard, AnswersOnlyToItsOwnNames) {
    RequestGuard guard("127.0.0.1", {"mail-check.example.org"}, "");
    EXPECT_TRUE(guard.host_allowed("127.0.0.1:8080"));
    EXPECT_TRUE(guard.host_allowed("localhost:8080"));
    EXPECT_TRUE(guard.host_allowed("[::1]:8080"));
    EXPECT_TRUE(guard.host_allowed("Mail-Check.Example.org"));
    EXPECT_FALSE(guard.host_allowed("attacker.example:8080")); // DNS rebinding
    EXPECT_FALSE(guard.host_allowed(""));
    EXPECT_EQ(guard.check({"GET", "/", "rebind.attacker.example", "", "", ""}), GuardDecision::BadHost);
}

TEST(RequestGuard, RefusesStateChangesFromOtherSites) {
    RequestGuard guard("127.0.0.1", {}, "");
    const char* host = "127.0.0.1:8080";
    EXPECT_EQ(guard.check({"POST", "/api/v1/analyze", host, "http://127.0.0.1:8080", "same-origin", ""}), GuardDecision::Allow);
    EXPECT_EQ(guard.check({"POST", "/api/v1/analyze", host, "", "", ""}), GuardDecision::Allow); // curl
    EXPECT_EQ(guard.check({"POST", "/api/v1/analyze", host, "http://evil.example", "", ""}), GuardDecision::CrossSite);
    EXPECT_EQ(guard.check({"POST", "/api/v1/analyze", host, "null", "", ""}), GuardDecision::CrossSite);
    EXPECT_EQ(guard.check({"DELETE", "/api/v1/reports/x", host, "", "cross-site", ""}), GuardDecision::CrossSite);
    EXPECT_EQ(guard.check({"POST", "/api/v1/analyze", host, "", "same-site", ""}), GuardDecision::CrossSite);
    // Reading is not a state change: another site's page cannot read the answer (no CORS).
    EXPECT_EQ(guard.check({"GET", "/api/v1/reports", host, "http://evil.example", "cross-site", ""}), GuardDecision::Allow);
}

TEST(RequestGuard, TokenGuardsTheApiAndMetricsOnly) {
    RequestGuard guard("127.0.0.1", {}, "0123456789abcdef-secret");
    const char* host = "127.0.0.1:8080";
    EXPECT_EQ(guard.check({"GET", "/api/v1/reports", host, "", "", ""}), GuardDecision::Unauthorized);
    EXPECT_EQ(guard.check({"GET", "/api/v1/reports", host, "", "", "Bearer wrong"}), GuardDecision::Unauthorized);
    EXPECT_EQ(guard.check({"GET", "/api/v1/reports", host, "", "", "Basic 0123456789abcdef-secret"}), GuardDecision::Unauthorized);
    EXPECT_EQ(guard.check({"GET", "/api/v1/reports", host, "", "", "Bearer 0123456789abcdef-secret"}), GuardDecision::Allow);
    EXPECT_EQ(guard.check({"GET", "/metrics", host, "", "", ""}), GuardDecision::Unauthorized);
    EXPECT_EQ(guard.check({"GET", "/healthz", host, "", "", ""}), GuardDecision::Allow);
    EXPECT_EQ(guard.check({"GET", "/", host, "", "", ""}), GuardDecision::Allow);
}

TEST(RateLimiter, AllowsABurstThenPacesToTheRate) {
    RateLimiter limiter(60); // one a second, bursts of 6
    const auto t0 = RateLimiter::Clock::now();
    for (int i = 0; i < 6; ++i) EXPECT_EQ(limiter.acquire("198.51.100.1", t0), 0u) << i;
    EXPECT_EQ(limiter.acquire("198.51.100.1", t0), 1u);
    EXPECT_EQ(limiter.acquire("198.51.100.2", t0), 0u); // another client has its own bucket
    EXPECT_EQ(limiter.acquire("198.51.100.1", t0 + std::chrono::milliseconds(1100)), 0u);
    EXPECT_GT(limiter.acquire("198.51.100.1", t0 + std::chrono::milliseconds(1200)), 0u);
    RateLimiter unlimited(0);
    for (int i = 0; i < 1000; ++i) ASSERT_EQ(unlimited.acquire("x", t0), 0u);
}

TEST(Upload, ReadsBodiesFormsAndRefusesWhatIsNotMail) {
    Limits limits;
    const std::string demo = read_file(kDemo);
    auto body = extract_upload("message/rfc822", demo, {}, limits);
    ASSERT_TRUE(std::holds_alternative<Upload>(body));
    EXPECT_EQ(std::get<Upload>(body).raw, demo);

    auto form = extract_upload("multipart/form-data; boundary=x", "", {{"file", "demo.eml", "message/rfc822", demo}}, limits);
    ASSERT_TRUE(std::holds_alternative<Upload>(form));
    EXPECT_EQ(std::get<Upload>(form).name, "demo.eml");

    auto headers = extract_upload("multipart/form-data; boundary=x", "", {{"headers", "", "", "From: a@b.example\r\nSubject: hi\r\n"}}, limits);
    ASSERT_TRUE(std::holds_alternative<Upload>(headers));

    auto empty = extract_upload("text/plain", "", {}, limits);
    ASSERT_TRUE(std::holds_alternative<UploadProblem>(empty));
    EXPECT_EQ(std::get<UploadProblem>(empty).status, 400);
    EXPECT_EQ(std::get<UploadProblem>(empty).code, "empty");

    auto pdf = extract_upload("application/octet-stream", "%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n", {}, limits);
    ASSERT_TRUE(std::holds_alternative<UploadProblem>(pdf));
    EXPECT_EQ(std::get<UploadProblem>(pdf).code, "not_mail");

    auto json = extract_upload("application/json", "{}", {}, limits);
    ASSERT_TRUE(std::holds_alternative<UploadProblem>(json));
    EXPECT_EQ(std::get<UploadProblem>(json).status, 415);

    auto no_field = extract_upload("multipart/form-data; boundary=x", "", {{"other", "", "", "x"}}, limits);
    ASSERT_TRUE(std::holds_alternative<UploadProblem>(no_field));
    EXPECT_EQ(std::get<UploadProblem>(no_field).code, "empty");
}

class Stored : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        auto loaded = Engine::load({});
        ASSERT_TRUE(loaded) << loaded.error().message;
        engine_ = loaded.value();
    }
    static void TearDownTestSuite() { engine_.reset(); }
    static std::shared_ptr<const Engine> engine_;
};
std::shared_ptr<const Engine> Stored::engine_;

TEST_F(Stored, ReportCodecKeepsEveryRenderingIdentical) {
    for (const auto& path : {kDemo, kEnglish}) {
        auto report = engine_->analyze(read_file(path));
        ASSERT_TRUE(report);
        auto decoded = decode_report(encode_report(*report));
        ASSERT_TRUE(decoded) << path;
        const Renderer& r = engine_->renderer();
        for (auto format : {ReportFormat::Json, ReportFormat::Text, ReportFormat::Markdown, ReportFormat::Html})
            for (const char* lang : {"ja", "en"})
                EXPECT_EQ(r.render(*decoded, format, lang), r.render(*report, format, lang)) << path << " " << lang;
        EXPECT_EQ(r.render(*decoded, ReportFormat::Text, "ja", Audience::User), r.render(*report, ReportFormat::Text, "ja", Audience::User));
    }
    EXPECT_FALSE(decode_report("{\"v\":99,\"report\":{}}"));
    EXPECT_FALSE(decode_report("not json"));
}

TEST_F(Stored, HistorySearchesPagesDeletesAndPurges) {
    auto store = ReportStore::open(":memory:");
    ASSERT_TRUE(store) << store.error().message;
    auto demo = engine_->analyze(read_file(kDemo));
    auto english = engine_->analyze(read_file(kEnglish));
    ASSERT_TRUE(demo && english);
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i) {
        StoredReport s;
        s.report = i % 2 == 0 ? *demo : *english;
        s.summary = ReportStore::summarize(s.report);
        s.summary.id = *ReportStore::new_id();
        s.summary.created = 1000 + i;
        if (i == 0) s.raw = std::string("raw bytes");
        ASSERT_TRUE((*store)->insert(s));
        ids.push_back(s.summary.id);
    }
    EXPECT_EQ(ids[0].size(), 32u);
    EXPECT_NE(ids[0], ids[1]);

    auto all = (*store)->list({});
    ASSERT_TRUE(all);
    EXPECT_EQ(all->total, 5u);
    EXPECT_EQ(all->items.front().id, ids[4]); // newest first

    ReportQuery by_brand;
    by_brand.brand = "kagoya";
    EXPECT_EQ((*store)->list(by_brand)->total, 3u);
    by_brand.brand = "カゴヤ";
    EXPECT_EQ((*store)->list(by_brand)->total, 3u);
    ReportQuery by_domain;
    by_domain.sender_domain = english->sender.from.registrable_domain;
    EXPECT_EQ((*store)->list(by_domain)->total, 2u);
    ReportQuery by_country;
    by_country.origin_country = "us";
    EXPECT_EQ((*store)->list(by_country)->total, demo->origin && demo->origin->country == "US" ? 3u : 0u);
    ReportQuery by_verdict;
    by_verdict.verdict = to_string(demo->verdict);
    EXPECT_GE((*store)->list(by_verdict)->total, 3u);
    ReportQuery page;
    page.limit = 2;
    page.offset = 4;
    auto last = (*store)->list(page);
    EXPECT_EQ(last->total, 5u);
    ASSERT_EQ(last->items.size(), 1u);
    EXPECT_EQ(last->items.front().id, ids[0]);
    EXPECT_TRUE(last->items.front().raw_stored);

    auto got = (*store)->get(ids[0]);
    ASSERT_TRUE(got && *got);
    EXPECT_EQ((*got)->raw, std::optional<std::string>("raw bytes"));
    EXPECT_EQ((*got)->report.message.sha256, demo->message.sha256);
    EXPECT_FALSE((*(*store)->get(ids[1]))->raw);

    EXPECT_TRUE(*(*store)->remove(ids[1]));
    EXPECT_FALSE(*(*store)->remove(ids[1]));
    EXPECT_FALSE(*(*store)->get(ids[1]));
    EXPECT_EQ(*(*store)->purge_before(1003), 2u); // ids 0 and 2 (1 is gone)
    EXPECT_EQ(*(*store)->count(), 2u);
}

TEST_F(Stored, PreviewGivesTheBodyAsTextAndHtml) {
    auto preview = preview_message(read_file(kEnglish), engine_->limits());
    ASSERT_TRUE(preview);
    EXPECT_NE(preview->text.find("mailbox storage is full"), std::string::npos);
    EXPECT_NE(preview->html.find("<a href=\"https://microsoft-365-verify.example.top/"), std::string::npos);
    EXPECT_EQ(preview->subject, "Action required: your mailbox storage is full");
    auto plain = preview_message("From: a@b.example\r\nSubject: x\r\n\r\nhello\r\n", engine_->limits());
    ASSERT_TRUE(plain);
    EXPECT_TRUE(plain->html.empty());
}

} // namespace
} // namespace mikiwame::server

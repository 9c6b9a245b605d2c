// SPDX-License-Identifier: Apache-2.0
// Every endpoint and every error status of `mikiwame serve`'s API through a real server on
// 127.0.0.1 (a free port) and a real HTTP client.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <thread>

#include "http_server.h"
#include "report_store.h"

namespace mikiwame::server {
namespace {

using nlohmann::json;

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

const std::string kDemo = read_file(std::string(MIKIWAME_SOURCE_DIR) + "/tests/fixtures/messages/demo-kagoya-phish.eml");
const std::string kEnglish = read_file(std::string(MIKIWAME_SOURCE_DIR) + "/tests/web/fixtures/en-microsoft-phish.eml");

std::shared_ptr<const Engine> shared_engine() {
    static std::shared_ptr<const Engine> engine = [] {
        EngineOptions options;
        GeoIpFiles geoip = find_geoip_files(default_geoip_dir());
        options.geoip_country = geoip.country;
        options.geoip_asn = geoip.asn;
        auto loaded = Engine::load(options);
        if (!loaded) throw std::runtime_error(loaded.error().message);
        return loaded.value();
    }();
    return engine;
}

// A server on its own thread for one test.
class Running {
public:
    explicit Running(ServeSettings settings, std::string token = {}) {
        settings.listen = "127.0.0.1:0";
        if (settings.history_db.empty()) settings.history_db = ":memory:";
        ServerOptions options;
        options.settings = settings;
        options.token = std::move(token);
        options.log_requests = false;
        auto created = HttpServer::create(shared_engine(), options);
        if (!created) throw std::runtime_error(created.error().message);
        server_ = std::move(created.value());
        auto port = server_->bind();
        if (!port) throw std::runtime_error(port.error().message);
        port_ = *port;
        thread_ = std::thread([this] { server_->run(); });
    }
    ~Running() {
        server_->stop();
        thread_.join();
    }
    httplib::Client client() const {
        httplib::Client c("127.0.0.1", port_);
        c.set_read_timeout(60, 0);
        return c;
    }
    int port() const { return port_; }

private:
    std::unique_ptr<HttpServer> server_;
    std::thread thread_;
    int port_ = 0;
};

ServeSettings defaults() {
    ServeSettings s;
    s.rate_limit_per_minute = 0;
    return s;
}

json body_of(const httplib::Result& r) {
    return json::parse(r->body);
}

std::string error_code(const httplib::Result& r) {
    return body_of(r).at("error").at("code").get<std::string>();
}

std::string analyze_id(httplib::Client& c, const std::string& mail) {
    auto r = c.Post("/api/v1/analyze", mail, "message/rfc822");
    if (!r || r->status != 201) return {};
    return body_of(r).at("id").get<std::string>();
}

TEST(ServeApi, HealthAndPage) {
    Running server(defaults());
    auto c = server.client();
    auto health = c.Get("/healthz");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
    EXPECT_EQ(body_of(health)["status"], "ok");
    EXPECT_EQ(body_of(health)["data_version"], shared_engine()->info().data_version);

    auto page = c.Get("/");
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 200);
    EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
    const std::string csp = page->get_header_value("Content-Security-Policy");
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos);
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
    EXPECT_NE(page->body.find("<script src=\"/app.js\""), std::string::npos);
    auto script = c.Get("/app.js");
    ASSERT_TRUE(script);
    EXPECT_EQ(script->status, 200);
    EXPECT_EQ(script->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(script->body.find("innerHTML"), std::string::npos); // values go in as text only
    auto missing = c.Get("/no-such-page");
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->status, 404);
    EXPECT_EQ(error_code(missing), "not_found");
}

TEST(ServeApi, AnalyzeTheWaysAMailArrives) {
    Running server(defaults());
    auto c = server.client();
    auto raw = c.Post("/api/v1/analyze?lang=en", kDemo, "message/rfc822");
    ASSERT_TRUE(raw);
    ASSERT_EQ(raw->status, 201) << raw->body;
    json view = body_of(raw);
    EXPECT_EQ(raw->get_header_value("Location"), "/api/v1/reports/" + view["id"].get<std::string>());
    EXPECT_EQ(view["verdict"], "phishing");
    EXPECT_EQ(view["lang"], "en");
    EXPECT_FALSE(view["findings"].empty());
    EXPECT_FALSE(view["route"].empty());
    EXPECT_EQ(view["route"].back()["delay_seconds"], 2); // 09:14:05 → 09:14:07
    EXPECT_TRUE(view["route"].front()["origin"].get<bool>());
    ASSERT_FALSE(view["links"].empty());
    EXPECT_EQ(view["links"][0]["url"]["domain"], "su-activemail-kagoya-jp[.]es");
    EXPECT_TRUE(view["links"][0]["contains_recipient"].get<bool>());
    EXPECT_NE(view["preview"]["text"].get<std::string>().find("KAGOYA"), std::string::npos);

    httplib::MultipartFormDataItems file = {{"file", kEnglish, "mail.eml", "message/rfc822"}};
    auto uploaded = c.Post("/api/v1/analyze", file);
    ASSERT_TRUE(uploaded);
    ASSERT_EQ(uploaded->status, 201) << uploaded->body;
    EXPECT_EQ(body_of(uploaded)["subject"], "Action required: your mailbox storage is full");
    EXPECT_EQ(body_of(uploaded)["lang"], "en"); // the mail's own language

    // A mail with no authentication results at all (every auth value unknown).
    auto bare = c.Post("/api/v1/analyze", "From: a@b.example\r\nSubject: hello\r\n\r\nhi\r\n", "text/plain");
    ASSERT_TRUE(bare);
    ASSERT_EQ(bare->status, 201) << bare->body;
    EXPECT_TRUE(body_of(bare)["auth"]["spf"].is_null());

    httplib::MultipartFormDataItems headers = {{"headers", "From: \"Amazon\" <x@amaz0n-support.example>\nSubject: Verify\n", "", ""}};
    auto pasted = c.Post("/api/v1/analyze", headers);
    ASSERT_TRUE(pasted);
    EXPECT_EQ(pasted->status, 201) << pasted->body;
}

TEST(ServeApi, BadInputGetsClearJsonErrors) {
    ServeSettings settings = defaults();
    settings.max_upload_bytes = 64 * 1024;
    Running server(settings);
    auto c = server.client();
    auto empty = c.Post("/api/v1/analyze", "", "message/rfc822");
    ASSERT_TRUE(empty);
    EXPECT_EQ(empty->status, 400);
    EXPECT_EQ(error_code(empty), "empty");
    auto pdf = c.Post("/api/v1/analyze", std::string("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"), "application/octet-stream");
    ASSERT_TRUE(pdf);
    EXPECT_EQ(pdf->status, 400);
    EXPECT_EQ(error_code(pdf), "not_mail");
    auto typed = c.Post("/api/v1/analyze", "{\"mail\":1}", "application/json");
    ASSERT_TRUE(typed);
    EXPECT_EQ(typed->status, 415);
    EXPECT_EQ(error_code(typed), "unsupported_media_type");
    auto large = c.Post("/api/v1/analyze", kDemo + std::string(70 * 1024, 'x'), "message/rfc822");
    ASSERT_TRUE(large);
    EXPECT_EQ(large->status, 413);
    EXPECT_EQ(error_code(large), "too_large");
    auto lang = c.Post("/api/v1/analyze?lang=fr", kDemo, "message/rfc822");
    ASSERT_TRUE(lang);
    EXPECT_EQ(lang->status, 400);
    EXPECT_EQ(error_code(lang), "bad_language");
    auto method = c.Put("/api/v1/analyze", kDemo, "message/rfc822");
    ASSERT_TRUE(method);
    EXPECT_GE(method->status, 400);
    EXPECT_EQ(body_of(method)["error"]["status"], method->status);
}

TEST(ServeApi, RateLimitAnswers429WithRetryAfter) {
    ServeSettings settings = defaults();
    settings.rate_limit_per_minute = 6; // a burst of one
    Running server(settings);
    auto c = server.client();
    auto first = c.Post("/api/v1/analyze", kDemo, "message/rfc822");
    ASSERT_TRUE(first);
    EXPECT_EQ(first->status, 201);
    auto second = c.Post("/api/v1/analyze", kDemo, "message/rfc822");
    ASSERT_TRUE(second);
    EXPECT_EQ(second->status, 429);
    EXPECT_EQ(error_code(second), "rate_limited");
    EXPECT_GE(std::stoi(second->get_header_value("Retry-After")), 1);
    auto metrics = c.Get("/metrics");
    ASSERT_TRUE(metrics);
    EXPECT_NE(metrics->body.find("mikiwame_rate_limited_total 1\n"), std::string::npos);
}

TEST(ServeApi, ReportsInEveryFormatAndLanguage) {
    Running server(defaults());
    auto c = server.client();
    const std::string id = analyze_id(c, kDemo);
    ASSERT_EQ(id.size(), 32u);
    auto ja = c.Get("/api/v1/reports/" + id + "?lang=ja");
    ASSERT_TRUE(ja);
    EXPECT_EQ(ja->status, 200);
    EXPECT_EQ(body_of(ja)["lang"], "ja");
    EXPECT_TRUE(body_of(ja)["preview"].is_null()) << "the mail is not kept by default";
    auto en = c.Get("/api/v1/reports/" + id + "?lang=en");
    EXPECT_NE(body_of(ja)["summary"], body_of(en)["summary"]);

    auto html = c.Get("/api/v1/reports/" + id + "?format=html&lang=ja&download=1");
    ASSERT_TRUE(html);
    EXPECT_EQ(html->status, 200);
    EXPECT_EQ(html->get_header_value("Content-Type"), "text/html; charset=utf-8");
    EXPECT_NE(html->get_header_value("Content-Security-Policy").find("sandbox"), std::string::npos);
    EXPECT_NE(html->get_header_value("Content-Disposition").find("attachment"), std::string::npos);
    EXPECT_NE(html->body.find("<html"), std::string::npos);
    auto md = c.Get("/api/v1/reports/" + id + "?format=md&lang=en");
    ASSERT_TRUE(md);
    EXPECT_EQ(md->get_header_value("Content-Type"), "text/markdown; charset=utf-8");
    auto text = c.Get("/api/v1/reports/" + id + "?format=text&lang=ja&audience=user");
    ASSERT_TRUE(text);
    EXPECT_NE(text->body.find("フィッシング"), std::string::npos);
    auto report = c.Get("/api/v1/reports/" + id + "?format=json");
    ASSERT_TRUE(report);
    EXPECT_EQ(body_of(report)["schema"], "mikiwame.report/1");
    EXPECT_EQ(body_of(report)["verdict"], "phishing");

    auto format = c.Get("/api/v1/reports/" + id + "?format=xml");
    EXPECT_EQ(format->status, 400);
    EXPECT_EQ(error_code(format), "bad_format");
    auto audience = c.Get("/api/v1/reports/" + id + "?format=text&audience=boss");
    EXPECT_EQ(audience->status, 400);
    auto unknown = c.Get("/api/v1/reports/0123456789abcdef0123456789abcdef");
    EXPECT_EQ(unknown->status, 404);
    EXPECT_EQ(error_code(unknown), "not_found");
    auto malformed = c.Get("/api/v1/reports/..%2F..%2Fetc%2Fpasswd");
    EXPECT_EQ(malformed->status, 404);
    auto raw = c.Get("/api/v1/reports/" + id + "/raw");
    EXPECT_EQ(raw->status, 404);
    EXPECT_EQ(error_code(raw), "raw_not_stored");
}

TEST(ServeApi, StoreRawKeepsTheMailForSourceAndPreview) {
    ServeSettings settings = defaults();
    settings.store_raw = true;
    Running server(settings);
    auto c = server.client();
    const std::string id = analyze_id(c, kEnglish);
    ASSERT_FALSE(id.empty());
    auto raw = c.Get("/api/v1/reports/" + id + "/raw");
    ASSERT_TRUE(raw);
    EXPECT_EQ(raw->status, 200);
    EXPECT_EQ(raw->body, kEnglish);
    EXPECT_EQ(raw->get_header_value("Content-Type"), "text/plain; charset=utf-8");
    auto view = c.Get("/api/v1/reports/" + id);
    EXPECT_FALSE(body_of(view)["preview"].is_null());
    EXPECT_TRUE(body_of(view)["raw_stored"].get<bool>());
}

TEST(ServeApi, HistoryListsSearchesPagesAndDeletes) {
    Running server(defaults());
    auto c = server.client();
    std::vector<std::string> ids;
    for (int i = 0; i < 3; ++i) ids.push_back(analyze_id(c, kDemo));
    ids.push_back(analyze_id(c, kEnglish));
    auto all = c.Get("/api/v1/reports");
    ASSERT_TRUE(all);
    EXPECT_EQ(body_of(all)["total"], 4);
    auto kagoya = c.Get("/api/v1/reports?brand=kagoya");
    EXPECT_EQ(body_of(kagoya)["total"], 3);
    auto domain = c.Get("/api/v1/reports?sender_domain=wlssmee.example");
    EXPECT_EQ(body_of(domain)["total"], 3);
    auto country = c.Get("/api/v1/reports?country=US&verdict=phishing");
    EXPECT_EQ(body_of(country)["total"], shared_engine()->locate_ip("104.250.145.186") ? 3 : 0);
    auto paged = c.Get("/api/v1/reports?limit=3&offset=3");
    EXPECT_EQ(body_of(paged)["items"].size(), 1u);
    EXPECT_EQ(body_of(paged)["items"][0]["id"], ids[0]); // newest first: the first is last

    EXPECT_EQ(c.Get("/api/v1/reports?limit=0")->status, 400);
    EXPECT_EQ(c.Get("/api/v1/reports?limit=abc")->status, 400);
    EXPECT_EQ(c.Get("/api/v1/reports?verdict=evil")->status, 400);
    EXPECT_EQ(c.Get("/api/v1/reports?country=USA")->status, 400);

    auto deleted = c.Delete("/api/v1/reports/" + ids[1]);
    ASSERT_TRUE(deleted);
    EXPECT_EQ(deleted->status, 204);
    EXPECT_EQ(c.Delete("/api/v1/reports/" + ids[1])->status, 404);
    EXPECT_EQ(c.Get("/api/v1/reports/" + ids[1])->status, 404);
    EXPECT_EQ(body_of(c.Get("/api/v1/reports"))["total"], 3);
}

TEST(ServeApi, RefusesOtherSitesAndOtherHostNames) {
    Running server(defaults());
    auto c = server.client();
    const std::string own = "http://127.0.0.1:" + std::to_string(server.port());
    auto cross = c.Post("/api/v1/analyze", {{"Origin", "http://evil.example"}}, kDemo, "message/rfc822");
    ASSERT_TRUE(cross);
    EXPECT_EQ(cross->status, 403);
    EXPECT_EQ(error_code(cross), "cross_site");
    auto site = c.Post("/api/v1/analyze", {{"Sec-Fetch-Site", "cross-site"}}, kDemo, "text/plain");
    EXPECT_EQ(site->status, 403);
    auto same = c.Post("/api/v1/analyze", {{"Origin", own}, {"Sec-Fetch-Site", "same-origin"}}, kDemo, "message/rfc822");
    EXPECT_EQ(same->status, 201);
    const std::string id = body_of(same)["id"];
    auto cross_delete = c.Delete("/api/v1/reports/" + id, {{"Origin", "http://evil.example"}});
    EXPECT_EQ(cross_delete->status, 403);
    auto rebinding = c.Get("/api/v1/reports", {{"Host", "rebind.attacker.example"}});
    ASSERT_TRUE(rebinding);
    EXPECT_EQ(rebinding->status, 421);
    EXPECT_EQ(error_code(rebinding), "misdirected");
}

TEST(ServeApi, TokenRequiredWhenConfigured) {
    const std::string token = "s3cret-token-for-the-tests";
    Running server(defaults(), token);
    auto c = server.client();
    auto none = c.Get("/api/v1/reports");
    ASSERT_TRUE(none);
    EXPECT_EQ(none->status, 401);
    EXPECT_EQ(error_code(none), "unauthorized");
    EXPECT_NE(none->get_header_value("WWW-Authenticate").find("Bearer"), std::string::npos);
    EXPECT_EQ(c.Post("/api/v1/analyze", {{"Authorization", "Bearer nope"}}, kDemo, "message/rfc822")->status, 401);
    EXPECT_EQ(c.Get("/metrics")->status, 401);
    EXPECT_EQ(c.Get("/healthz")->status, 200);
    EXPECT_EQ(c.Get("/")->status, 200);
    c.set_bearer_token_auth(token);
    EXPECT_EQ(c.Get("/api/v1/reports")->status, 200);
    EXPECT_EQ(c.Post("/api/v1/analyze", kDemo, "message/rfc822")->status, 201);
}

TEST(ServeApi, MetricsCountRequestsVerdictsAndLatency) {
    Running server(defaults());
    auto c = server.client();
    ASSERT_FALSE(analyze_id(c, kDemo).empty());
    ASSERT_FALSE(analyze_id(c, kDemo).empty());
    (void)c.Get("/nowhere/at/all");
    auto metrics = c.Get("/metrics");
    ASSERT_TRUE(metrics);
    EXPECT_EQ(metrics->status, 200);
    const std::string& m = metrics->body;
    EXPECT_NE(m.find("mikiwame_http_requests_total{method=\"POST\",route=\"/api/v1/analyze\",status=\"201\"} 2"), std::string::npos) << m;
    EXPECT_NE(m.find("route=\"other\",status=\"404\"} 1"), std::string::npos) << m;
    EXPECT_NE(m.find("mikiwame_verdicts_total{verdict=\"phishing\"} 2"), std::string::npos);
    EXPECT_NE(m.find("mikiwame_analysis_seconds_count 2"), std::string::npos);
    EXPECT_NE(m.find("mikiwame_analysis_seconds_bucket{le=\"+Inf\"} 2"), std::string::npos);
    EXPECT_NE(m.find("mikiwame_stored_reports 2"), std::string::npos);
}

TEST(ServeApi, RetentionPurgesOldReportsAtStart) {
    const std::string db = ::testing::TempDir() + "serve-retention.sqlite";
    std::remove(db.c_str());
    {
        auto store = ReportStore::open(db);
        ASSERT_TRUE(store);
        auto report = shared_engine()->analyze(kDemo);
        ASSERT_TRUE(report);
        for (std::int64_t age_days : {100, 1}) {
            StoredReport s;
            s.report = *report;
            s.summary = ReportStore::summarize(*report);
            s.summary.id = *ReportStore::new_id();
            s.summary.created = static_cast<std::int64_t>(std::time(nullptr)) - age_days * 86400;
            ASSERT_TRUE((*store)->insert(s));
        }
    }
    ServeSettings settings = defaults();
    settings.history_db = db;
    settings.retention_days = 30;
    Running server(settings);
    auto c = server.client();
    EXPECT_EQ(body_of(c.Get("/api/v1/reports"))["total"], 1);
}

} // namespace
} // namespace mikiwame::server

// SPDX-License-Identifier: Apache-2.0
#include "http_server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>

#include "metrics.h"
#include "mikiwame/context.h"
#include "mikiwame/preview.h"
#include "mikiwame/render.h"
#include "mikiwame/visible.h"
#include "rate_limiter.h"
#include "report_store.h"
#include "report_view.h"
#include "request_guard.h"
#include "upload.h"
#include "web_assets.h"

namespace mikiwame::server {

namespace {

using nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

// The page's policy: our own script and style files only, nothing inline, nothing from
// anywhere else, no form posting anywhere, no framing of us. The mail's HTML preview is a
// sandboxed srcdoc frame, which inherits this policy: no script, no remote image or style.
constexpr const char* kPagePolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";
// A rendered report (?format=html) is one self-contained page with its own <style>: it may
// style itself and show nothing else, run nothing, and is sandboxed like a foreign document.
constexpr const char* kReportPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'none'";
// Raw source and any non-page response: nothing at all.
constexpr const char* kNothingPolicy = "default-src 'none'; sandbox; frame-ancestors 'none'";

constexpr const char* kIdPattern = "([0-9a-f]{32})";

thread_local Clock::time_point request_started;

void secure(httplib::Response& res, const char* policy) {
    if (!res.has_header("Content-Security-Policy")) res.set_header("Content-Security-Policy", policy);
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Cross-Origin-Opener-Policy", "same-origin");
    res.set_header("Cross-Origin-Resource-Policy", "same-origin");
    res.set_header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
}

void json_response(httplib::Response& res, int status, const ordered_json& body) {
    res.status = status;
    res.set_header("Cache-Control", "no-store");
    res.set_content(body.dump(-1, ' ', false, ordered_json::error_handler_t::replace), "application/json");
}

void error_response(httplib::Response& res, int status, std::string_view code, std::string_view message) {
    json_response(res, status, {{"error", {{"status", status}, {"code", code}, {"message", message}}}});
}

std::string query(const httplib::Request& req, const char* name) {
    return req.has_param(name) ? req.get_param_value(name) : std::string();
}

// "ja", "en"; anything else: nullopt (a 400).
std::optional<std::string> language_param(const httplib::Request& req, const std::string& fallback) {
    const std::string lang = query(req, "lang");
    if (lang.empty()) return fallback;
    if (lang == "ja" || lang == "en") return lang;
    return std::nullopt;
}

std::optional<std::size_t> number_param(const httplib::Request& req, const char* name, std::size_t fallback, std::size_t max) {
    const std::string v = query(req, name);
    if (v.empty()) return fallback;
    std::size_t n = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || end != v.data() + v.size() || n > max) return std::nullopt;
    return n;
}

// The route a path belongs to, for the metrics' labels (never the raw path).
std::string route_name(const std::string& method, const std::string& path) {
    if (path == "/api/v1/analyze") return "/api/v1/analyze";
    if (path == "/api/v1/reports") return "/api/v1/reports";
    if (path.starts_with("/api/v1/reports/")) return path.ends_with("/raw") ? "/api/v1/reports/{id}/raw" : "/api/v1/reports/{id}";
    if (path == "/healthz" || path == "/metrics") return path;
    if (method == "GET" && (path == "/" || path.starts_with("/app."))) return "page";
    return "other";
}

std::string client_address(const httplib::Request& req, bool trust_forwarded_for) {
    if (trust_forwarded_for && req.has_header("X-Forwarded-For")) {
        std::string chain = req.get_header_value("X-Forwarded-For");
        const auto comma = chain.rfind(',');
        std::string last = comma == std::string::npos ? chain : chain.substr(comma + 1);
        while (!last.empty() && last.front() == ' ') last.erase(0, 1);
        while (!last.empty() && last.back() == ' ') last.pop_back();
        if (!last.empty()) return last;
    }
    return req.remote_addr;
}

std::int64_t now_epoch() {
    return static_cast<std::int64_t>(std::time(nullptr));
}

} // namespace

std::optional<ListenAddress> parse_listen(std::string_view listen) {
    const auto colon = listen.rfind(':');
    if (colon == std::string_view::npos || colon == 0) return std::nullopt;
    std::string_view host = listen.substr(0, colon);
    const std::string_view port = listen.substr(colon + 1);
    if (host.front() == '[') {
        if (host.size() < 3 || host.back() != ']') return std::nullopt;
        host = host.substr(1, host.size() - 2);
    } else if (host.find(':') != std::string_view::npos) {
        return std::nullopt;
    }
    int number = -1;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
    if (ec != std::errc() || end != port.data() + port.size() || number < 0 || number > 65535) return std::nullopt;
    return ListenAddress{std::string(host), number};
}

struct HttpServer::Routes {
    HttpServer& s;

    const Engine& engine() const { return *s.engine_; }

    std::string language_for(const Report& report) const {
        if (!s.options_.default_language.empty()) return s.options_.default_language;
        return report.content_language == "ja" ? "ja" : "en";
    }

    void analyze(const httplib::Request& req, httplib::Response& res) {
        if (const std::size_t wait = s.limiter_->acquire(client_address(req, s.options_.settings.trust_forwarded_for)); wait > 0) {
            s.metrics_->rate_limited();
            res.set_header("Retry-After", std::to_string(wait));
            return error_response(res, 429, "rate_limited", fmt::format("too many analyses from this address: try again in {} s", wait));
        }
        std::vector<FormPart> parts;
        for (const auto& [name, file] : req.files) parts.push_back({name, file.filename, file.content_type, file.content});
        auto extracted = extract_upload(req.get_header_value("Content-Type"), req.is_multipart_form_data() ? std::string_view() : std::string_view(req.body),
                                        parts, engine().limits());
        if (auto* problem = std::get_if<UploadProblem>(&extracted)) return error_response(res, problem->status, problem->code, problem->message);
        Upload& upload = std::get<Upload>(extracted);

        // One context per server thread: scratch space reused from request to request.
        thread_local AnalysisContext context;
        AnalyzeRequest request;
        request.raw = upload.raw;
        request.input_notes = upload.notes;
        request.unwrap_forwarded = s.options_.unwrap_forwarded;
        const auto started = Clock::now();
        auto report = engine().analyze(request, context);
        s.metrics_->analysis(std::chrono::duration<double>(Clock::now() - started).count());
        if (!report) return error_response(res, 500, "internal", report.error().message);
        s.metrics_->verdict(report->verdict);

        auto id = ReportStore::new_id();
        if (!id) return error_response(res, 500, "internal", "no random id could be drawn");
        StoredReport stored;
        stored.summary = ReportStore::summarize(*report);
        stored.summary.id = *id;
        stored.summary.created = now_epoch();
        stored.summary.raw_stored = s.options_.settings.store_raw;
        stored.report = std::move(*report);
        if (s.options_.settings.store_raw) stored.raw = upload.raw;
        if (auto inserted = s.store_->insert(stored); !inserted) return error_response(res, 500, "internal", inserted.error().message);

        auto lang = language_param(req, language_for(stored.report));
        if (!lang) return error_response(res, 400, "bad_language", "lang must be ja or en");
        ordered_json body = report_view(stored, engine(), *lang);
        // The mail as a reader would see it, for the page's text and sandboxed HTML views;
        // only in this response unless store_raw keeps the mail.
        body["preview"] = preview_json(upload.raw);
        res.set_header("Location", "/api/v1/reports/" + *id);
        json_response(res, 201, body);
    }

    ordered_json preview_json(std::string_view raw) const {
        auto preview = preview_message(raw, engine().limits());
        if (!preview) return nullptr;
        return {{"text", preview->text}, {"html", preview->html}, {"hidden_text", preview->html_hidden_text}, {"truncated", preview->truncated}};
    }

    // nullopt after writing the error response.
    std::optional<StoredReport> load(const std::string& id, httplib::Response& res) {
        auto stored = s.store_->get(id);
        if (!stored) {
            error_response(res, 500, "internal", stored.error().message);
            return std::nullopt;
        }
        if (!*stored) {
            error_response(res, 404, "not_found", "no report with this id (deleted, expired or never made)");
            return std::nullopt;
        }
        return std::move(**stored);
    }

    void get_report(const httplib::Request& req, httplib::Response& res) {
        auto stored = load(req.matches[1], res);
        if (!stored) return;
        auto lang = language_param(req, language_for(stored->report));
        if (!lang) return error_response(res, 400, "bad_language", "lang must be ja or en");
        const std::string format = query(req, "format");
        const std::string audience_name = query(req, "audience");
        auto audience = parse_audience(audience_name.empty() ? "analyst" : audience_name);
        if (!audience) return error_response(res, 400, "bad_audience", "audience must be analyst or user");
        if (format.empty() || format == "view") {
            ordered_json body = report_view(*stored, engine(), *lang);
            if (stored->raw) body["preview"] = preview_json(*stored->raw);
            return json_response(res, 200, body);
        }
        auto parsed = parse_report_format(format);
        if (!parsed || *parsed == ReportFormat::JsonLine)
            return error_response(res, 400, "bad_format", "format must be view, json, html, md (markdown) or text");
        const std::string rendered = engine().renderer().render(stored->report, *parsed, *lang, *audience);
        const char* type = "text/plain; charset=utf-8";
        const char* extension = "txt";
        switch (*parsed) {
        case ReportFormat::Json: type = "application/json"; extension = "json"; break;
        case ReportFormat::Html:
            type = "text/html; charset=utf-8";
            extension = "html";
            res.set_header("Content-Security-Policy", kReportPolicy);
            break;
        case ReportFormat::Markdown: type = "text/markdown; charset=utf-8"; extension = "md"; break;
        case ReportFormat::Text:
        case ReportFormat::JsonLine: break;
        }
        if (query(req, "download") == "1")
            res.set_header("Content-Disposition", fmt::format("attachment; filename=\"mikiwame-{}.{}.{}\"", stored->summary.id.substr(0, 12), *lang, extension));
        res.set_header("Cache-Control", "no-store");
        res.status = 200;
        res.set_content(rendered, type);
    }

    void get_raw(const httplib::Request& req, httplib::Response& res) {
        auto stored = load(req.matches[1], res);
        if (!stored) return;
        if (!stored->raw)
            return error_response(res, 404, "raw_not_stored", "the mail itself was not kept (serve.store_raw = false); only its report is");
        res.set_header("Cache-Control", "no-store");
        res.set_header("Content-Disposition", fmt::format("attachment; filename=\"mikiwame-{}.eml\"", stored->summary.id.substr(0, 12)));
        res.status = 200;
        // text/plain, not message/rfc822: a browser shows it as text and never as a document.
        res.set_content(*stored->raw, "text/plain; charset=utf-8");
    }

    void list(const httplib::Request& req, httplib::Response& res) {
        ReportQuery q;
        q.verdict = query(req, "verdict");
        if (!q.verdict.empty() && q.verdict != "clean" && q.verdict != "suspicious" && q.verdict != "spam" && q.verdict != "phishing")
            return error_response(res, 400, "bad_verdict", "verdict must be clean, suspicious, spam or phishing");
        q.brand = query(req, "brand");
        q.sender_domain = query(req, "sender_domain");
        q.origin_country = query(req, "country");
        if (!q.origin_country.empty() && q.origin_country.size() != 2)
            return error_response(res, 400, "bad_country", "country must be a two-letter ISO 3166 code");
        auto limit = number_param(req, "limit", 20, 200);
        auto offset = number_param(req, "offset", 0, 100000000);
        if (!limit || *limit == 0 || !offset) return error_response(res, 400, "bad_paging", "limit must be 1 to 200 and offset a number");
        q.limit = *limit;
        q.offset = *offset;
        auto page = s.store_->list(q);
        if (!page) return error_response(res, 500, "internal", page.error().message);
        ordered_json items = ordered_json::array();
        for (const auto& item : page->items) items.push_back(summary_json(item));
        json_response(res, 200, {{"total", page->total}, {"limit", q.limit}, {"offset", q.offset}, {"items", items}});
    }

    void remove(const httplib::Request& req, httplib::Response& res) {
        auto removed = s.store_->remove(req.matches[1]);
        if (!removed) return error_response(res, 500, "internal", removed.error().message);
        if (!*removed) return error_response(res, 404, "not_found", "no report with this id");
        res.status = 204;
    }

    void health(httplib::Response& res) {
        auto count = s.store_->count();
        const EngineInfo& info = engine().info();
        json_response(res, count ? 200 : 503,
                      {{"status", count ? "ok" : "degraded"},
                       {"version", info.version},
                       {"data_version", info.data_version},
                       {"reports", count ? ordered_json(*count) : ordered_json(nullptr)}});
    }

    void metrics(httplib::Response& res) {
        auto count = s.store_->count();
        res.set_header("Cache-Control", "no-store");
        res.set_content(s.metrics_->render(count ? *count : 0), "text/plain; version=0.0.4; charset=utf-8");
    }

    void page(const httplib::Request& req, httplib::Response& res) {
        const std::string path = req.path == "/" ? "/index.html" : req.path;
        for (const Asset& a : web_assets())
            if (a.path == path) {
                res.set_header("Cache-Control", "no-cache");
                res.set_content(std::string(a.body), std::string(a.content_type));
                return;
            }
        error_response(res, 404, "not_found", "no such page");
    }
};

HttpServer::HttpServer(std::shared_ptr<const Engine> engine, ServerOptions options)
    : engine_(std::move(engine)), options_(std::move(options)) {}

HttpServer::~HttpServer() {
    stop();
    if (janitor_.joinable()) janitor_.join();
}

Result<std::unique_ptr<HttpServer>> HttpServer::create(std::shared_ptr<const Engine> engine, ServerOptions options) {
    auto listen = parse_listen(options.settings.listen);
    if (!listen) return make_error(ErrorCode::Config, "serve.listen: expected HOST:PORT", options.settings.listen);
    auto store = ReportStore::open(options.settings.history_db);
    if (!store) return Unexpected<Error>{store.error()};
    std::unique_ptr<HttpServer> server(new HttpServer(std::move(engine), std::move(options)));
    server->store_ = std::move(store.value());
    server->metrics_ = std::make_unique<Metrics>();
    server->limiter_ = std::make_unique<RateLimiter>(server->options_.settings.rate_limit_per_minute);
    const std::string own_host = listen->host.find(':') != std::string::npos ? "[" + listen->host + "]" : listen->host;
    server->guard_ = std::make_unique<RequestGuard>(own_host, server->options_.settings.allowed_hosts, server->options_.token);
    if (server->options_.settings.retention_days > 0) {
        auto purged = server->store_->purge_before(now_epoch() - static_cast<std::int64_t>(server->options_.settings.retention_days) * 86400);
        if (!purged) return Unexpected<Error>{purged.error()};
    }

    auto http = std::make_unique<httplib::Server>();
    const ServeSettings& settings = server->options_.settings;
    const std::size_t threads = settings.threads;
    http->new_task_queue = [threads] {
        const std::size_t n = threads > 0 ? threads : static_cast<std::size_t>(CPPHTTPLIB_THREAD_POOL_COUNT);
        return new httplib::ThreadPool(n);
    };
    http->set_payload_max_length(settings.max_upload_bytes);
    http->set_read_timeout(static_cast<time_t>(settings.timeout_seconds), 0);
    http->set_write_timeout(static_cast<time_t>(settings.timeout_seconds), 0);
    http->set_keep_alive_timeout(5);

    HttpServer* self = server.get();
    auto routes = std::make_shared<Routes>(Routes{*self});
    http->set_pre_routing_handler([self](const httplib::Request& req, httplib::Response& res) {
        request_started = Clock::now();
        const std::string host = req.get_header_value("Host");
        const std::string origin = req.get_header_value("Origin");
        const std::string site = req.get_header_value("Sec-Fetch-Site");
        const std::string authorization = req.get_header_value("Authorization");
        switch (self->guard_->check({req.method, req.path, host, origin, site, authorization})) {
        case GuardDecision::Allow: return httplib::Server::HandlerResponse::Unhandled;
        case GuardDecision::BadHost:
            error_response(res, 421, "misdirected", "this server does not answer to that host name (serve.allowed_hosts)");
            break;
        case GuardDecision::CrossSite:
            error_response(res, 403, "cross_site", "a state-changing request from another site was refused (CSRF protection)");
            break;
        case GuardDecision::Unauthorized:
            res.set_header("WWW-Authenticate", "Bearer realm=\"mikiwame\"");
            error_response(res, 401, "unauthorized", "a valid bearer token is required (serve.token_file)");
            break;
        }
        secure(res, kNothingPolicy);
        return httplib::Server::HandlerResponse::Handled;
    });
    http->Post("/api/v1/analyze", [routes](const httplib::Request& req, httplib::Response& res) { routes->analyze(req, res); });
    http->Get("/api/v1/reports", [routes](const httplib::Request& req, httplib::Response& res) { routes->list(req, res); });
    http->Get(fmt::format("/api/v1/reports/{}", kIdPattern), [routes](const httplib::Request& req, httplib::Response& res) { routes->get_report(req, res); });
    http->Get(fmt::format("/api/v1/reports/{}/raw", kIdPattern), [routes](const httplib::Request& req, httplib::Response& res) { routes->get_raw(req, res); });
    http->Delete(fmt::format("/api/v1/reports/{}", kIdPattern), [routes](const httplib::Request& req, httplib::Response& res) { routes->remove(req, res); });
    http->Get("/healthz", [routes](const httplib::Request&, httplib::Response& res) { routes->health(res); });
    http->Get("/metrics", [routes](const httplib::Request&, httplib::Response& res) { routes->metrics(res); });
    http->Get("/(|index\\.html|app\\.js|app\\.css|favicon\\.svg)", [routes](const httplib::Request& req, httplib::Response& res) { routes->page(req, res); });
    // Statuses no route set (404 for unknown paths, 405, 413 over max_upload_bytes, 400 for a
    // malformed request): the same JSON error shape as every other.
    http->set_error_handler([&settings](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return;
        switch (res.status) {
        case 404: error_response(res, 404, "not_found", "no such resource"); break;
        case 413:
            error_response(res, 413, "too_large", fmt::format("the request body is larger than serve.max_upload_bytes ({} bytes)", settings.max_upload_bytes));
            break;
        case 414: error_response(res, 414, "uri_too_long", "the request's URI is too long"); break;
        case 405: error_response(res, 405, "method_not_allowed", "this method is not allowed here"); break;
        default: error_response(res, res.status, "bad_request", "the request could not be read"); break;
        }
    });
    http->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unexpected error";
        try {
            std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            what = e.what();
        } catch (...) {
        }
        error_response(res, 500, "internal", what);
    });
    http->set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
        const bool is_page = req.method == "GET" && (req.path == "/" || req.path == "/index.html");
        secure(res, is_page || req.path.starts_with("/app.") || req.path == "/favicon.svg" ? kPagePolicy : kNothingPolicy);
    });
    const bool log = server->options_.log_requests;
    http->set_logger([self, log](const httplib::Request& req, const httplib::Response& res) {
        const double seconds = std::chrono::duration<double>(Clock::now() - request_started).count();
        self->metrics_->request(req.method, route_name(req.method, req.path), res.status, seconds);
        if (log)
            std::fprintf(stderr, "mikiwame serve: %s %s %s %d %.1fms\n", req.remote_addr.c_str(), req.method.c_str(),
                         make_visible(route_name(req.method, req.path), false).c_str(), res.status, seconds * 1000);
    });
    server->http_ = std::move(http);
    return server;
}

Result<int> HttpServer::bind() {
    auto listen = parse_listen(options_.settings.listen);
    if (!listen) return make_error(ErrorCode::Config, "serve.listen: expected HOST:PORT", options_.settings.listen);
    int port = listen->port;
    if (port == 0) {
        port = http_->bind_to_any_port(listen->host);
        if (port <= 0) return make_error(ErrorCode::Unavailable, "cannot listen", options_.settings.listen);
    } else if (!http_->bind_to_port(listen->host, port)) {
        return make_error(ErrorCode::Unavailable, "cannot listen (address in use or not allowed)", options_.settings.listen);
    }
    return port;
}

bool HttpServer::run() {
    running_ = true;
    if (options_.settings.retention_days > 0 && !janitor_.joinable()) {
        janitor_ = std::thread([this] {
            // Hourly purge, in one-second naps so that stop() is prompt.
            int seconds = 0;
            while (running_) {
                std::this_thread::sleep_for(std::chrono::seconds(1));
                if (++seconds < 3600) continue;
                seconds = 0;
                (void)store_->purge_before(now_epoch() - static_cast<std::int64_t>(options_.settings.retention_days) * 86400);
            }
        });
    }
    const bool ok = http_->listen_after_bind();
    running_ = false;
    return ok;
}

void HttpServer::stop() {
    running_ = false;
    if (http_) http_->stop();
}

} // namespace mikiwame::server

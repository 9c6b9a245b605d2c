// SPDX-License-Identifier: Apache-2.0
// The HTTP server of `mikiwame serve` (docs/serve.md): the page's files, the JSON API and the
// metrics over cpp-httplib, one Engine shared by every request thread, each thread with its
// own AnalysisContext. No outgoing connection is ever made: the server only answers.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "mikiwame/config.h"
#include "mikiwame/engine.h"
#include "mikiwame/result.h"

namespace httplib {
class Server;
}

namespace mikiwame::server {

class ReportStore;
class Metrics;
class RateLimiter;
class RequestGuard;

struct ServerOptions {
    ServeSettings settings;         // history_db resolved by the caller
    std::string token;              // empty: no token
    std::string default_language;   // "ja", "en" or "" (the mail's own)
    bool unwrap_forwarded = true;
    bool log_requests = true;       // one line per request on standard error
};

class HttpServer {
public:
    // Opens the history (purging what retention_days says is old). CannotOpen / Config errors.
    [[nodiscard]] static Result<std::unique_ptr<HttpServer>> create(std::shared_ptr<const Engine> engine, ServerOptions options);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds serve.listen's address (port 0: any free port). The port bound.
    [[nodiscard]] Result<int> bind();
    // Serves until stop(); call bind() first. Returns false when the listener failed.
    bool run();
    void stop();

private:
    struct Routes;
    HttpServer(std::shared_ptr<const Engine> engine, ServerOptions options);
    std::shared_ptr<const Engine> engine_;
    ServerOptions options_;
    std::unique_ptr<ReportStore> store_;
    std::unique_ptr<Metrics> metrics_;
    std::unique_ptr<RateLimiter> limiter_;
    std::unique_ptr<RequestGuard> guard_;
    std::unique_ptr<httplib::Server> http_;
    std::atomic<bool> running_{false};
    std::thread janitor_; // hourly retention purge
};

// "HOST:PORT" / "[v6]:PORT" → host (brackets removed) and port; nullopt when malformed.
struct ListenAddress {
    std::string host;
    int port = 0;
};
[[nodiscard]] std::optional<ListenAddress> parse_listen(std::string_view listen);

} // namespace mikiwame::server

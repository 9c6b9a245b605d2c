// SPDX-License-Identifier: Apache-2.0
#include "serve_command.h"

#include <signal.h>
#include <unistd.h>

// g++ 12 -O2 reports -Wnull-dereference inside CLI11's inlined string splitting (a false positive).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <CLI/CLI.hpp>
#pragma GCC diagnostic pop

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "http_server.h"
#include "mikiwame/engine.h"

namespace mikiwame::server {

namespace {

namespace fs = std::filesystem;

int fail(const Error& error) {
    if (error.context.empty()) std::fprintf(stderr, "mikiwame serve: %s\n", error.message.c_str());
    else std::fprintf(stderr, "mikiwame serve: %s: %s\n", error.context.c_str(), error.message.c_str());
    return exit_code_for(error.code);
}

// $XDG_STATE_HOME/mikiwame/serve.sqlite, else ~/.local/state/mikiwame/serve.sqlite.
fs::path default_history_db() {
    if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg && *xdg) return fs::path(xdg) / "mikiwame" / "serve.sqlite";
    if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".local" / "state" / "mikiwame" / "serve.sqlite";
    return fs::path("mikiwame-serve.sqlite");
}

// The token is the file's first line; a file that exists but holds none is a configuration
// error, never "no token" (that would silently open the server).
Result<std::string> read_token(const fs::path& path) {
    std::ifstream in(path);
    if (!in) return make_error(ErrorCode::CannotOpen, "cannot read the token file", path.string());
    std::string token;
    std::getline(in, token);
    while (!token.empty() && (token.back() == '\r' || token.back() == ' ' || token.back() == '\t')) token.pop_back();
    if (token.size() < 16) return make_error(ErrorCode::Config, "the token file's first line must hold a token of at least 16 characters", path.string());
    return token;
}

} // namespace

std::unique_ptr<Command> add_command(CLI::App& root, cli::CommonFlags& flags) {
    auto command = std::make_unique<Command>();
    CLI::App* app = root.add_subcommand("serve", "Serve the web page and HTTP API (docs/serve.md)");
    command->app = app;
    app->add_option("--listen", command->listen, "HOST:PORT to listen on (default: serve.listen, else 127.0.0.1:8080; port 0: any free port)");
    app->add_option("--history-db", command->history_db, "SQLite file of past analyses (default: serve.history_db, else $XDG_STATE_HOME/mikiwame/serve.sqlite)");
    app->add_option("--token-file", command->token_file, "File whose first line is the bearer token every API call must carry");
    app->add_flag("--store-raw", command->store_raw, "Keep each raw mail beside its report (serve.store_raw)");
    app->add_flag("--quiet", command->quiet, "No log line per request");
    app->add_option("--data", flags.data_dir, "Data directory (default: the installed or shipped data/)");
    app->add_option("--intel-db", flags.intel_db, "Phishing-URL database");
    app->add_option("--geoip-dir", flags.geoip_dir, "Directory of the IP country/ASN databases");
    return command;
}

int run(const Command& command, const cli::CommonFlags& flags) {
    auto settings = cli::resolve_settings(flags);
    if (!settings) return fail(settings.error());
    ServerOptions options;
    options.settings = settings->serve;
    if (!command.listen.empty()) options.settings.listen = command.listen;
    if (!command.history_db.empty()) options.settings.history_db = command.history_db;
    if (options.settings.history_db.empty()) options.settings.history_db = default_history_db();
    if (!command.token_file.empty()) options.settings.token_file = command.token_file;
    if (command.store_raw) options.settings.store_raw = true;
    options.default_language = settings->language;
    options.unwrap_forwarded = settings->unwrap_forwarded;
    options.log_requests = !command.quiet;
    if (!parse_listen(options.settings.listen))
        return fail(make_error(ErrorCode::Usage, "--listen: expected HOST:PORT such as 127.0.0.1:8080", options.settings.listen).error);
    if (!options.settings.token_file.empty()) {
        auto token = read_token(options.settings.token_file);
        if (!token) return fail(token.error());
        options.token = *token;
    }

    // SIGINT and SIGTERM are taken by a thread of ours (sigwaitinfo: sigwait is wrapped for
    // libmilter, milter_command.cpp); blocked before any other thread starts so they inherit it.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    signal(SIGPIPE, SIG_IGN);

    auto engine = Engine::load(settings->engine);
    if (!engine) return fail(engine.error());
    auto server = HttpServer::create(std::move(engine.value()), options);
    if (!server) return fail(server.error());
    auto port = (*server)->bind();
    if (!port) return fail(port.error());
    auto address = parse_listen(options.settings.listen);
    const std::string host = address->host.find(':') != std::string::npos ? "[" + address->host + "]" : address->host;
    std::printf("mikiwame serve: listening on http://%s:%d/ (history %s%s%s)\n", host.c_str(), *port, options.settings.history_db.c_str(),
                options.settings.store_raw ? ", raw mail kept" : "", options.token.empty() ? "" : ", token required");
    std::fflush(stdout);

    HttpServer* running = server->get();
    std::thread signals([running, stop_signals] {
        siginfo_t info{};
        while (sigwaitinfo(&stop_signals, &info) < 0) {
        }
        std::fprintf(stderr, "mikiwame serve: %s, stopping\n", info.si_signo == SIGTERM ? "SIGTERM" : "SIGINT");
        running->stop();
    });
    const bool ok = running->run();
    // run() also returns when the listener fails: wake the signal thread to end it.
    if (!ok) kill(getpid(), SIGTERM);
    signals.join();
    return ok ? 0 : fail(make_error(ErrorCode::Unavailable, "the listener stopped", options.settings.listen).error);
}

} // namespace mikiwame::server

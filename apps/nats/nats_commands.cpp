// SPDX-License-Identifier: Apache-2.0
#include "nats_commands.h"

#include <signal.h>

// g++ 12 -O2 reports -Wnull-dereference inside CLI11's inlined string splitting (a false positive).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <CLI/CLI.hpp>
#pragma GCC diagnostic pop
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <cstdio>

#include "../cli/mailbox.h"
#include "client.h"
#include "collector.h"
#include "mikiwame/config.h"
#include "mikiwame/engine.h"
#include "mikiwame/visible.h"
#include "publisher.h"
#include "worker.h"

namespace mikiwame::nats {

namespace {

std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");

extern "C" void on_stop_signal(int) {
    g_stop.store(true);
}

// SIGTERM and SIGINT end the command's loop; the command finishes what it holds and exits 0.
void catch_stop_signals() {
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
}

int fail(const Error& e) {
    std::fprintf(stderr, "mikiwame: %s%s%s\n", make_visible(e.context, false).c_str(), e.context.empty() ? "" : ": ", e.message.c_str());
    return exit_code_for(e.code);
}

std::function<void(const std::string&)> logger(const char* command) {
    return [command](const std::string& line) { std::fprintf(stderr, "mikiwame: %s: %s\n", command, make_visible(line, false).c_str()); };
}

struct Setup {
    Config config;
    std::unique_ptr<Connection> connection;
};

// The settings with the command line's overrides, and the connection (exit 69 when the broker
// cannot be reached).
Result<Setup> setup(const Commands& c, const cli::CommonFlags& flags, const char* command) {
    auto config = cli::resolve_settings(flags);
    if (!config) return Unexpected<Error>{config.error()};
    Setup s;
    s.config = std::move(config.value());
    if (!c.url.empty()) s.config.nats.url = c.url;
    if (c.ack_wait) s.config.nats.ack_wait_seconds = c.ack_wait;
    ConnectOptions options;
    options.url = s.config.nats.url;
    options.name = fmt::format("mikiwame {}", command);
    options.log = logger(command);
    auto connection = Connection::open(options);
    if (!connection) return Unexpected<Error>{connection.error()};
    s.connection = std::move(connection.value());
    return s;
}

StreamSpec work_stream(const NatsSettings& n, const std::string& name) {
    return {name.empty() ? n.stream : name, n.subject + ".>", true, std::chrono::seconds(n.duplicate_window_seconds)};
}

StreamSpec results_stream(const NatsSettings& n, const std::string& name, const std::string& subject) {
    return {name.empty() ? n.results_stream : name, (subject.empty() ? n.results_subject : subject) + ".>", false,
            std::chrono::seconds(n.duplicate_window_seconds)};
}

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// `publish PATH…` and `scan --publish URL PATH…`: the mailboxes listed as `scan` lists them
// (Maildir, mbox with offsets, MH, folders, paths on standard input), each message published.
int run_publish(const Commands& c, const std::vector<std::string>& paths, const cli::CommonFlags& flags) {
    // The broker first: when it is away, say so before reading a whole mailbox.
    auto s = setup(c, flags, "publish");
    if (!s) return fail(s.error());
    cli::MailboxListing listing = cli::list_mailboxes(paths);
    for (const auto& p : listing.problems)
        std::fprintf(stderr, "mikiwame: %s: %s\n", make_visible(p.location, false).c_str(), p.message.c_str());
    if (listing.messages.empty() && !listing.problems.empty()) return 66;
    const NatsSettings& n = s->config.nats;
    const StreamSpec stream = work_stream(n, c.stream);
    auto made = ensure_stream(*s->connection, stream);
    if (!made) return fail(made.error());
    PublishOptions options;
    options.subject = n.subject + ".raw";
    options.max_pending = c.max_pending;
    options.log = logger("publish");
    auto publisher = MailPublisher::create(*s->connection, options);
    if (!publisher) return fail(publisher.error());
    catch_stop_signals();
    const auto started = std::chrono::steady_clock::now();
    const Limits limits;
    std::size_t sent = 0, skipped = 0, handled = 0;
    for (const auto& where : listing.messages) {
        if (g_stop.load()) break;
        ++handled;
        auto mail = cli::load_mail(where, limits, limits.max_message_bytes * 4);
        if (!mail) {
            ++skipped;
            std::fprintf(stderr, "mikiwame: %s: %s\n", make_visible(mail.error().context, false).c_str(), mail.error().message.c_str());
            continue;
        }
        (*publisher)->publish(cli::location_name(where), mail->raw, c.label);
        ++sent;
    }
    const PublishStats stats = (*publisher)->finish(std::chrono::seconds(120));
    const double elapsed = seconds_since(started);
    std::printf("published %zu mail(s) to %s in %.1f s (%.0f/s): %zu stored, %zu already in the stream, %zu too large, %zu failed, %zu not mail%s\n",
                sent, stream.name.c_str(), elapsed, elapsed > 0 ? static_cast<double>(sent) / elapsed : 0.0, stats.published, stats.duplicates,
                stats.too_large, stats.failed, skipped, handled < listing.messages.size() ? " (interrupted)" : "");
    if (stats.failed) return 75;    // EX_TEMPFAIL: run it again (what is stored is dropped as duplicate)
    if (stats.too_large) return 65; // EX_DATAERR
    return 0;
}

int run_worker_command(const Commands& c, const cli::CommonFlags& flags) {
    auto s = setup(c, flags, "worker");
    if (!s) return fail(s.error());
    auto engine = Engine::load(s->config.engine);
    if (!engine) return fail(engine.error());
    const NatsSettings& n = s->config.nats;
    WorkerOptions options;
    options.work_stream = work_stream(n, c.stream);
    options.results_subject = c.results_subject.empty() ? n.results_subject : c.results_subject;
    options.results_stream = results_stream(n, {}, options.results_subject);
    options.consumer = {options.work_stream.name, n.worker_consumer, n.subject + ".>", std::chrono::seconds(n.ack_wait_seconds),
                        static_cast<std::int64_t>(n.max_deliver)};
    options.jobs = c.jobs;
    options.batch = c.batch;
    options.max_inflight = c.max_inflight;
    options.idle_timeout = std::chrono::seconds(c.idle_timeout);
    options.log = logger("worker");
    catch_stop_signals();
    options.log(fmt::format("consuming {} as {} on {}, reports to {}.<verdict>", options.work_stream.name, n.worker_consumer,
                            s->connection->url(), options.results_subject));
    const auto started = std::chrono::steady_clock::now();
    auto stats = run_worker(*s->connection, **engine, options, g_stop);
    if (!stats) return fail(stats.error());
    options.log(fmt::format("stopped after {:.1f} s: {} analysed, {} reports stored, {} already stored, {} failed, {} given back",
                            seconds_since(started), stats->analysed, stats->stored, stats->duplicates, stats->failed, stats->abandoned));
    return 0;
}

int run_results(const Commands& c, const cli::CommonFlags& flags) {
    auto s = setup(c, flags, "results");
    if (!s) return fail(s.error());
    const NatsSettings& n = s->config.nats;
    CollectorOptions options;
    options.results_stream = results_stream(n, c.stream, {});
    options.consumer = {options.results_stream.name, n.results_consumer, n.results_subject + ".>", std::chrono::seconds(n.ack_wait_seconds),
                        static_cast<std::int64_t>(n.max_deliver)};
    options.jsonl = c.output.empty() && c.db.empty() ? std::string("-") : c.output;
    options.db = c.db;
    options.expect = c.expect;
    options.idle_timeout = std::chrono::seconds(c.idle_timeout);
    options.log = logger("results");
    catch_stop_signals();
    auto stats = run_collector(*s->connection, options, g_stop);
    if (!stats) return fail(stats.error());
    std::fprintf(stderr, "mikiwame: results: %zu collected, %zu duplicates ignored%s\n", stats->collected, stats->duplicates,
                 stats->invalid ? fmt::format(", {} not a report", stats->invalid).c_str() : "");
    if (c.expect && !stats->expect_reached) {
        std::fprintf(stderr, "mikiwame: results: expected %zu, collected %zu\n", c.expect, stats->collected);
        return 75; // EX_TEMPFAIL: the rest may still come
    }
    return 0;
}

void add_connection_options(CLI::App* app, Commands& c, const char* stream_help) {
    app->add_option("--nats", c.url, "NATS server URL (default: nats.url, else nats://127.0.0.1:4222)");
    app->add_option("--stream", c.stream, stream_help);
}

} // namespace

std::unique_ptr<Commands> add_commands(CLI::App& root, cli::CommonFlags& flags) {
    auto c = std::make_unique<Commands>();
    c->publish = root.add_subcommand("publish", "Feed mails into the NATS JetStream work queue (docs/scale-out.md)");
    add_connection_options(c->publish, *c, "Work-queue stream (default: nats.stream, else MIKIWAME_MAIL; created when missing)");
    c->publish->add_option("paths", c->paths, "Mail files, mbox files, Maildir or other folders")->required();
    c->publish->add_option("--label", c->label, "Label carried with each mail to its result (e.g. the folder's class)");
    c->publish->add_option("--max-pending", c->max_pending, "Publishes awaiting the broker's acknowledgement at most")
        ->check(CLI::Range(std::size_t{1}, std::size_t{100000}));

    c->worker = root.add_subcommand("worker", "Analyse mails from the NATS JetStream work queue and publish the reports");
    add_connection_options(c->worker, *c, "Work-queue stream (default: nats.stream, else MIKIWAME_MAIL; created when missing)");
    c->worker->add_option("--results", c->results_subject, "Subject prefix of the reports (default: nats.results_subject, else mikiwame.results)");
    c->worker->add_option("--batch", c->batch, "Mails asked for per fetch (default: --max-inflight)")->check(CLI::Range(std::size_t{1}, std::size_t{10000}));
    c->worker->add_option("--max-inflight", c->max_inflight, "Mails held at once (default: 2 per job)")->check(CLI::Range(std::size_t{1}, std::size_t{10000}));
    c->worker->add_option("-j,--jobs", c->jobs, "Analysis threads (default: one per core)")->check(CLI::Range(1u, 1024u));
    c->worker->add_option("--ack-wait", c->ack_wait, "Seconds before an unacknowledged mail goes to another worker (default: nats.ack_wait_seconds, else 60)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{86400}));
    c->worker->add_option("--idle-timeout", c->idle_timeout, "Stop after this many seconds without a mail (batch runs)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30));
    c->worker->add_option("--data", flags.data_dir, "Data directory (default: the installed or shipped data/)");
    c->worker->add_option("--intel-db", flags.intel_db, "Phishing-URL database");
    c->worker->add_option("--geoip-dir", flags.geoip_dir, "Directory of the IP country/ASN databases");

    c->results = root.add_subcommand("results", "Collect the workers' reports from NATS JetStream into JSONL and/or SQLite");
    add_connection_options(c->results, *c, "Results stream (default: nats.results_stream, else MIKIWAME_RESULTS)");
    c->results->add_option("-o,--output", c->output, "Append the reports to FILE as JSON Lines (default without --db: standard output)");
    c->results->add_option("--db", c->db, "SQLite database of the reports, one row per mail sha256");
    c->results->add_option("--expect", c->expect, "Stop after this many new reports")->check(CLI::Range(std::size_t{1}, std::size_t{1} << 40));
    c->results->add_option("--idle-timeout", c->idle_timeout, "Stop after this many seconds without a report")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30));
    return c;
}

void add_scan_publish_options(CLI::App& scan, Commands& c, std::vector<std::string>& paths) {
    c.scan = &scan;
    c.scan_paths = &paths;
    scan.add_option("--publish", c.url, "Feed the mail to the NATS JetStream work queue at URL instead of analysing it (docs/scale-out.md)")
        ->each([&c](const std::string&) { c.scan_publish = true; });
    scan.add_option("--stream", c.stream, "With --publish: the work-queue stream (default: nats.stream, else MIKIWAME_MAIL)");
    scan.add_option("--label", c.label, "With --publish: a label carried with each mail to its result");
}

std::optional<int> run(const Commands& c, const cli::CommonFlags& flags) {
    std::optional<int> rc;
    if (*c.publish) rc = run_publish(c, c.paths, flags);
    else if (c.scan && *c.scan && !c.url.empty() && c.scan_publish) rc = run_publish(c, *c.scan_paths, flags);
    else if (*c.worker) rc = run_worker_command(c, flags);
    else if (*c.results) rc = run_results(c, flags);
    else return std::nullopt;
    shutdown_library();
    return rc;
}

} // namespace mikiwame::nats

// SPDX-License-Identifier: Apache-2.0
#include "scan_command.h"

#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "../common/thread_cpu_clock.h"
#include "csv_field.h"
#include "mailbox.h"
#include "mikiwame/input.h"
#include "mikiwame/visible.h"
#include "output.h"
#include "scan_indicators.h"
#include "scan_progress.h"
#include "scan_state.h"
#include "scan_summary.h"

namespace mikiwame::cli {

namespace {

// Set by SIGINT/SIGTERM: no new mail is started; what is in hand is finished and written.
std::atomic<bool> stop_requested{false};

// A second Ctrl-C ends the program at once (the default action is back after the first).
extern "C" void request_stop(int signal_number) {
    stop_requested.store(true);
    std::signal(signal_number, SIG_DFL);
}

// Mails analysed ahead of the one being written, per job: bounds memory while keeping every
// job busy when one mail is slow.
constexpr std::size_t kWindowPerJob = 64;

// What a worker hands to the writer for one mail.
struct Outcome {
    bool ready = false;
    bool unchanged = false;         // judged earlier by the same engine (--state)
    std::optional<Error> error;     // unreadable, not mail, analysis failed
    std::optional<Report> report;
    std::string line;               // the JSON line or CSV row, with its line end
    std::string sha256;
    std::uint64_t bytes = 0;
    std::uint64_t cpu_ns = 0;
};


constexpr std::string_view kCsvHeader =
    "file,offset,sha256,verdict,score,subject,from,origin_ip,origin_country,brands,top_reasons,urls\n";

std::string csv_row(const MailLocation& where, const Report& r) {
    std::string brands, reasons;
    for (const auto& b : r.brands) brands += (brands.empty() ? "" : " ") + b.id;
    for (const auto& id : r.top_reasons) reasons += (reasons.empty() ? "" : " ") + id;
    return fmt::format("{},{},{},{},{:.2f},{},{},{},{},{},{},{}\n", csv_field(where.file),
                       where.offset ? std::to_string(*where.offset) : std::string(), r.message.sha256, to_string(r.verdict),
                       r.score, csv_field(r.message.subject), csv_field(r.sender.from.address),
                       r.origin ? r.origin->ip : std::string(), r.origin && r.origin->country ? *r.origin->country : std::string(),
                       brands, reasons, r.urls.size());
}

// The report's JSON with the mail's location in front: {"source":{"file":…,"offset":…},…}.
std::string json_line(const MailLocation& where, const std::string& report_json) {
    nlohmann::ordered_json source = {{"file", where.file}};
    source["offset"] = where.offset ? nlohmann::ordered_json(*where.offset) : nlohmann::ordered_json(nullptr);
    std::string line = "{\"source\":" + source.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    line += report_json.size() > 2 ? "," + report_json.substr(1) : "}";
    return line + "\n";
}

class Sink {
public:
    explicit Sink(const std::string& path) : path_(path) {
        if (!path.empty()) file_ = std::fopen(path.c_str(), "wb");
    }
    ~Sink() {
        if (file_) std::fclose(file_);
    }
    Sink(const Sink&) = delete;
    Sink& operator=(const Sink&) = delete;
    bool opened() const { return path_.empty() || file_; }
    bool write(std::string_view text) {
        if (!file_) return write_stdout(text);
        return std::fwrite(text.data(), 1, text.size(), file_) == text.size();
    }
    bool close() {
        if (!file_) return flush_stdout();
        const bool ok = std::fclose(file_) == 0;
        file_ = nullptr;
        return ok;
    }

private:
    std::string path_;
    std::FILE* file_ = nullptr;
};

std::int64_t now_epoch() { return static_cast<std::int64_t>(std::time(nullptr)); }

} // namespace

int run_scan(const Engine& engine, const ScanArgs& args) {
    if (args.paths.empty()) {
        std::fprintf(stderr, "mikiwame: scan: no mailbox given (paths, or - to read them from standard input)\n");
        return 64;
    }
    const auto started = std::chrono::steady_clock::now();
    const bool on_terminal = isatty(STDERR_FILENO) != 0;
    MailboxListing listing = list_mailboxes(args.paths);
    for (const auto& p : listing.problems)
        std::fprintf(stderr, "mikiwame: %s: %s\n", make_visible(p.location, false).c_str(), p.message.c_str());
    if (listing.messages.empty() && !listing.problems.empty()) {
        std::fprintf(stderr, "mikiwame: scan: nothing to scan\n");
        return 66;
    }

    std::optional<ScanState> state;
    if (!args.state.empty()) {
        const EngineInfo& info = engine.info();
        auto opened = ScanState::open(args.state, fmt::format("mikiwame {} data {} model {}", info.version, info.data_version,
                                                              info.content_model.value_or("none")));
        if (!opened) {
            std::fprintf(stderr, "mikiwame: %s: %s\n", opened.error().context.c_str(), opened.error().message.c_str());
            return exit_code_for(opened.error().code);
        }
        state.emplace(std::move(opened.value()));
    }
    Sink sink(args.output);
    if (!sink.opened()) {
        std::fprintf(stderr, "mikiwame: %s: cannot write the results\n", args.output.c_str());
        return 66;
    }
    const bool csv = args.format == "csv";
    if (csv && !sink.write(kCsvHeader)) return write_failed();

    const std::size_t count = listing.messages.size();
    unsigned jobs = args.jobs == 0 ? std::max(1u, std::thread::hardware_concurrency()) : args.jobs;
    jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(count, 1)));
    const std::size_t window = std::size_t{jobs} * kWindowPerJob;
    std::vector<Outcome> slots(window);
    std::mutex mutex;
    std::condition_variable slot_ready, window_moved;
    std::size_t written = 0; // the writer's position: mails [0, written) are written
    std::atomic<std::size_t> next{0};
    // Claimed by a worker and being analysed: on an interruption the writer waits for these
    // and no others. Written under `mutex`.
    std::vector<char> in_hand(count, 0);

    stop_requested.store(false);
    auto previous_int = std::signal(SIGINT, request_stop);
    auto previous_term = std::signal(SIGTERM, request_stop);

    const std::size_t hard_cap = engine.limits().max_message_bytes * 4;
    auto worker = [&] {
        AnalysisContext context;
        for (;;) {
            if (stop_requested.load()) return;
            const std::size_t i = next.fetch_add(1);
            if (i >= count) return;
            {
                std::unique_lock lock(mutex);
                window_moved.wait(lock, [&] { return i < written + window || stop_requested.load(); });
                if (stop_requested.load()) return;
                in_hand[i] = 1;
            }
            Outcome out;
            const MailLocation& where = listing.messages[i];
            auto loaded = load_mail(where, engine.limits(), hard_cap);
            if (!loaded) {
                out.error = loaded.error();
            } else {
                out.bytes = loaded->raw.size();
                out.sha256 = message_sha256(loaded->raw);
                if (state && state->seen(out.sha256)) {
                    out.unchanged = true;
                } else {
                    const std::uint64_t cpu_before = apps::thread_cpu_ns();
                    AnalyzeRequest request;
                    request.raw = loaded->raw;
                    request.input_notes = std::move(loaded->notes);
                    request.unwrap_forwarded = args.unwrap_forwarded;
                    auto report = engine.analyze(request, context);
                    if (!report) {
                        out.error = Error{report.error().code, report.error().message, location_name(where)};
                    } else {
                        out.line = csv ? csv_row(where, *report)
                                       : json_line(where, engine.renderer().render(*report, ReportFormat::JsonLine));
                        out.report = std::move(report.value());
                    }
                    out.cpu_ns = apps::thread_cpu_ns() - cpu_before;
                }
            }
            out.ready = true;
            {
                std::lock_guard lock(mutex);
                slots[i % window] = std::move(out);
            }
            slot_ready.notify_all();
        }
    };
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < jobs; ++t) threads.emplace_back(worker);

    ScanSummary summary;
    IndicatorSet indicators;
    ScanRun run;
    run.listed = count;
    run.problems = listing.problems.size();
    run.jobs = jobs;
    std::uint64_t cpu_ns = 0;
    ScanProgress progress(on_terminal && !args.quiet, count);
    std::array<std::uint64_t, 4> tally{}; // phishing, suspicious, spam, clean
    bool write_ok = true;
    std::optional<Error> state_error;
    const std::int64_t scan_time = now_epoch();
    for (std::size_t i = 0; i < count; ++i) {
        Outcome out;
        {
            std::unique_lock lock(mutex);
            for (;;) {
                if (slots[i % window].ready) break;
                // Interrupted: the mails claimed are finished; once none is in hand, stop here.
                if (stop_requested.load() && !in_hand[i]) break;
                slot_ready.wait_for(lock, std::chrono::milliseconds(100));
                if (!slots[i % window].ready) {
                    lock.unlock();
                    progress.update(i, tally);
                    lock.lock();
                }
            }
            if (!slots[i % window].ready) break;
            out = std::move(slots[i % window]);
            slots[i % window] = Outcome{};
            ++written;
        }
        window_moved.notify_all();
        const MailLocation& where = listing.messages[i];
        if (out.error) {
            ++run.failed;
            progress.clear();
            std::fprintf(stderr, "mikiwame: %s: %s\n", make_visible(location_name(where), false).c_str(),
                         make_visible(out.error->message, false).c_str());
        } else if (out.unchanged) {
            ++run.unchanged;
        } else {
            const Report& r = *out.report;
            summary.add(r);
            indicators.add(r, engine, location_name(where), scan_time);
            run.bytes += out.bytes;
            cpu_ns += out.cpu_ns;
            switch (r.verdict) {
            case Verdict::Phishing: ++tally[0]; break;
            case Verdict::Suspicious: ++tally[1]; break;
            case Verdict::Spam: ++tally[2]; break;
            case Verdict::Clean: ++tally[3]; break;
            }
            if (write_ok && !sink.write(out.line)) write_ok = false;
            if (state && !state_error) {
                auto recorded = state->record(out.sha256, r.verdict, r.score, location_name(where));
                if (!recorded) state_error = recorded.error();
            }
        }
        if (!write_ok) stop_requested.store(true);
        progress.update(i + 1, tally, i + 1 == count);
    }
    window_moved.notify_all();
    for (auto& t : threads) t.join();
    std::signal(SIGINT, previous_int);
    std::signal(SIGTERM, previous_term);
    progress.clear();

    run.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    run.cpu_seconds = static_cast<double>(cpu_ns) / 1e9;
    const std::uint64_t done = summary.analysed() + run.unchanged + run.failed;
    run.interrupted = done < count;
    if (state && !state_error) {
        auto committed = state->commit();
        if (!committed) state_error = committed.error();
    }
    if (!sink.close() || !write_ok) return write_failed();
    if (state_error) {
        std::fprintf(stderr, "mikiwame: %s: %s\n", state_error->context.c_str(), state_error->message.c_str());
        return exit_code_for(state_error->code);
    }
    for (const auto& file : args.indicators) {
        auto wrote = indicators.write(file, now_epoch());
        if (!wrote) {
            std::fprintf(stderr, "mikiwame: %s: %s\n", wrote.error().context.c_str(), wrote.error().message.c_str());
            return 74;
        }
    }
    if (!args.summary.empty()) {
        const std::string text = args.summary == "json" ? summary.json(run) : summary.text(run);
        // Beside results on standard output the summary goes to standard error.
        if (args.output.empty()) {
            std::fputs(text.c_str(), stderr);
        } else if (!write_stdout(text) || !flush_stdout()) {
            return write_failed();
        }
    }
    if (run.interrupted) {
        std::fprintf(stderr, "mikiwame: scan interrupted: %llu of %zu mails done%s\n", static_cast<unsigned long long>(done), count,
                     state ? "; the same command with the same --state resumes" : "; --state FILE lets a rerun resume");
        return 130;
    }
    if (!args.quiet && on_terminal && args.summary.empty()) {
        std::fprintf(stderr, "mikiwame: scanned %zu mails in %.1f s: %llu phishing, %llu suspicious, %llu spam, %llu clean%s%s\n", count,
                     run.wall_seconds, static_cast<unsigned long long>(tally[0]), static_cast<unsigned long long>(tally[1]),
                     static_cast<unsigned long long>(tally[2]), static_cast<unsigned long long>(tally[3]),
                     run.unchanged > 0 ? fmt::format(", {} unchanged", run.unchanged).c_str() : "",
                     run.failed > 0 ? fmt::format(", {} unreadable", run.failed).c_str() : "");
    }
    if (state && !args.quiet)
        std::fprintf(stderr, "mikiwame: %llu mail%s unchanged since the last scan (state %s), %llu analysed\n",
                     static_cast<unsigned long long>(run.unchanged), run.unchanged == 1 ? "" : "s",
                     make_visible(args.state, false).c_str(), static_cast<unsigned long long>(summary.analysed()));
    if (run.failed > 0 || run.problems > 0) return 2;
    return tally[0] > 0 ? 1 : 0;
}

} // namespace mikiwame::cli

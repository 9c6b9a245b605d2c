// SPDX-License-Identifier: Apache-2.0
// mikiwame command line: thin layer over the public API (include/mikiwame/). Exit codes follow
// sysexits (STYLE 7.3): 0 done, 64 usage, 65 input is not a (single) mail or is over a hard
// limit, 66 cannot open, 70 internal, 74 write error, 78 configuration or data error; with
// `analyze --exit-code`, 0 clean, 1 suspicious, 2 spam, 3 phishing instead of 0.
#include <sys/resource.h>

// g++ 12 -O2 reports -Wnull-dereference inside CLI11's inlined string splitting (a false positive).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <CLI/CLI.hpp>
#pragma GCC diagnostic pop
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "../milter/milter_command.h"
#include "../nats/nats_commands.h"
#include "../server/serve_command.h"
#include "completion.h"
#include "eval_command.h"
#include "intel_command.h"
#include "learn_command.h"
#include "mikiwame/config.h"
#include "mikiwame/engine.h"
#include "mikiwame/input.h"
#include "mikiwame/render.h"
#include "mikiwame/version.h"
#include "mikiwame/visible.h"
#include "output.h"
#include "read_input.h"
#include "scan_command.h"
#include "settings.h"

namespace {

using namespace mikiwame;

int fail(const Error& error) {
    if (error.context.empty()) {
        std::fprintf(stderr, "mikiwame: %s\n", error.message.c_str());
    } else {
        std::fprintf(stderr, "mikiwame: %s: %s\n", error.context.c_str(), error.message.c_str());
    }
    return exit_code_for(error.code);
}

// `data check`: what loaded, then what loads but looks wrong (warnings, errors with --strict).
int run_data_check(const Engine& engine, bool strict) {
    std::string text;
    for (const auto& line : engine.data_summary()) text += line + "\n";
    if (!cli::write_stdout(text) || !cli::flush_stdout()) return cli::write_failed();
    const std::vector<DataWarning> warnings = engine.data_warnings();
    for (const auto& w : warnings)
        std::fprintf(stderr, "mikiwame: %s: %s: %s\n", strict ? "error" : "warning", make_visible(w.location, false).c_str(),
                     make_visible(w.message, false).c_str());
    const char* plural = warnings.size() == 1 ? "" : "s";
    if (strict && !warnings.empty()) {
        std::fprintf(stderr, "mikiwame: data check: %zu problem%s (--strict)\n", warnings.size(), plural);
        return 78;
    }
    text = warnings.empty() ? std::string("data check: OK\n") : fmt::format("data check: OK with {} warning{}\n", warnings.size(), plural);
    return cli::write_stdout(text) && cli::flush_stdout() ? 0 : cli::write_failed();
}

struct AnalyzeArgs {
    std::string input = "-";
    std::string format = "text";
    std::string lang;
    std::string audience = "analyst";
    std::string output; // -o FILE; empty: standard output
    bool stats = false;
    bool exit_code = false;
    bool no_unwrap_forwarded = false; // --no-unwrap-forwarded
};

// Peak resident memory of this program image (VmHWM). getrusage() would also count memory
// of the process image that exec'd us, which is not ours to report.
long peak_rss_kb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

// User + system CPU of this process: unlike the wall clock it does not grow when the machine
// is busy with other work (CI runs tests in parallel).
double cpu_ms() {
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) != 0) return -1;
    auto ms = [](const timeval& t) { return static_cast<double>(t.tv_sec) * 1000 + static_cast<double>(t.tv_usec) / 1000; };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
}

// The report language when neither --lang nor the configuration chose one and the mail's own
// language is not decisive: the user's locale (LC_ALL, then LC_MESSAGES, then LANG).
std::string locale_language() {
    for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        const char* value = std::getenv(name);
        if (!value || !*value) continue;
        return std::string_view(value).starts_with("ja") ? "ja" : "en";
    }
    return "en";
}

int verdict_exit_code(Verdict v) {
    switch (v) {
    case Verdict::Clean: return 0;
    case Verdict::Suspicious: return 1;
    case Verdict::Spam: return 2;
    case Verdict::Phishing: return 3;
    }
    return 0;
}

// The one message of `input`: mail as it is, an mbox of one without its envelope line, an
// Outlook .msg rebuilt as MIME (with notes); anything else is an input error naming what it is.
Result<std::string> single_message(std::string_view bytes, const std::string& name, const Limits& limits,
                                   std::vector<std::string>& notes) {
    InputInspection inspected = inspect_input(bytes);
    switch (inspected.kind) {
    case InputKind::Mail: return std::string();
    case InputKind::Mbox:
        if (inspected.mbox_messages == 1) return split_mbox(bytes, 1).front().text;
        return make_error(ErrorCode::InputRejected,
                          inspected.description + ": analyze reads one message (eval counts each; split the mbox to analyse them one by one)", name);
    case InputKind::OutlookMsg: {
        auto converted = convert_outlook_msg(bytes, limits);
        if (!converted) return make_error(ErrorCode::InputRejected, converted.error().message, name);
        notes = std::move(converted->notes);
        return std::move(converted->mime);
    }
    case InputKind::Empty:
    case InputKind::NotMail: break;
    }
    return make_error(ErrorCode::InputRejected, inspected.description + ": not a mail message", name);
}

int run_analyze(const AnalyzeArgs& args, const cli::CommonFlags& flags) {
    auto started = std::chrono::steady_clock::now();
    auto settings = cli::resolve_settings(flags);
    if (!settings) return fail(settings.error());
    auto engine = Engine::load(settings->engine);
    if (!engine) return fail(engine.error());
    const double load_cpu_ms = cpu_ms();
    auto raw = cli::read_input(args.input, (*engine)->limits().max_message_bytes * 4);
    if (!raw) return fail(raw.error());
    std::vector<std::string> input_notes;
    auto extracted = single_message(raw->bytes(), args.input == "-" ? "standard input" : args.input, (*engine)->limits(), input_notes);
    if (!extracted) return fail(extracted.error());
    AnalysisContext context;
    AnalyzeRequest request;
    request.input_notes = std::move(input_notes);
    request.raw = extracted->empty() ? raw->bytes() : std::string_view(*extracted);
    request.unwrap_forwarded = settings->unwrap_forwarded && !args.no_unwrap_forwarded;
    request.online = settings->engine.online.enabled;
    auto report = (*engine)->analyze(request, context);
    if (!report) return fail(report.error());
    std::string lang = !args.lang.empty() ? args.lang : settings->language;
    if (lang.empty()) lang = report->content_language.empty() ? locale_language() : report->content_language;
    const std::string rendered =
        (*engine)->renderer().render(*report, parse_report_format(args.format).value_or(ReportFormat::Text), lang,
                                     parse_audience(args.audience).value_or(Audience::Analyst));
    if (!args.output.empty()) {
        std::FILE* out = std::fopen(args.output.c_str(), "wb");
        if (!out) return fail(Error{ErrorCode::CannotOpen, "cannot write the report", args.output});
        bool ok = std::fwrite(rendered.data(), 1, rendered.size(), out) == rendered.size();
        ok = (std::fclose(out) == 0) && ok;
        if (!ok) return cli::write_failed();
    } else if (!cli::write_stdout(rendered) || !cli::flush_stdout()) {
        return cli::write_failed();
    }
    if (args.stats) {
        auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        const double total_cpu_ms = cpu_ms();
        const CacheCounts& cache = (*engine)->cache_counts();
        std::fprintf(stderr,
                     "mikiwame: stats: elapsed_ms=%.1f cpu_ms=%.1f load_cpu_ms=%.1f peak_rss_kb=%ld input_bytes=%zu "
                     "pattern_cache=%u hit, %u compiled (%u missing, %u stale, %u damaged, %u not stored)\n",
                     elapsed, total_cpu_ms, load_cpu_ms, peak_rss_kb(), raw->bytes().size(), cache.hits,
                     cache.misses + cache.stale + cache.rejected, cache.misses, cache.stale, cache.rejected, cache.unwritable);
    }
    return args.exit_code ? verdict_exit_code(report->verdict) : 0;
}

std::filesystem::path intel_db_for(const cli::CommonFlags& flags, const Config& settings) {
    if (!flags.intel_db.empty()) return flags.intel_db;
    if (!settings.engine.intel_db.empty()) return settings.engine.intel_db;
    return cli::default_intel_db_path();
}

std::string version_line() {
    const VersionInfo& v = version_info();
    return fmt::format("mikiwame {} (commit {})", v.version, v.commit);
}

// Levenshtein distance for "did you mean": command names are short.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

// The first word that is not an option (or an option's value) must name a command.
std::optional<std::string> unknown_command(int argc, char** argv, const CLI::App& app) {
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (arg == "--config") {
            ++i;
            continue;
        }
        if (arg.starts_with("-")) continue;
        for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
            if (sub->check_name(std::string(arg))) return std::nullopt;
        std::string best;
        std::size_t best_distance = 3;
        for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
            std::size_t d = edit_distance(arg, sub->get_name());
            if (d < best_distance) {
                best_distance = d;
                best = sub->get_name();
            }
        }
        return best.empty() ? fmt::format("unknown command '{}' (see 'mikiwame help')", arg)
                            : fmt::format("unknown command '{}' (did you mean '{}'?)", arg, best);
    }
    return std::nullopt;
}

// CLI11's messages as one line with our prefix.
std::string one_line(std::string text) {
    std::replace(text.begin(), text.end(), '\n', ' ');
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text;
}

} // namespace

int main(int argc, char** argv) {
    // A closed pipe is a write error we report (exit 74), not a silent death by SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
    CLI::App app{"mikiwame: sees through phishing mail, with evidence"};
    app.require_subcommand(1);
    app.fallthrough();
    app.set_version_flag("--version", version_line(), "Print the version and exit");
    cli::CommonFlags flags;
    app.add_option("--config", flags.config, "Configuration file (default: /etc/mikiwame/mikiwame.toml when it exists)");

    AnalyzeArgs analyze_args;
    CLI::App* analyze = app.add_subcommand("analyze", "Analyse one message and print a report");
    analyze->add_option("file", analyze_args.input, "Message file (RFC 5322 .eml, an mbox of one), or - for standard input")
        ->capture_default_str();
    analyze->add_option("-f,--format", analyze_args.format, "Report format")
        ->check(CLI::IsMember({"text", "markdown", "html", "json"}))
        ->capture_default_str();
    analyze->add_option("-l,--lang", analyze_args.lang,
                        "Report language (default: the configuration's, else the mail's, else the locale's)")
        ->check(CLI::IsMember({"ja", "en"}));
    analyze->add_option("--audience", analyze_args.audience,
                        "Who reads the report: analyst (every section) or user (verdict, one sentence, what to do)")
        ->check(CLI::IsMember({"analyst", "user"}))
        ->capture_default_str();
    analyze->add_option("-o,--output", analyze_args.output, "Write the report to FILE instead of standard output");
    analyze->add_option("--data", flags.data_dir, "Data directory (default: the installed or shipped data/)");
    analyze->add_option("--intel-db", flags.intel_db,
                        "Phishing-URL database (default: intel.db of the configuration, else $XDG_DATA_HOME/mikiwame/intel.sqlite when it exists)");
    analyze->add_option("--geoip-dir", flags.geoip_dir, "Directory of the IP country/ASN databases");
    analyze->add_flag("--stats", analyze_args.stats, "Print elapsed time, CPU time and peak memory to standard error");
    analyze->add_flag("--exit-code", analyze_args.exit_code,
                      "Exit with the verdict: 0 clean, 1 suspicious, 2 spam, 3 phishing (errors keep their codes)");
    analyze->add_flag("--online", flags.online,
                      "Check SPF, DKIM and DMARC over DNS (and FCrDNS, blocklists as configured); default: online.enabled, off");
    analyze->add_option("--resolver", flags.resolver, "DNS resolver for --online: IP or IP@PORT (default: online.resolver, else /etc/resolv.conf)");
    analyze->add_flag("--no-unwrap-forwarded", analyze_args.no_unwrap_forwarded,
                      "Analyse a forwarded report as the mail it is, not as the message it forwards (analysis.unwrap_forwarded)");

    cli::EvalArgs eval_args;
    CLI::App* eval = app.add_subcommand("eval", "Detection and false-positive rates over labelled folders");
    eval->add_option("--phish", eval_args.phish_dirs, "Folder(s) or mbox(es) of phishing mail");
    eval->add_option("--ham", eval_args.ham_dirs, "Folder(s) or mbox(es) of legitimate mail");
    eval->add_option("--spam", eval_args.spam_dirs, "Folder(s) or mbox(es) of spam");
    eval->add_option("-j,--jobs", eval_args.jobs, "Parallel workers (default: one per core)");
    eval->add_option("--misses", eval_args.misses_file, "Write the misclassified files with verdict, score and top findings to FILE");
    eval->add_option("--data", flags.data_dir, "Data directory (default: the installed or shipped data/)");
    eval->add_option("--intel-db", flags.intel_db, "Phishing-URL database");
    eval->add_option("--geoip-dir", flags.geoip_dir, "Directory of the IP country/ASN databases");
    eval->add_option("--cross-validate", eval_args.cross_validate,
                     "Split the mail into K folds (by subject) and judge each with a content model trained on the others")
        ->check(CLI::Range(2u, 100u));
    eval->add_option("--train-phish", eval_args.train_phish_dirs, "With --cross-validate: phishing every fold's model also learns (never judged)");
    eval->add_option("--train-spam", eval_args.train_spam_dirs, "With --cross-validate: spam every fold's model also learns (never judged)");
    eval->add_option("--train-ham", eval_args.train_ham_dirs, "With --cross-validate: ham every fold's model also learns (never judged)");
    eval->add_option("--min-count", eval_args.min_count, "With --cross-validate: tokens kept in a fold's model when in at least N messages")
        ->check(CLI::Range(1u, 1000000u));

    cli::ScanArgs scan_args;
    CLI::App* scan = app.add_subcommand("scan", "Analyse every mail of Maildir, mbox and MH folders and directories, on every core");
    scan->add_option("paths", scan_args.paths, "Mailboxes, folders or message files; - reads the paths from standard input")->required();
    scan->add_option("-j,--jobs", scan_args.jobs, "Parallel workers (default: one per core)");
    scan->add_option("-f,--format", scan_args.format, "One JSON line (the report and the mail's location) or one CSV row per mail")
        ->check(CLI::IsMember({"jsonl", "csv"}))
        ->capture_default_str();
    scan->add_option("-o,--output", scan_args.output, "Write the results to FILE instead of standard output");
    scan->add_option("--summary", scan_args.summary,
                     "Print counts per verdict and the top findings, brands, origins and link domains (to standard error when the results go to standard output)")
        ->check(CLI::IsMember({"text", "json"}));
    scan->add_option("--indicators", scan_args.indicators,
                     "Write the phishing and suspicious mails' indicators to FILE: a STIX 2.1 bundle for *.json, else CSV (repeatable)");
    scan->add_option("--state", scan_args.state, "SQLite file of what was scanned: a rerun analyses only new or changed mail");
    scan->add_flag("-q,--quiet", scan_args.quiet, "No progress line and no closing tally on the terminal");
    bool scan_no_unwrap = false;
    scan->add_flag("--no-unwrap-forwarded", scan_no_unwrap,
                   "Analyse forwarded reports as the mails they are, not as the messages they forward (analysis.unwrap_forwarded)");
    scan->add_option("--data", flags.data_dir, "Data directory (default: the installed or shipped data/)");
    scan->add_option("--intel-db", flags.intel_db, "Phishing-URL database");
    scan->add_option("--geoip-dir", flags.geoip_dir, "Directory of the IP country/ASN databases");

    cli::LearnArgs learn_args;
    CLI::App* learn = app.add_subcommand("learn", "Train the statistical content model from labelled mail");
    learn->add_option("--phish", learn_args.phish_dirs, "Folder(s) or mbox(es) of phishing mail");
    learn->add_option("--spam", learn_args.spam_dirs, "Folder(s) or mbox(es) of spam");
    learn->add_option("--ham", learn_args.ham_dirs, "Folder(s) or mbox(es) of legitimate mail");
    learn->add_option("-o,--output", learn_args.output,
                      "Model file to write (default: model.path of the configuration, else <data>/model/content.model)");
    learn->add_option("--min-count", learn_args.min_count, "Keep tokens seen in at least N messages (default 2)")
        ->check(CLI::Range(1u, 1000000u));
    learn->add_option("-j,--jobs", learn_args.jobs, "Parallel workers (default: one per core)");
    learn->add_option("--data", flags.data_dir, "Data directory (default: the installed or shipped data/)");

    std::vector<std::string> import_files;
    CLI::App* intel = app.add_subcommand("intel", "Local phishing intelligence");
    auto add_db_option = [&](CLI::App* command) {
        command->add_option("--db", flags.intel_db,
                            "Database (default: intel.db of the configuration, else $XDG_DATA_HOME/mikiwame/intel.sqlite)");
    };
    CLI::App* intel_import = intel->add_subcommand("import", "Load phishing URL feeds (JPCERT/CC CSV, URL or domain lists)");
    intel_import->add_option("files", import_files, "Feed files")->required();
    add_db_option(intel_import);
    std::string lookup_url;
    CLI::App* intel_lookup = intel->add_subcommand("lookup", "Look a URL up in the database");
    intel_lookup->add_option("url", lookup_url, "URL")->required();
    add_db_option(intel_lookup);
    cli::IntelListArgs list_args;
    CLI::App* intel_list = intel->add_subcommand("list", "List feed entries");
    intel_list->add_option("--source", list_args.source, "Only entries of this feed (file name)");
    intel_list->add_option("--limit", list_args.limit, "At most this many entries (default 100; 0: all)");
    add_db_option(intel_list);
    std::vector<std::string> remove_what;
    std::string remove_source;
    CLI::App* intel_remove = intel->add_subcommand("remove", "Remove entries by URL/host/domain, or a whole feed with --source");
    intel_remove->add_option("entries", remove_what, "URLs, hosts or domains as listed");
    intel_remove->add_option("--source", remove_source, "Remove every entry of this feed (file name)");
    add_db_option(intel_remove);
    CLI::App* intel_stats = intel->add_subcommand("stats", "Entries per feed and month");
    add_db_option(intel_stats);
    intel->require_subcommand(1);

    CLI::App* data = app.add_subcommand("data", "Data catalogue tools");
    CLI::App* data_check = data->add_subcommand("check", "Validate a data directory (default: the installed or shipped data/)");
    data_check->add_option("dir", flags.data_dir, "Data directory");
    bool strict_data = false;
    data_check->add_flag("--strict", strict_data, "Warnings are errors (exit 78)");
    data->require_subcommand(1);

    auto milter_command = milter::add_command(app, flags);
    auto nats_commands = nats::add_commands(app, flags);
    auto serve_command = server::add_command(app, flags);
    nats::add_scan_publish_options(*scan, *nats_commands, scan_args.paths);

    std::string completion_shell;
    CLI::App* completion = app.add_subcommand("completion", "Print the bash or zsh completion script (make install installs both)");
    completion->add_option("shell", completion_shell, "Shell")->required()->check(CLI::IsMember({"bash", "zsh"}));

    std::string help_topic;
    CLI::App* help = app.add_subcommand("help", "Show help for mikiwame or one of its commands");
    help->add_option("command", help_topic, "Command name");

    if (auto unknown = unknown_command(argc, argv, app)) {
        std::fprintf(stderr, "mikiwame: %s\n", unknown->c_str());
        return 64;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::fprintf(stderr, "mikiwame: %s (see 'mikiwame help')\n", one_line(e.what()).c_str());
        return 64;
    }
    try {
        if (*help) {
            std::string text;
            // App::help() on a parsed app describes the selected subcommand ("help" itself).
            auto formatter = app.get_formatter();
            if (help_topic.empty()) {
                text = formatter->make_help(&app, "mikiwame", CLI::AppFormatMode::Normal);
            } else {
                const CLI::App* topic = nullptr;
                for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
                    if (sub->check_name(help_topic)) topic = sub;
                if (!topic) {
                    std::fprintf(stderr, "mikiwame: help: unknown command '%s'\n", help_topic.c_str());
                    return 64;
                }
                text = formatter->make_help(topic, "mikiwame " + topic->get_name(), CLI::AppFormatMode::Normal);
            }
            return cli::write_stdout(text) && cli::flush_stdout() ? 0 : cli::write_failed();
        }
        if (*completion)
            return cli::write_stdout(cli::completion_script(app, completion_shell)) && cli::flush_stdout() ? 0 : cli::write_failed();
        if (*milter_command->app) return milter::run(*milter_command, flags);
        if (auto rc = nats::run(*nats_commands, flags)) return *rc;
        if (*serve_command->app) return server::run(*serve_command, flags);
        if (*analyze) return run_analyze(analyze_args, flags);
        auto settings = cli::resolve_settings(flags);
        if (!settings) return fail(settings.error());
        learn_args.unwrap_forwarded = settings->unwrap_forwarded;
        eval_args.unwrap_forwarded = settings->unwrap_forwarded;
        scan_args.unwrap_forwarded = settings->unwrap_forwarded && !scan_no_unwrap;
        if (*learn) return cli::run_learn(settings->engine, learn_args);
        if (*eval && eval_args.cross_validate > 0) return cli::run_cross_validation(settings->engine, eval_args);
        if (*intel) {
            const auto path = intel_db_for(flags, *settings);
            if (*intel_import) return cli::run_intel_import(import_files, path);
            if (*intel_lookup) return cli::run_intel_lookup(lookup_url, path);
            if (*intel_list) return cli::run_intel_list(list_args, path);
            if (*intel_remove) return cli::run_intel_remove(remove_what, remove_source, path);
            if (*intel_stats) return cli::run_intel_stats(path);
        }
        auto engine = Engine::load(settings->engine);
        if (!engine) return fail(engine.error());
        if (*data_check) return run_data_check(**engine, strict_data);
        if (*eval) return cli::run_eval(**engine, eval_args);
        if (*scan) return cli::run_scan(**engine, scan_args);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "mikiwame: internal error: %s\n", e.what());
        return 70;
    }
    return 64;
}

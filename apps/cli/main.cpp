// SPDX-License-Identifier: Apache-2.0
// mikiwame command line: thin layer over the Engine facade. Exit codes follow sysexits
// (STYLE 7.3): 0 analysed, 64 usage, 65 input rejected, 66 cannot open, 70 internal, 78 data.
#include <sys/resource.h>

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "eval_command.h"
#include "intel_command.h"
#include "mikiwame/engine.h"
#include "read_input.h"
#include "report/render.h"

namespace {

int fail(const mikiwame::Error& error) {
    if (error.context.empty()) {
        std::fprintf(stderr, "mikiwame: %s\n", error.message.c_str());
    } else {
        std::fprintf(stderr, "mikiwame: %s: %s\n", error.context.c_str(), error.message.c_str());
    }
    return mikiwame::exit_code_for(error.code);
}

struct AnalyzeArgs {
    std::string input = "-";
    std::string format = "text";
    std::string lang;
    std::string data_dir;
    bool stats = false;
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

int run_analyze(const AnalyzeArgs& args) {
    auto started = std::chrono::steady_clock::now();
    mikiwame::EngineOptions options;
    if (!args.data_dir.empty()) options.data_dir = args.data_dir;
    auto engine = mikiwame::Engine::load(options);
    if (!engine) return fail(engine.error());
    auto raw = mikiwame::cli::read_input(args.input, (*engine)->limits().max_message_bytes * 4);
    if (!raw) return fail(raw.error());
    auto report = (*engine)->analyze(raw->bytes());
    if (!report) return fail(report.error());
    if (args.format == "json") {
        std::cout << mikiwame::report::render_json(*report) << "\n";
    } else {
        std::string lang_code = args.lang.empty() ? report->content_language : args.lang;
        const mikiwame::report::Words& words = (*engine)->report_wording().words(lang_code);
        const mikiwame::report::Phrasebook* phrasebook =
            words.language == "ja" ? &(*engine)->japanese_phrasebook() : nullptr;
        if (args.format == "markdown") {
            std::cout << mikiwame::report::render_markdown(*report, words, phrasebook);
        } else if (args.format == "html") {
            std::cout << mikiwame::report::render_html(*report, words, phrasebook);
        } else {
            std::cout << mikiwame::report::render_text(*report, words, phrasebook);
        }
    }
    if (args.stats) {
        std::cout.flush();
        auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        std::fprintf(stderr, "mikiwame: stats: elapsed_ms=%.1f cpu_ms=%.1f peak_rss_kb=%ld input_bytes=%zu\n", elapsed,
                     cpu_ms(), peak_rss_kb(), raw->bytes().size());
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"mikiwame: sees through phishing mail, with evidence"};
    app.require_subcommand(1);
    AnalyzeArgs analyze_args;
    CLI::App* analyze = app.add_subcommand("analyze", "Analyse one message and print a report");
    analyze->add_option("file", analyze_args.input, "Message file, or - for standard input")->capture_default_str();
    analyze->add_option("--format", analyze_args.format, "Report format")
        ->check(CLI::IsMember({"text", "markdown", "html", "json"}))
        ->capture_default_str();
    analyze->add_option("--lang", analyze_args.lang, "Report language (default: the mail's language)")
        ->check(CLI::IsMember({"ja", "en"}));
    analyze->add_option("--data", analyze_args.data_dir, "Data directory (default: the shipped data/)");
    analyze->add_flag("--stats", analyze_args.stats, "Print elapsed time and peak memory to standard error");
    mikiwame::cli::EvalArgs eval_args;
    std::string eval_data_dir;
    CLI::App* eval = app.add_subcommand("eval", "Detection and false-positive rates over labelled folders");
    eval->add_option("--phish", eval_args.phish_dirs, "Folder(s) of phishing mail");
    eval->add_option("--ham", eval_args.ham_dirs, "Folder(s) of legitimate mail");
    eval->add_option("--spam", eval_args.spam_dirs, "Folder(s) of spam");
    eval->add_option("--jobs", eval_args.jobs, "Parallel workers (default: one per core)");
    eval->add_option("--data", eval_data_dir, "Data directory (default: the shipped data/)");
    std::vector<std::string> import_files;
    std::string intel_db;
    CLI::App* intel = app.add_subcommand("intel", "Local phishing intelligence");
    CLI::App* intel_import = intel->add_subcommand("import", "Load phishing URL feeds (JPCERT/CC CSV, URL or domain lists)");
    intel_import->add_option("files", import_files, "Feed files")->required();
    intel_import->add_option("--db", intel_db, "Database (default: $XDG_DATA_HOME/mikiwame/intel.sqlite)");
    std::string lookup_url;
    CLI::App* intel_lookup = intel->add_subcommand("lookup", "Look a URL up in the database");
    intel_lookup->add_option("url", lookup_url, "URL")->required();
    intel_lookup->add_option("--db", intel_db, "Database (default: $XDG_DATA_HOME/mikiwame/intel.sqlite)");
    intel->require_subcommand(1);
    std::string check_dir;
    CLI::App* data = app.add_subcommand("data", "Data catalogue tools");
    CLI::App* data_check = data->add_subcommand("check", "Validate a data directory (default: the shipped data/)");
    data_check->add_option("dir", check_dir, "Data directory");
    data->require_subcommand(1);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? 0 : 64;
    }
    try {
        if (*analyze) return run_analyze(analyze_args);
        if (*intel_import) return mikiwame::cli::run_intel_import(import_files, intel_db);
        if (*intel_lookup) return mikiwame::cli::run_intel_lookup(lookup_url, intel_db);
        if (*data_check) {
            mikiwame::EngineOptions options;
            if (!check_dir.empty()) options.data_dir = check_dir;
            auto engine = mikiwame::Engine::load(options);
            if (!engine) return fail(engine.error());
            for (const auto& line : (*engine)->data_summary()) std::printf("%s\n", line.c_str());
            std::printf("data check: OK\n");
            return 0;
        }
        if (*eval) {
            mikiwame::EngineOptions options;
            if (!eval_data_dir.empty()) options.data_dir = eval_data_dir;
            auto engine = mikiwame::Engine::load(options);
            if (!engine) return fail(engine.error());
            return mikiwame::cli::run_eval(**engine, eval_args);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "mikiwame: internal error: %s\n", e.what());
        return 70;
    }
    return 64;
}

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

#include "../milter/milter_command.h"
#include "eval_command.h"
#include "intel_command.h"
#include "mikiwame/engine.h"
#include "read_input.h"
#include "mikiwame/config.h"
#include "mikiwame/render.h"
#include "settings.h"

namespace {

using namespace mikiwame;

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

Result<std::shared_ptr<const Engine>> load_engine(const Config& config) {
    return Engine::load(config.engine);
}

int run_analyze(const AnalyzeArgs& args, const cli::CommonFlags& flags) {
    auto started = std::chrono::steady_clock::now();
    auto settings = cli::resolve_settings(flags);
    if (!settings) return fail(settings.error());
    auto engine = load_engine(*settings);
    if (!engine) return fail(engine.error());
    auto raw = cli::read_input(args.input, (*engine)->limits().max_message_bytes * 4);
    if (!raw) return fail(raw.error());
    AnalysisContext context;
    AnalyzeRequest request;
    request.raw = raw->bytes();
    auto report = (*engine)->analyze(request, context);
    if (!report) return fail(report.error());
    const std::string lang = args.lang.empty() ? settings->language : args.lang;
    std::cout << (*engine)->renderer().render(*report, parse_report_format(args.format).value_or(ReportFormat::Text), lang);
    if (args.stats) {
        std::cout.flush();
        auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        std::fprintf(stderr, "mikiwame: stats: elapsed_ms=%.1f cpu_ms=%.1f peak_rss_kb=%ld input_bytes=%zu\n", elapsed,
                     cpu_ms(), peak_rss_kb(), raw->bytes().size());
    }
    return 0;
}

std::filesystem::path intel_db_for(const cli::CommonFlags& flags, Result<Config>& settings) {
    if (!flags.intel_db.empty()) return flags.intel_db;
    if (settings && !settings->engine.intel_db.empty()) return settings->engine.intel_db;
    return cli::default_intel_db_path();
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"mikiwame: sees through phishing mail, with evidence"};
    app.require_subcommand(1);
    app.fallthrough();
    cli::CommonFlags flags;
    app.add_option("--config", flags.config, "Configuration file (default: /etc/mikiwame/mikiwame.toml when it exists)");
    AnalyzeArgs analyze_args;
    CLI::App* analyze = app.add_subcommand("analyze", "Analyse one message and print a report");
    analyze->add_option("file", analyze_args.input, "Message file, or - for standard input")->capture_default_str();
    analyze->add_option("--format", analyze_args.format, "Report format")
        ->check(CLI::IsMember({"text", "markdown", "html", "json"}))
        ->capture_default_str();
    analyze->add_option("--lang", analyze_args.lang, "Report language (default: the configuration's, else the mail's language)")
        ->check(CLI::IsMember({"ja", "en"}));
    analyze->add_option("--data", flags.data_dir, "Data directory (default: the installed or shipped data/)");
    analyze->add_option("--intel-db", flags.intel_db, "Phishing-URL database (default: intel.db of the configuration, else $XDG_DATA_HOME/mikiwame/intel.sqlite when it exists)");
    analyze->add_option("--geoip-dir", flags.geoip_dir, "Directory of the IP country/ASN databases");
    analyze->add_flag("--stats", analyze_args.stats, "Print elapsed time and peak memory to standard error");
    cli::EvalArgs eval_args;
    CLI::App* eval = app.add_subcommand("eval", "Detection and false-positive rates over labelled folders");
    eval->add_option("--phish", eval_args.phish_dirs, "Folder(s) of phishing mail");
    eval->add_option("--ham", eval_args.ham_dirs, "Folder(s) of legitimate mail");
    eval->add_option("--spam", eval_args.spam_dirs, "Folder(s) of spam");
    eval->add_option("--jobs", eval_args.jobs, "Parallel workers (default: one per core)");
    eval->add_option("--data", flags.data_dir, "Data directory (default: the installed or shipped data/)");
    eval->add_option("--intel-db", flags.intel_db, "Phishing-URL database");
    eval->add_option("--geoip-dir", flags.geoip_dir, "Directory of the IP country/ASN databases");
    std::vector<std::string> import_files;
    CLI::App* intel = app.add_subcommand("intel", "Local phishing intelligence");
    CLI::App* intel_import = intel->add_subcommand("import", "Load phishing URL feeds (JPCERT/CC CSV, URL or domain lists)");
    intel_import->add_option("files", import_files, "Feed files")->required();
    intel_import->add_option("--db", flags.intel_db, "Database (default: intel.db of the configuration, else $XDG_DATA_HOME/mikiwame/intel.sqlite)");
    std::string lookup_url;
    CLI::App* intel_lookup = intel->add_subcommand("lookup", "Look a URL up in the database");
    intel_lookup->add_option("url", lookup_url, "URL")->required();
    intel_lookup->add_option("--db", flags.intel_db, "Database (default: intel.db of the configuration, else $XDG_DATA_HOME/mikiwame/intel.sqlite)");
    intel->require_subcommand(1);
    CLI::App* data = app.add_subcommand("data", "Data catalogue tools");
    CLI::App* data_check = data->add_subcommand("check", "Validate a data directory (default: the installed or shipped data/)");
    data_check->add_option("dir", flags.data_dir, "Data directory");
    data->require_subcommand(1);
    auto milter_command = milter::add_command(app, flags);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? 0 : 64;
    }
    try {
        if (*milter_command->app) return milter::run(*milter_command, flags);
        if (*analyze) return run_analyze(analyze_args, flags);
        if (*intel_import || *intel_lookup) {
            // The store path may come from the configuration; a broken file is still an error.
            Result<Config> settings = cli::resolve_settings(flags);
            if (!settings) return fail(settings.error());
            const auto path = intel_db_for(flags, settings);
            return *intel_import ? cli::run_intel_import(import_files, path) : cli::run_intel_lookup(lookup_url, path);
        }
        auto settings = cli::resolve_settings(flags);
        if (!settings) return fail(settings.error());
        auto engine = load_engine(*settings);
        if (!engine) return fail(engine.error());
        if (*data_check) {
            for (const auto& line : (*engine)->data_summary()) std::printf("%s\n", line.c_str());
            std::printf("data check: OK\n");
            return 0;
        }
        if (*eval) return cli::run_eval(**engine, eval_args);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "mikiwame: internal error: %s\n", e.what());
        return 70;
    }
    return 64;
}

// SPDX-License-Identifier: Apache-2.0
// Whole-corpus throughput on one core: reads every message under the given folders into
// memory first (I/O is not measured), then runs the message stage and the whole pipeline
// over all of them and prints messages/s and MB/s for each (this thread's CPU time, so a
// preemption does not count), the CPU time of each stage per message as the engine itself
// measures it (AnalysisContext::time_stages), the latency distribution and peak RSS.
// Run pinned: taskset -c 0 (scripts/bench.sh).
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "message/parser.h"
#include "urls/link_analysis.h"
#include "urls/url_catalog.h"
#include "common/thread_cpu_clock.h"
#include "mikiwame/engine.h"

namespace {

struct Corpus {
    std::vector<std::string> messages;
    std::vector<std::string> names; // file paths, for the slowest messages
};

Corpus load(const std::vector<std::string>& dirs) {
    Corpus corpus;
    for (const auto& dir : dirs) {
        std::error_code ec;
        for (const auto& entry : std::filesystem::recursive_directory_iterator(dir, ec)) {
            if (!entry.is_regular_file() || entry.path().extension() != ".eml") continue;
            std::ifstream in(entry.path(), std::ios::binary);
            std::ostringstream buffer; // not istreambuf_iterator: g++ 12 warns -Wnull-dereference in it
            buffer << in.rdbuf();
            corpus.messages.push_back(std::move(buffer).str());
            corpus.names.push_back(entry.path().string());
        }
    }
    return corpus;
}

template <typename F>
void measure(const char* what, const std::vector<std::string>& messages, int rounds, F&& run) {
    std::size_t bytes = 0;
    for (const auto& m : messages) bytes += m.size();
    const double start = mikiwame::apps::thread_cpu_ms();
    for (int r = 0; r < rounds; ++r)
        for (const auto& m : messages) run(m);
    double seconds = (mikiwame::apps::thread_cpu_ms() - start) / 1000;
    double n = static_cast<double>(messages.size()) * rounds;
    std::printf("%-10s %zu messages x %d rounds: %.0f messages/s, %.1f MB/s, %.3f ms/message\n", what,
                messages.size(), rounds, n / seconds, static_cast<double>(bytes) * rounds / seconds / 1e6,
                seconds * 1000 / n);
}

} // namespace

int main(int argc, char** argv) {
    // --data DIR: another data directory (a catalogue with synthetic brands added);
    // --pipeline-only: the whole pipeline and its stage table, not the stages alone.
    std::string data_dir;
    bool pipeline_only = false;
    int rounds = 3; // --rounds N: 1 measures every mail once (no answer remembered from a previous round)
    std::vector<std::string> dirs;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--data" && i + 1 < argc) data_dir = argv[++i];
        else if (arg == "--pipeline-only") pipeline_only = true;
        else if (arg == "--rounds" && i + 1 < argc) rounds = std::max(1, std::atoi(argv[++i]));
        else dirs.push_back(arg);
    }
    if (dirs.empty()) {
        std::fprintf(stderr, "usage: corpus_throughput [--data DIR] [--pipeline-only] [--rounds N] MAILDIR...\n");
        return 64;
    }
    const Corpus corpus = load(dirs);
    const std::vector<std::string>& messages = corpus.messages;
    if (messages.empty()) {
        std::fprintf(stderr, "corpus_throughput: no .eml files found\n");
        return 66;
    }
    // The checkout's IP databases, as the CLI uses them.
    mikiwame::EngineOptions options;
    options.data_dir = data_dir;
    const mikiwame::GeoIpFiles geoip = mikiwame::find_geoip_files(mikiwame::default_geoip_dir());
    options.geoip_country = geoip.country;
    options.geoip_asn = geoip.asn;
    auto engine = mikiwame::Engine::load(options);
    if (!engine) {
        std::fprintf(stderr, "corpus_throughput: %s\n", engine.error().message.c_str());
        return 78;
    }
    if (!pipeline_only) measure("parse", messages, rounds, [](const std::string& m) {
        auto msg = mikiwame::message::parse_message(m, mikiwame::Limits{});
        if (msg.size != m.size()) std::abort();
    });
    // Link analysis alone, on messages parsed beforehand; also the URLs found per message.
    auto catalog = mikiwame::urls::UrlCatalog::load(mikiwame::default_data_dir());
    if (catalog && !pipeline_only) {
        std::vector<mikiwame::message::Message> parsed;
        for (const auto& m : messages) parsed.push_back(mikiwame::message::parse_message(m, mikiwame::Limits{}));
        std::vector<std::size_t> counts;
        const double start = mikiwame::apps::thread_cpu_ms();
        for (int r = 0; r < rounds; ++r)
            for (const auto& msg : parsed) {
                auto facts = mikiwame::urls::analyze_links(msg, {}, *catalog, mikiwame::Limits{});
                if (r == 0) counts.push_back(facts.urls.size());
            }
        double seconds = (mikiwame::apps::thread_cpu_ms() - start) / 1000;
        std::sort(counts.begin(), counts.end());
        std::printf("links      %.3f ms/message in link analysis; URLs per message: median %zu, max %zu\n",
                    seconds * 1000 / (static_cast<double>(parsed.size()) * rounds), counts[counts.size() / 2], counts.back());
    }
    // One context for the run, as a scanner or milter thread keeps one.
    mikiwame::AnalysisContext context;
    measure("pipeline", messages, rounds, [&](const std::string& m) {
        mikiwame::AnalyzeRequest request;
        request.raw = m;
        auto report = (*engine)->analyze(request, context);
        if (!report) std::abort();
    });
    // The same runs again with the engine's stage clock on: where the time goes.
    context.time_stages(true);
    for (int r = 0; r < rounds; ++r)
        for (const auto& m : messages) {
            mikiwame::AnalyzeRequest request;
            request.raw = m;
            if (!(*engine)->analyze(request, context)) std::abort();
        }
    const double analyses = static_cast<double>(messages.size()) * rounds;
    std::uint64_t total_ns = 0;
    for (const auto& t : context.stage_times()) total_ns += t.cpu_ns;
    std::printf("stages     CPU us/message (share):");
    for (const auto& t : context.stage_times())
        if (t.runs > 0)
            std::printf(" %.*s %.1f (%.0f%%)", static_cast<int>(t.stage.size()), t.stage.data(), static_cast<double>(t.cpu_ns) / 1e3 / analyses,
                        100.0 * static_cast<double>(t.cpu_ns) / static_cast<double>(std::max<std::uint64_t>(total_ns, 1)));
    std::printf("; total %.1f\n", static_cast<double>(total_ns) / 1e3 / analyses);
    context.time_stages(false);
    // The distribution per message (what a milter's p99 is made of): CPU time of this thread,
    // best of the rounds, so a preemption does not count as the message's cost.
    std::vector<double> best(messages.size(), 1e300);
    for (int r = 0; r < rounds; ++r)
        for (std::size_t i = 0; i < messages.size(); ++i) {
            const double start = mikiwame::apps::thread_cpu_ms();
            mikiwame::AnalyzeRequest request;
            request.raw = messages[i];
            auto report = (*engine)->analyze(request, context);
            const double ms = mikiwame::apps::thread_cpu_ms() - start;
            if (!report) std::abort();
            best[i] = std::min(best[i], ms);
        }
    std::vector<std::size_t> order(messages.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return best[a] < best[b]; });
    auto at = [&](double q) { return best[order[std::min(order.size() - 1, static_cast<std::size_t>(q * static_cast<double>(order.size())))]]; };
    std::printf("latency    CPU ms/message: p50 %.3f, p90 %.3f, p99 %.3f, max %.3f\n", at(0.5), at(0.9), at(0.99), best[order.back()]);
    for (std::size_t k = 0; k < 5 && k < order.size(); ++k) {
        const std::size_t i = order[order.size() - 1 - k];
        std::printf("  slowest  %.3f ms  %zu bytes  %s\n", best[i], messages[i].size(), corpus.names[i].c_str());
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("memory     peak RSS %.1f MB (corpus held in memory: %.1f MB)\n", static_cast<double>(usage.ru_maxrss) / 1024, [&] {
        double bytes = 0;
        for (const auto& m : messages) bytes += static_cast<double>(m.size());
        return bytes / 1e6;
    }());
    return 0;
}

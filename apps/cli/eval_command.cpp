// SPDX-License-Identifier: Apache-2.0
#include "eval_command.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

namespace mikiwame::cli {

namespace {

struct Sample {
    std::filesystem::path path;
    std::string label; // phish | ham | spam
};

struct Outcome {
    Verdict verdict = Verdict::Clean;
    std::vector<std::string> finding_ids;
    std::size_t bytes = 0;
    bool failed = false;
};

void collect(const std::vector<std::string>& dirs, const std::string& label, std::vector<Sample>& out) {
    for (const auto& dir : dirs) {
        std::error_code ec;
        std::vector<std::filesystem::path> files;
        if (std::filesystem::is_regular_file(dir, ec)) {
            files.emplace_back(dir);
        } else {
            for (const auto& entry : std::filesystem::recursive_directory_iterator(dir, ec))
                if (entry.is_regular_file()) files.push_back(entry.path());
        }
        std::sort(files.begin(), files.end());
        for (auto& f : files) out.push_back({std::move(f), label});
    }
}

double percent(std::size_t n, std::size_t d) {
    return d == 0 ? 0.0 : 100.0 * static_cast<double>(n) / static_cast<double>(d);
}

} // namespace

int run_eval(const Engine& engine, const EvalArgs& args) {
    std::vector<Sample> samples;
    collect(args.phish_dirs, "phish", samples);
    collect(args.spam_dirs, "spam", samples);
    collect(args.ham_dirs, "ham", samples);
    if (samples.empty()) {
        std::fprintf(stderr, "mikiwame: eval: no messages found\n");
        return 66;
    }
    std::vector<Outcome> outcomes(samples.size());
    unsigned jobs = args.jobs ? args.jobs : std::max(1u, std::thread::hardware_concurrency());
    std::atomic<std::size_t> next{0}, done{0};
    std::atomic<std::uint64_t> cpu_ns{0};
    auto wall_start = std::chrono::steady_clock::now();
    auto worker = [&] {
        for (;;) {
            std::size_t i = next.fetch_add(1);
            if (i >= samples.size()) break;
            std::ifstream in(samples[i].path, std::ios::binary);
            std::ostringstream buffer; // not istreambuf_iterator: g++ 12 warns -Wnull-dereference in it
            buffer << in.rdbuf();
            const std::string raw = std::move(buffer).str();
            auto start = std::chrono::steady_clock::now();
            auto report = engine.analyze(raw);
            cpu_ns += static_cast<std::uint64_t>(
                std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count());
            Outcome& o = outcomes[i];
            o.bytes = raw.size();
            if (!report) {
                o.failed = true;
            } else {
                o.verdict = report->verdict;
                for (const auto& f : report->findings) o.finding_ids.push_back(f.id);
            }
            std::size_t d = ++done;
            if (d % 100 == 0 || d == samples.size()) std::fprintf(stderr, "\reval: %zu/%zu", d, samples.size());
        }
    };
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < jobs; ++t) threads.emplace_back(worker);
    for (auto& t : threads) t.join();
    std::fprintf(stderr, "\n");
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();

    const std::vector<std::string> classes = {"phish", "spam", "ham"};
    const std::vector<Verdict> verdicts = {Verdict::Phishing, Verdict::Spam, Verdict::Suspicious, Verdict::Clean};
    std::map<std::string, std::map<Verdict, std::size_t>> table;
    std::map<std::string, std::size_t> totals;
    std::map<std::string, std::map<std::string, std::size_t>> finding_hits;
    std::set<std::string> finding_ids;
    std::size_t total_bytes = 0, failures = 0;
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const auto& label = samples[i].label;
        ++totals[label];
        total_bytes += outcomes[i].bytes;
        if (outcomes[i].failed) ++failures;
        ++table[label][outcomes[i].verdict];
        for (const auto& id : outcomes[i].finding_ids) {
            ++finding_hits[id][label];
            finding_ids.insert(id);
        }
    }
    auto detected = [&](const std::string& label) { return table[label][Verdict::Phishing] + table[label][Verdict::Spam]; };
    std::printf("%-8s %8s %8s %8s %10s %8s\n", "class", "phishing", "spam", "suspic.", "clean", "total");
    for (const auto& c : classes) {
        if (!totals[c]) continue;
        std::printf("%-8s %8zu %8zu %8zu %10zu %8zu\n", c.c_str(), table[c][Verdict::Phishing], table[c][Verdict::Spam],
                    table[c][Verdict::Suspicious], table[c][Verdict::Clean], totals[c]);
    }
    std::printf("\n");
    if (totals["phish"]) std::printf("detection (phish as phishing/spam): %.1f%% (%zu/%zu)\n", percent(detected("phish"), totals["phish"]), detected("phish"), totals["phish"]);
    if (totals["spam"]) std::printf("detection (spam as phishing/spam):  %.1f%% (%zu/%zu)\n", percent(detected("spam"), totals["spam"]), detected("spam"), totals["spam"]);
    if (totals["ham"]) {
        std::printf("false positives (ham as phishing/spam): %.1f%% (%zu/%zu)\n", percent(detected("ham"), totals["ham"]), detected("ham"), totals["ham"]);
        std::printf("soft false positives (ham as suspicious): %.1f%% (%zu/%zu)\n", percent(table["ham"][Verdict::Suspicious], totals["ham"]),
                    table["ham"][Verdict::Suspicious], totals["ham"]);
    }
    std::printf("\n%-36s %8s %8s %8s\n", "finding", "phish", "spam", "ham");
    for (const auto& id : finding_ids)
        std::printf("%-36s %8zu %8zu %8zu\n", id.c_str(), finding_hits[id]["phish"], finding_hits[id]["spam"], finding_hits[id]["ham"]);
    double cpu = static_cast<double>(cpu_ns.load()) / 1e9;
    std::printf("\nthroughput: %zu messages, %.1f MB in %.2f s wall with %u jobs; per core: %.0f messages/s, %.1f MB/s (%.3f ms/message)\n",
                samples.size(), static_cast<double>(total_bytes) / 1e6, wall, jobs, static_cast<double>(samples.size()) / cpu,
                static_cast<double>(total_bytes) / 1e6 / cpu, cpu * 1000 / static_cast<double>(samples.size()));
    if (failures) std::printf("errors: %zu messages could not be analysed\n", failures);
    return failures ? 70 : 0;
}

} // namespace mikiwame::cli

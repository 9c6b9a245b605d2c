// SPDX-License-Identifier: Apache-2.0
#include "eval_command.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "common/thread_cpu_clock.h"
#include "mikiwame/input.h"
#include "mikiwame/visible.h"
#include "output.h"

namespace mikiwame::cli {

namespace {

namespace fs = std::filesystem;

struct Sample {
    fs::path path;
    std::string label;       // phish | ham | spam
    std::string location;    // path, or path#offset for a message of an mbox
    std::string mbox_text;   // the message when it came from an mbox
};

struct Outcome {
    Verdict verdict = Verdict::Clean;
    double score = 0;
    std::vector<std::string> finding_ids;
    std::vector<std::string> top_reasons;
    std::size_t bytes = 0;
    std::uint64_t cpu_ns = 0;
    bool failed = false;
};

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::string data;
    in.seekg(0, std::ios::end);
    data.resize(static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg())));
    in.seekg(0);
    in.read(data.data(), static_cast<std::streamsize>(data.size()));
    return data;
}

// Files under `root`, sorted; Maildir's tmp/ (mail still being written) is left out.
std::vector<fs::path> files_of(const fs::path& root, std::error_code& ec) {
    std::vector<fs::path> files;
    if (fs::is_regular_file(root, ec)) return {root};
    for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::none, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_directory() && it->path().filename() == "tmp" && fs::is_directory(it->path().parent_path() / "cur")) {
            it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file()) files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

// Collects the samples of one class; false (after printing why) when a folder is unusable.
bool collect(const std::vector<std::string>& dirs, const std::string& label, std::vector<Sample>& out, std::size_t& skipped) {
    for (const auto& dir : dirs) {
        std::error_code ec;
        if (!fs::exists(dir, ec)) {
            std::fprintf(stderr, "mikiwame: %s: no such file or folder\n", make_visible(dir, false).c_str());
            return false;
        }
        std::vector<fs::path> files = files_of(dir, ec);
        if (ec) {
            std::fprintf(stderr, "mikiwame: %s: %s\n", make_visible(dir, false).c_str(), ec.message().c_str());
            return false;
        }
        for (auto& f : files) {
            const std::string bytes = read_file(f);
            InputInspection inspected = inspect_input(bytes);
            if (inspected.kind == InputKind::Mail) {
                out.push_back({f, label, f.string(), {}});
            } else if (inspected.kind == InputKind::Mbox) {
                for (auto& m : split_mbox(bytes, SIZE_MAX))
                    out.push_back({f, label, fmt::format("{}#{}", f.string(), m.offset), std::move(m.text)});
            } else if (inspected.kind == InputKind::OutlookMsg) {
                auto converted = convert_outlook_msg(bytes, Limits{});
                if (converted) {
                    out.push_back({f, label, f.string(), std::move(converted->mime)});
                } else {
                    ++skipped;
                    std::fprintf(stderr, "mikiwame: %s: skipped, %s\n", make_visible(f.string(), false).c_str(), converted.error().message.c_str());
                }
            } else {
                ++skipped;
                std::fprintf(stderr, "mikiwame: %s: skipped, %s\n", make_visible(f.string(), false).c_str(), inspected.description.c_str());
            }
        }
    }
    return true;
}

double percent(std::size_t n, std::size_t d) {
    return d == 0 ? 0.0 : 100.0 * static_cast<double>(n) / static_cast<double>(d);
}

bool misclassified(const std::string& label, Verdict v) {
    const bool flagged = v == Verdict::Phishing || v == Verdict::Spam;
    return label == "ham" ? v != Verdict::Clean : !flagged;
}

} // namespace

int run_eval(const Engine& engine, const EvalArgs& args) {
    std::vector<Sample> samples;
    std::size_t skipped = 0;
    if (!collect(args.phish_dirs, "phish", samples, skipped) || !collect(args.spam_dirs, "spam", samples, skipped) ||
        !collect(args.ham_dirs, "ham", samples, skipped))
        return 66;
    if (samples.empty()) {
        std::fprintf(stderr, "mikiwame: eval: no messages found (give --phish, --spam or --ham folders)\n");
        return 66;
    }
    std::vector<Outcome> outcomes(samples.size());
    const unsigned jobs = args.jobs ? args.jobs : std::max(1u, std::thread::hardware_concurrency());
    const bool progress = isatty(STDERR_FILENO) != 0;
    std::atomic<std::size_t> next{0}, done{0};
    auto worker = [&] {
        AnalysisContext context;
        for (;;) {
            std::size_t i = next.fetch_add(1);
            if (i >= samples.size()) break;
            const std::string raw = samples[i].mbox_text.empty() ? read_file(samples[i].path) : samples[i].mbox_text;
            AnalyzeRequest request;
            request.raw = raw;
            const std::uint64_t start = apps::thread_cpu_ns();
            auto report = engine.analyze(request, context);
            Outcome& o = outcomes[i];
            o.cpu_ns = apps::thread_cpu_ns() - start;
            o.bytes = raw.size();
            if (!report) {
                o.failed = true;
                std::fprintf(stderr, "mikiwame: %s: %s\n", make_visible(samples[i].location, false).c_str(), report.error().message.c_str());
            } else {
                o.verdict = report->verdict;
                o.score = report->score;
                o.top_reasons = report->top_reasons;
                for (const auto& f : report->findings) o.finding_ids.push_back(f.id);
            }
            std::size_t d = ++done;
            if (progress && (d % 50 == 0 || d == samples.size())) std::fprintf(stderr, "\reval: %zu/%zu", d, samples.size());
        }
    };
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < jobs; ++t) threads.emplace_back(worker);
    for (auto& t : threads) t.join();
    if (progress) std::fprintf(stderr, "\r\033[K");

    const std::vector<std::string> classes = {"phish", "spam", "ham"};
    std::map<std::string, std::map<Verdict, std::size_t>> table;
    std::map<std::string, std::size_t> totals;
    std::map<std::string, std::map<std::string, std::size_t>> finding_hits;
    std::set<std::string> finding_ids;
    std::size_t total_bytes = 0, failures = 0;
    std::uint64_t cpu_ns = 0;
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const auto& label = samples[i].label;
        ++totals[label];
        total_bytes += outcomes[i].bytes;
        cpu_ns += outcomes[i].cpu_ns;
        if (outcomes[i].failed) ++failures;
        ++table[label][outcomes[i].verdict];
        for (const auto& id : outcomes[i].finding_ids) {
            ++finding_hits[id][label];
            finding_ids.insert(id);
        }
    }
    std::string out = fmt::format("{:<8} {:>9} {:>8} {:>10} {:>8} {:>8}\n", "class", "phishing", "spam", "suspicious", "clean", "total");
    for (const auto& c : classes) {
        if (!totals[c]) continue;
        out += fmt::format("{:<8} {:>9} {:>8} {:>10} {:>8} {:>8}\n", c, table[c][Verdict::Phishing], table[c][Verdict::Spam],
                           table[c][Verdict::Suspicious], table[c][Verdict::Clean], totals[c]);
    }
    out += "\n";
    auto line = [&](const char* what, std::size_t n, std::size_t d) { out += fmt::format("{:<44} {:5.1f}% ({}/{})\n", what, percent(n, d), n, d); };
    for (const char* c : {"phish", "spam"}) {
        const std::size_t n = totals[c];
        if (!n) continue;
        const std::size_t phishing = table[c][Verdict::Phishing], spam = table[c][Verdict::Spam];
        line(fmt::format("detection of {} (phishing or spam):", c).c_str(), phishing + spam, n);
        line(fmt::format("detection of {} (phishing only):", c).c_str(), phishing, n);
    }
    if (const std::size_t n = totals["ham"]) {
        line("false positives (ham as phishing or spam):", table["ham"][Verdict::Phishing] + table["ham"][Verdict::Spam], n);
        line("soft false positives (ham as suspicious):", table["ham"][Verdict::Suspicious], n);
    }
    if (skipped) out += fmt::format("skipped: {} files that are not mail (listed on standard error)\n", skipped);
    out += fmt::format("\n{:<36} {:>8} {:>8} {:>8}\n", "finding", "phish", "spam", "ham");
    for (const auto& id : finding_ids)
        out += fmt::format("{:<36} {:>8} {:>8} {:>8}\n", id, finding_hits[id]["phish"], finding_hits[id]["spam"], finding_hits[id]["ham"]);
    const double cpu = static_cast<double>(cpu_ns) / 1e9;
    const double n = static_cast<double>(samples.size());
    out += fmt::format("\nthroughput: {} messages, {:.1f} MB, {} jobs; CPU per message {:.3f} ms (thread CPU clock): {:.0f} messages/s, "
                       "{:.1f} MB/s per core\n",
                       samples.size(), static_cast<double>(total_bytes) / 1e6, jobs, cpu * 1000 / n, cpu > 0 ? n / cpu : 0.0,
                       cpu > 0 ? static_cast<double>(total_bytes) / 1e6 / cpu : 0.0);
    if (failures) out += fmt::format("errors: {} messages could not be analysed\n", failures);
    if (!write_stdout(out) || !flush_stdout()) return write_failed();

    if (!args.misses_file.empty()) {
        std::string misses = "class\tverdict\tscore\ttop findings\tlocation\n";
        std::size_t count = 0;
        for (std::size_t i = 0; i < samples.size(); ++i) {
            if (outcomes[i].failed || !misclassified(samples[i].label, outcomes[i].verdict)) continue;
            ++count;
            std::string reasons;
            for (const auto& id : outcomes[i].top_reasons) reasons += (reasons.empty() ? "" : ",") + id;
            misses += fmt::format("{}\t{}\t{:.2f}\t{}\t{}\n", samples[i].label, to_string(outcomes[i].verdict), outcomes[i].score,
                                  reasons.empty() ? "-" : reasons, make_visible(samples[i].location, false));
        }
        std::FILE* f = std::fopen(args.misses_file.c_str(), "wb");
        if (!f) {
            std::fprintf(stderr, "mikiwame: %s: cannot write\n", make_visible(args.misses_file, false).c_str());
            return 73;
        }
        bool ok = std::fwrite(misses.data(), 1, misses.size(), f) == misses.size();
        if (std::fclose(f) != 0 || !ok) return write_failed();
        std::fprintf(stderr, "mikiwame: %zu misclassified samples written to %s\n", count, make_visible(args.misses_file, false).c_str());
    }
    return failures ? 70 : 0;
}

} // namespace mikiwame::cli

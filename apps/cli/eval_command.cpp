// SPDX-License-Identifier: Apache-2.0
#include "eval_command.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "common/thread_cpu_clock.h"
#include "mikiwame/model.h"
#include "mikiwame/visible.h"
#include "output.h"
#include "samples.h"

namespace mikiwame::cli {

namespace {

namespace fs = std::filesystem;

struct Outcome {
    Verdict verdict = Verdict::Clean;
    double score = 0;
    std::vector<std::string> finding_ids;
    std::vector<std::string> top_reasons;
    std::size_t bytes = 0;
    std::uint64_t cpu_ns = 0;
    bool failed = false;
};

double percent(std::size_t n, std::size_t d) {
    return d == 0 ? 0.0 : 100.0 * static_cast<double>(n) / static_cast<double>(d);
}

bool misclassified(const std::string& label, Verdict v) {
    const bool flagged = v == Verdict::Phishing || v == Verdict::Spam;
    return label == "ham" ? v != Verdict::Clean : !flagged;
}

// The samples of every class; an exit code when a folder is unusable or nothing was found.
int gather(const EvalArgs& args, std::vector<Sample>& samples, std::size_t& skipped) {
    if (!collect_samples(args.phish_dirs, "phish", samples, skipped) || !collect_samples(args.spam_dirs, "spam", samples, skipped) ||
        !collect_samples(args.ham_dirs, "ham", samples, skipped))
        return 66;
    if (samples.empty()) {
        std::fprintf(stderr, "mikiwame: eval: no messages found (give --phish, --spam or --ham folders)\n");
        return 66;
    }
    return 0;
}

class Progress {
public:
    Progress(const char* what, std::size_t total) : what_(what), total_(total), shown_(isatty(STDERR_FILENO) != 0) {}
    ~Progress() {
        if (shown_) std::fprintf(stderr, "\r\033[K");
    }
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;
    void step() {
        const std::size_t d = ++done_;
        if (shown_ && (d % 50 == 0 || d == total_)) std::fprintf(stderr, "\r%s: %zu/%zu", what_, d, total_);
    }

private:
    const char* what_;
    std::size_t total_;
    bool shown_;
    std::atomic<std::size_t> done_{0};
};

Outcome analyze_sample(const Engine& engine, const Sample& sample, bool unwrap_forwarded, AnalysisContext& context) {
    const std::string raw = sample_bytes(sample);
    AnalyzeRequest request;
    request.raw = raw;
    request.unwrap_forwarded = unwrap_forwarded;
    const std::uint64_t start = apps::thread_cpu_ns();
    auto report = engine.analyze(request, context);
    Outcome o;
    o.cpu_ns = apps::thread_cpu_ns() - start;
    o.bytes = raw.size();
    if (!report) {
        o.failed = true;
        std::fprintf(stderr, "mikiwame: %s: %s\n", make_visible(sample.location, false).c_str(), report.error().message.c_str());
    } else {
        o.verdict = report->verdict;
        o.score = report->score;
        o.top_reasons = report->top_reasons;
        for (const auto& f : report->findings) o.finding_ids.push_back(f.id);
    }
    return o;
}

// When a class was given as several folders: the table again, one row per folder, with the
// detection (phish, spam) or false-positive (ham) rate of each.
std::string by_folder(const std::vector<Sample>& samples, const std::vector<Outcome>& outcomes) {
    std::vector<std::pair<std::string, std::string>> folders; // (label, source) in first-seen order
    std::map<std::pair<std::string, std::string>, std::map<Verdict, std::size_t>> table;
    std::set<std::string> labels;
    for (std::size_t i = 0; i < samples.size(); ++i) {
        auto key = std::make_pair(samples[i].label, samples[i].source);
        if (!table.count(key)) folders.push_back(key);
        ++table[key][outcomes[i].verdict];
        labels.insert(samples[i].label);
    }
    if (folders.size() <= labels.size()) return {};
    std::string out = fmt::format("\n{:<8} {:>9} {:>8} {:>10} {:>8} {:>8} {:>9}  {}\n", "class", "phishing", "spam", "suspicious", "clean",
                                  "total", "flagged", "folder");
    for (const auto& key : folders) {
        auto& row = table[key];
        const std::size_t total = row[Verdict::Phishing] + row[Verdict::Spam] + row[Verdict::Suspicious] + row[Verdict::Clean];
        out += fmt::format("{:<8} {:>9} {:>8} {:>10} {:>8} {:>8} {:>8.1f}%  {}\n", key.first, row[Verdict::Phishing], row[Verdict::Spam],
                           row[Verdict::Suspicious], row[Verdict::Clean], total,
                           percent(row[Verdict::Phishing] + row[Verdict::Spam], total), make_visible(key.second, false));
    }
    return out;
}

// Prints the tables (and writes --misses); the exit code of eval.
int print_results(const std::vector<Sample>& samples, const std::vector<Outcome>& outcomes, const EvalArgs& args, unsigned jobs,
                  std::size_t skipped, const std::string& heading) {
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
    std::string out = heading;
    out += fmt::format("{:<8} {:>9} {:>8} {:>10} {:>8} {:>8}\n", "class", "phishing", "spam", "suspicious", "clean", "total");
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
    out += by_folder(samples, outcomes);
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

unsigned jobs_of(const EvalArgs& args) {
    return args.jobs ? args.jobs : std::max(1u, std::thread::hardware_concurrency());
}

// The group a message belongs to for cross-validation, after the corpus's split rule: the
// subject with reply and forward prefixes and spam tags removed, ASCII lower-cased, every run
// of digits as '#', whitespace collapsed. A campaign's mails (one subject template) and a
// thread's replies share it, so they land in one fold and the model is never judged on a
// near-copy of what it was trained on.
std::string subject_group(std::string_view subject) {
    static const char* const kPrefixes[] = {"re:", "fwd:", "fw:", "aw:", "sv:", "[spam]", "\xe8\xbb\xa2\xe9\x80\x81:",
                                             "\xe8\xbf\x94\xe4\xbf\xa1:", "\xe5\x9b\x9e\xe5\xa4\x8d:"}; // 転送: 返信: 回复:
    std::string lower;
    for (char c : subject) lower.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    std::string_view rest = lower;
    for (bool again = true; again;) {
        again = false;
        while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
        for (const char* prefix : kPrefixes) {
            if (rest.starts_with(prefix)) {
                rest.remove_prefix(std::string_view(prefix).size());
                again = true;
            }
        }
    }
    std::string key;
    for (char c : rest) {
        const bool digit = c >= '0' && c <= '9';
        const bool space = c == ' ' || c == '\t' || c == '\r' || c == '\n';
        if (digit) {
            if (key.empty() || key.back() != '#') key.push_back('#');
        } else if (space) {
            if (!key.empty() && key.back() != ' ') key.push_back(' ');
        } else {
            key.push_back(c);
        }
    }
    while (!key.empty() && key.back() == ' ') key.pop_back();
    return key;
}

std::uint64_t fnv1a(std::string_view s) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

MailClass class_of(const std::string& label) {
    return label == "ham" ? MailClass::Ham : label == "spam" ? MailClass::Spam : MailClass::Phish;
}

} // namespace

int run_eval(const Engine& engine, const EvalArgs& args) {
    if (!args.train_phish_dirs.empty() || !args.train_spam_dirs.empty() || !args.train_ham_dirs.empty()) {
        std::fprintf(stderr, "mikiwame: eval: --train-phish, --train-spam and --train-ham go with --cross-validate\n");
        return 64;
    }
    std::vector<Sample> samples;
    std::size_t skipped = 0;
    if (int rc = gather(args, samples, skipped)) return rc;
    std::vector<Outcome> outcomes(samples.size());
    const unsigned jobs = jobs_of(args);
    {
        Progress progress("eval", samples.size());
        for_each_parallel(samples.size(), jobs, [&](std::size_t i, AnalysisContext& context) {
            outcomes[i] = analyze_sample(engine, samples[i], args.unwrap_forwarded, context);
            progress.step();
        });
    }
    return print_results(samples, outcomes, args, jobs, skipped, {});
}

int run_cross_validation(const EngineOptions& options, const EvalArgs& args) {
    const unsigned folds = args.cross_validate;
    if (folds < 2) {
        std::fprintf(stderr, "mikiwame: eval: --cross-validate needs at least 2 folds\n");
        return 64;
    }
    std::vector<Sample> samples;
    std::size_t skipped = 0;
    if (int rc = gather(args, samples, skipped)) return rc;
    const std::size_t judged = samples.size(); // samples[judged…] are for training only
    if (!collect_samples(args.train_phish_dirs, "phish", samples, skipped) ||
        !collect_samples(args.train_spam_dirs, "spam", samples, skipped) || !collect_samples(args.train_ham_dirs, "ham", samples, skipped))
        return 66;
    if (folds > judged) {
        std::fprintf(stderr, "mikiwame: eval: --cross-validate %u needs at least as many messages (found %zu)\n", folds, judged);
        return 64;
    }
    const unsigned jobs = jobs_of(args);

    // Tokens once, by an engine without a model (the same tokens every fold trains on).
    int exit_code = 0;
    const auto token_engine = load_token_engine(options, exit_code);
    if (!token_engine) return exit_code;
    std::vector<ModelTokens> tokens(samples.size());
    std::atomic<std::size_t> token_failures{0};
    {
        Progress progress("tokens", samples.size());
        for_each_parallel(samples.size(), jobs, [&](std::size_t i, AnalysisContext& context) {
            const std::string raw = sample_bytes(samples[i]);
            AnalyzeRequest request;
            request.raw = raw;
            request.unwrap_forwarded = args.unwrap_forwarded;
            auto cut = token_engine->model_tokens(request, context);
            if (cut) {
                tokens[i] = std::move(cut.value());
            } else {
                ++token_failures;
                std::fprintf(stderr, "mikiwame: %s: %s\n", make_visible(samples[i].location, false).c_str(), cut.error().message.c_str());
            }
            progress.step();
        });
    }
    if (token_failures) return 70;
    constexpr unsigned kEveryFold = UINT_MAX;
    std::vector<unsigned> fold_of(samples.size(), kEveryFold);
    for (std::size_t i = 0; i < judged; ++i) {
        std::string group = subject_group(tokens[i].subject);
        // No subject: a group of its own, named by where the mail is below its folder (not by
        // the folder's own path, which may be a temporary one: the folds must not change with it).
        if (group.empty()) {
            group = samples[i].location;
            if (group.starts_with(samples[i].source)) group.erase(0, samples[i].source.size());
        }
        fold_of[i] = static_cast<unsigned>(fnv1a(group) % folds);
    }

    std::vector<Outcome> outcomes(judged);
    std::string fold_sizes;
    for (unsigned fold = 0; fold < folds; ++fold) {
        ModelTrainer trainer;
        std::vector<std::size_t> held_out;
        for (std::size_t i = 0; i < samples.size(); ++i) {
            if (fold_of[i] == fold) {
                held_out.push_back(i);
            } else {
                trainer.add(tokens[i].tokens, class_of(samples[i].label));
            }
        }
        fold_sizes += fmt::format("{}{}", fold_sizes.empty() ? "" : ", ", held_out.size());
        if (held_out.empty()) continue;
        EngineOptions fold_options = options;
        fold_options.use_content_model = true;
        fold_options.content_model_bytes = trainer.serialize(args.min_count);
        auto engine = Engine::load(fold_options);
        if (!engine) {
            const Error& e = engine.error();
            std::fprintf(stderr, "mikiwame: eval: fold %u of %u: %s\n", fold + 1, folds, e.message.c_str());
            return exit_code_for(e.code);
        }
        Progress progress("eval", held_out.size());
        for_each_parallel(held_out.size(), jobs, [&](std::size_t k, AnalysisContext& context) {
            outcomes[held_out[k]] = analyze_sample(**engine, samples[held_out[k]], args.unwrap_forwarded, context);
            progress.step();
        });
    }
    std::string heading =
        fmt::format("{}-fold cross-validation: folds by normalised subject ({} messages each); every message judged by a content "
                    "model trained on the other folds only",
                    folds, fold_sizes);
    if (samples.size() > judged) heading += fmt::format(" and on {} training-only messages", samples.size() - judged);
    samples.resize(judged);
    return print_results(samples, outcomes, args, jobs, skipped, heading + "\n\n");
}

} // namespace mikiwame::cli

// SPDX-License-Identifier: Apache-2.0
#include "learn_command.h"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "mikiwame/model.h"
#include "mikiwame/visible.h"
#include "output.h"
#include "samples.h"

namespace mikiwame::cli {

namespace {

namespace fs = std::filesystem;

// Messages are cut into tokens this many at a time (in parallel), then counted in file order:
// the model does not depend on the number of threads, and memory stays bounded on a large
// mailbox.
constexpr std::size_t kBatchMessages = 512;

MailClass class_of(const std::string& label) {
    return label == "ham" ? MailClass::Ham : label == "spam" ? MailClass::Spam : MailClass::Phish;
}

std::string shown(const fs::path& p) {
    return make_visible(p.string(), false);
}

// Writes `bytes` to `path` through a temporary file in the same folder, renamed into place:
// an engine starting meanwhile reads the old model or the new one, never half of one.
int write_model(const fs::path& path, const std::string& bytes) {
    std::error_code ec;
    if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
    const fs::path temporary = path.string() + fmt::format(".tmp{}", ::getpid());
    std::FILE* f = std::fopen(temporary.c_str(), "wb");
    if (!f) {
        std::fprintf(stderr, "mikiwame: %s: cannot create the model: %s\n", shown(path).c_str(), std::strerror(errno));
        return 73;
    }
    bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    ok = std::fflush(f) == 0 && ok;
    ok = ::fsync(::fileno(f)) == 0 && ok;
    ok = std::fclose(f) == 0 && ok;
    if (!ok) {
        fs::remove(temporary, ec);
        return write_failed();
    }
    fs::rename(temporary, path, ec);
    if (ec) {
        std::fprintf(stderr, "mikiwame: %s: cannot create the model: %s\n", shown(path).c_str(), ec.message().c_str());
        fs::remove(temporary, ec);
        return 73;
    }
    return 0;
}

} // namespace

int run_learn(const EngineOptions& options, const LearnArgs& args) {
    if (args.ham_dirs.empty() || (args.spam_dirs.empty() && args.phish_dirs.empty())) {
        std::fprintf(stderr, "mikiwame: learn: give --ham and at least one of --spam or --phish (a model needs both sides)\n");
        return 64;
    }
    std::vector<Sample> samples;
    std::size_t skipped = 0;
    if (!collect_samples(args.phish_dirs, "phish", samples, skipped) || !collect_samples(args.spam_dirs, "spam", samples, skipped) ||
        !collect_samples(args.ham_dirs, "ham", samples, skipped))
        return 66;

    int exit_code = 0;
    const auto engine = load_token_engine(options, exit_code);
    if (!engine) return exit_code;
    ModelTrainer trainer;
    std::atomic<std::size_t> failures{0};
    for (std::size_t first = 0; first < samples.size(); first += kBatchMessages) {
        const std::size_t count = std::min(kBatchMessages, samples.size() - first);
        std::vector<ModelTokens> batch(count);
        std::vector<char> ok(count, 0);
        for_each_parallel(count, args.jobs, [&](std::size_t k, AnalysisContext& context) {
            const Sample& sample = samples[first + k];
            const std::string raw = sample_bytes(sample);
            AnalyzeRequest request;
            request.raw = raw;
            request.unwrap_forwarded = args.unwrap_forwarded;
            auto cut = engine->model_tokens(request, context);
            if (!cut) {
                ++failures;
                std::fprintf(stderr, "mikiwame: %s: %s\n", make_visible(sample.location, false).c_str(), cut.error().message.c_str());
                return;
            }
            batch[k] = std::move(cut.value());
            ok[k] = 1;
        });
        for (std::size_t k = 0; k < count; ++k)
            if (ok[k]) trainer.add(batch[k].tokens, class_of(samples[first + k].label));
    }
    if (failures) return 70;
    if (trainer.messages(MailClass::Ham) == 0 || trainer.messages(MailClass::Spam) + trainer.messages(MailClass::Phish) == 0) {
        std::fprintf(stderr, "mikiwame: learn: no %s messages found; a model needs ham and spam or phishing mail\n",
                     trainer.messages(MailClass::Ham) == 0 ? "ham" : "spam or phishing");
        return 66;
    }

    const std::string bytes = trainer.serialize(args.min_count);
    fs::path output = args.output;
    if (output.empty()) output = !options.content_model.empty() ? options.content_model : engine->options().data_dir / "model" / "content.model";
    if (int rc = write_model(output, bytes)) return rc;
    auto summary = inspect_model(bytes, output.string());
    if (!summary) {
        std::fprintf(stderr, "mikiwame: %s: %s\n", shown(output).c_str(), summary.error().message.c_str());
        return 70;
    }
    std::string text = fmt::format("learned {} phishing, {} spam and {} ham messages: {} tokens (of {} distinct; kept when in at least {} "
                                   "messages)\nwrote {} ({} bytes, {})\n",
                                   summary->phish_messages, summary->spam_messages, summary->ham_messages, summary->tokens,
                                   trainer.distinct_tokens(), args.min_count, shown(output), bytes.size(), summary->version);
    if (skipped) text += fmt::format("skipped: {} files that are not mail (listed on standard error)\n", skipped);
    return write_stdout(text) && flush_stdout() ? 0 : write_failed();
}

} // namespace mikiwame::cli

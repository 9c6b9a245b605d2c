// SPDX-License-Identifier: Apache-2.0
// Labelled mail for `eval` and `learn`: every message of the given files and folders — single
// messages, mbox files (each message), Maildir folders (cur/ and new/, not tmp/) and Outlook
// .msg files — with its label. Files that are not mail are listed on standard error and
// skipped. Judged by content (mikiwame/input.h), never by file name.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "mikiwame/context.h"
#include "mikiwame/engine.h"

namespace mikiwame::cli {

struct Sample {
    std::filesystem::path path;
    std::string label;     // phish | spam | ham
    std::string location;  // path, or path#offset for a message of an mbox
    std::string mbox_text; // the message when it came from an mbox or a .msg
    std::string source;    // the file or folder it was found in, as given on the command line
};

// Appends the samples of `dirs` under `label`; false (after printing why) when a folder is
// missing or unreadable. `skipped` counts the files that are not mail.
bool collect_samples(const std::vector<std::string>& dirs, const std::string& label, std::vector<Sample>& out,
                     std::size_t& skipped);

// An engine of `options` without a content model, for cutting tokens: the tokens do not depend
// on a model, and a damaged model at the default path must not stop the training of its
// replacement. nullptr after printing the error line; `exit_code` then holds its exit code.
std::shared_ptr<const Engine> load_token_engine(const EngineOptions& options, int& exit_code);

// The bytes of one sample (read from its file unless it came from an mbox or a .msg).
std::string sample_bytes(const Sample& sample);

// Calls work(i, context) for every i in [0, count) on `jobs` threads (0: one per core), each
// thread with its own AnalysisContext; returns when all are done.
template <typename Work>
void for_each_parallel(std::size_t count, unsigned jobs, Work&& work) {
    if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        AnalysisContext context;
        for (std::size_t i; (i = next.fetch_add(1)) < count;) work(i, context);
    };
    std::vector<std::thread> threads;
    for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();
}

} // namespace mikiwame::cli

// SPDX-License-Identifier: Apache-2.0
// `mikiwame eval`: runs the engine over labelled folders (files, Maildir, mbox) and prints
// the confusion table, detection and false-positive rates, per-finding hit counts and
// throughput (CPU time per message on the analysing thread's clock).
#pragma once

#include <string>
#include <vector>

#include "mikiwame/engine.h"

namespace mikiwame::cli {

struct EvalArgs {
    std::vector<std::string> phish_dirs;
    std::vector<std::string> ham_dirs;
    std::vector<std::string> spam_dirs;
    unsigned jobs = 0;        // 0: one per core
    std::string misses_file;  // --misses: misclassified samples with verdict, score, top findings
};

// Exit 0; 66 when a folder is missing or unreadable or nothing is found; 70 when an analysis
// failed; 74 on a write error.
int run_eval(const Engine& engine, const EvalArgs& args);

} // namespace mikiwame::cli

// SPDX-License-Identifier: Apache-2.0
// `mikiwame eval`: runs the engine over labelled folders (files, Maildir, mbox) and prints
// the confusion table, detection and false-positive rates, per-finding hit counts and
// throughput (CPU time per message on the analysing thread's clock). With --cross-validate K,
// the statistical content model is judged honestly: the mail is split into K folds (by
// normalised subject, so one campaign or thread stays in one fold) and each fold is analysed
// by an engine whose model was trained on the other folds only.
#pragma once

#include <cstdint>
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
    unsigned cross_validate = 0; // --cross-validate K (K >= 2); 0: judge with the engine as loaded
    std::uint32_t min_count = kDefaultModelMinMessages; // --min-count for the folds' models
    // --train-phish/--train-spam/--train-ham: with --cross-validate, mail every fold's model is
    // also trained on and that is never judged (a site's own mail, project-written mail).
    std::vector<std::string> train_phish_dirs;
    std::vector<std::string> train_spam_dirs;
    std::vector<std::string> train_ham_dirs;
    // `analysis.unwrap_forwarded`: judge a forwarded report by the message it forwards, as
    // `analyze` does (AnalyzeRequest::unwrap_forwarded).
    bool unwrap_forwarded = true;
};

// Exit 0; 64 for --train-* without --cross-validate; 66 when a folder is missing or unreadable
// or nothing is found; 70 when an analysis failed; 74 on a write error.
int run_eval(const Engine& engine, const EvalArgs& args);

// `eval --cross-validate K`: as run_eval, each fold judged by a model trained without it.
// Exit codes as run_eval; 64 when K is below 2 or above the number of messages; 78 when a
// fold's engine cannot load (e.g. a fold left no ham to train on).
int run_cross_validation(const EngineOptions& options, const EvalArgs& args);

} // namespace mikiwame::cli

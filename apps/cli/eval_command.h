// SPDX-License-Identifier: Apache-2.0
// `mikiwame eval`: runs the engine over labelled folders and prints detection and
// false-positive rates, the confusion table, per-finding hit counts and throughput.
#pragma once

#include <string>
#include <vector>

#include "mikiwame/engine.h"

namespace mikiwame::cli {

struct EvalArgs {
    std::vector<std::string> phish_dirs;
    std::vector<std::string> ham_dirs;
    std::vector<std::string> spam_dirs;
    unsigned jobs = 0; // 0: one per core
    std::string format = "text"; // text | json
};

int run_eval(const Engine& engine, const EvalArgs& args);

} // namespace mikiwame::cli

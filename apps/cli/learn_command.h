// SPDX-License-Identifier: Apache-2.0
// `mikiwame learn`: trains the statistical content model from labelled mail (as sa-learn
// does): every message of the --phish, --spam and --ham folders (files, Maildir, mbox, .msg)
// is cut into tokens by the engine's own stages, the tokens are counted per class, and the
// model file (docs/model.md) is written atomically (a temporary file renamed into place).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mikiwame/engine.h"

namespace mikiwame::cli {

struct LearnArgs {
    std::vector<std::string> phish_dirs;
    std::vector<std::string> spam_dirs;
    std::vector<std::string> ham_dirs;
    std::string output;     // -o; empty: the configured model, else <data>/model/content.model
    unsigned jobs = 0;      // 0: one per core
    std::uint32_t min_count = kDefaultModelMinMessages; // --min-count
    // `analysis.unwrap_forwarded`: learn a forwarded report's tokens from the message it
    // forwards, as `analyze` judges it.
    bool unwrap_forwarded = true;
};

// Exit 0; 64 when no ham or no spam/phishing folder is given; 66 when a folder is missing or
// holds no mail; 70 when a message could not be read; 73 when the model cannot be created;
// 74 on a write error. `options` gives the data directory (link lists, phrases) the tokens
// are cut with; any model it names is neither loaded nor needed.
int run_learn(const EngineOptions& options, const LearnArgs& args);

} // namespace mikiwame::cli

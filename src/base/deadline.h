// SPDX-License-Identifier: Apache-2.0
// The time budget of one analysis (Limits::max_analysis_ms, or the request's own), checked
// between stages and between the parts of long walks so that a slow message ends cleanly.
#pragma once

#include <chrono>
#include <cstddef>

namespace mikiwame::base {

struct Deadline {
    std::chrono::steady_clock::time_point at = std::chrono::steady_clock::time_point::max();
    std::size_t budget_ms = 0; // for the evidence line "max_analysis_ms=<budget_ms>"

    static Deadline after(std::chrono::milliseconds budget) {
        return {std::chrono::steady_clock::now() + budget, static_cast<std::size_t>(budget.count())};
    }
    bool passed() const { return std::chrono::steady_clock::now() >= at; }
};

} // namespace mikiwame::base

// SPDX-License-Identifier: Apache-2.0
// The scanner's progress line on a terminal: messages done of all, rate, time left and the
// verdicts so far, redrawn at most ten times a second on standard error. Nothing at all when
// standard error is not a terminal (a pipe, a log file) or with --quiet.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>

namespace mikiwame::cli {

class ScanProgress {
public:
    ScanProgress(bool enabled, std::uint64_t total);
    bool enabled() const { return enabled_; }
    // `verdicts`: phishing, suspicious, spam, clean so far.
    void update(std::uint64_t done, const std::array<std::uint64_t, 4>& verdicts, bool force = false);
    // Clears the line, so that what follows starts at the left margin.
    void clear();

private:
    bool enabled_;
    std::uint64_t total_;
    std::chrono::steady_clock::time_point started_;
    std::chrono::steady_clock::time_point last_draw_{};
    bool drawn_ = false;
};

} // namespace mikiwame::cli

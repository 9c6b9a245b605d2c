// SPDX-License-Identifier: Apache-2.0
#include "scan_progress.h"

#include <fmt/format.h>

#include <cstdio>

namespace mikiwame::cli {

namespace {

constexpr int kBarWidth = 24;

std::string duration(double seconds) {
    const auto s = static_cast<long long>(seconds + 0.5);
    return s >= 3600 ? fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60) : fmt::format("{}:{:02}", s / 60, s % 60);
}

} // namespace

ScanProgress::ScanProgress(bool enabled, std::uint64_t total)
    : enabled_(enabled), total_(total), started_(std::chrono::steady_clock::now()) {}

void ScanProgress::update(std::uint64_t done, const std::array<std::uint64_t, 4>& v, bool force) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (!force && drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    drawn_ = true;
    const double elapsed = std::chrono::duration<double>(now - started_).count();
    const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
    const double fraction = total_ > 0 ? static_cast<double>(done) / static_cast<double>(total_) : 1;
    const int filled = static_cast<int>(fraction * kBarWidth);
    const std::string left = rate > 0 && done < total_ ? duration(static_cast<double>(total_ - done) / rate) : "-:--";
    const std::string line = fmt::format("[{}{}] {}/{} {:3.0f}% {:.0f}/s left {}  phishing {} suspicious {} spam {} clean {}",
                                         std::string(static_cast<std::size_t>(filled), '#'),
                                         std::string(static_cast<std::size_t>(kBarWidth - filled), '.'), done, total_,
                                         fraction * 100, rate, left, v[0], v[1], v[2], v[3]);
    std::fprintf(stderr, "\r\x1b[K%s", line.c_str());
    std::fflush(stderr);
}

void ScanProgress::clear() {
    if (!enabled_ || !drawn_) return;
    std::fputs("\r\x1b[K", stderr);
    std::fflush(stderr);
    drawn_ = false;
}

} // namespace mikiwame::cli

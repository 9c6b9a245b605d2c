// SPDX-License-Identifier: Apache-2.0
// CPU time per analysis stage (the calling thread's CPU clock), summed over the analyses of
// one AnalysisContext when its owner asks for it (AnalysisContext::time_stages): the per-stage
// table of `make bench` is read from here, from the very code path every app runs.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <time.h>

namespace mikiwame::engine {

enum class Stage : std::size_t { Message, Headers, Auth, Images, Links, Attachments, Content, Brands, Judgement, Report, Count };

constexpr std::array<std::string_view, static_cast<std::size_t>(Stage::Count)> kStageNames = {
    "message", "headers", "auth", "images", "links", "attachments", "content", "brands", "judgement", "report"};

class StageTimer {
public:
    // Starts the clock of the first stage.
    void start() noexcept { last_ = now(); }
    // The time since the previous lap (or start) belongs to `stage`.
    void lap(Stage stage) noexcept {
        const std::uint64_t t = now();
        auto i = static_cast<std::size_t>(stage);
        ns_[i] += t - last_;
        ++runs_[i];
        last_ = t;
    }
    std::uint64_t ns(Stage stage) const noexcept { return ns_[static_cast<std::size_t>(stage)]; }
    std::uint64_t runs(Stage stage) const noexcept { return runs_[static_cast<std::size_t>(stage)]; }

private:
    static std::uint64_t now() noexcept {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return static_cast<std::uint64_t>(ts.tv_sec) * 1000000000u + static_cast<std::uint64_t>(ts.tv_nsec);
    }
    std::array<std::uint64_t, static_cast<std::size_t>(Stage::Count)> ns_{};
    std::array<std::uint64_t, static_cast<std::size_t>(Stage::Count)> runs_{};
    std::uint64_t last_ = 0;
};

} // namespace mikiwame::engine

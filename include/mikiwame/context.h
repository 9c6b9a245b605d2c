// SPDX-License-Identifier: Apache-2.0
// AnalysisContext: what one thread reuses from message to message — Hyperscan scratch space,
// its own read-only connection to the phishing-URL store with prepared statements. Create one
// per thread (or per worker) and pass it to every Engine::analyze() of that thread; it is not
// thread-safe itself. It binds to the engine it is first used with and rebinds by itself when
// handed to another engine (e.g. after a reload).
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace mikiwame {

class Engine;

class AnalysisContext {
public:
    AnalysisContext();
    AnalysisContext(AnalysisContext&&) noexcept;
    AnalysisContext& operator=(AnalysisContext&&) noexcept;
    ~AnalysisContext();
    AnalysisContext(const AnalysisContext&) = delete;
    AnalysisContext& operator=(const AnalysisContext&) = delete;

    // Messages analysed with this context so far.
    unsigned long long analyses() const noexcept;

    // CPU time per stage (this thread's CPU clock) summed over the analyses made with this
    // context while timing is on: `make bench` and profiling read it. Off by default (it costs
    // one clock read per stage). Turning it on clears the sums.
    struct StageTime {
        std::string_view stage; // message, headers, auth, images, links, attachments, content, brands, judgement, report
        std::uint64_t cpu_ns = 0;
        std::uint64_t runs = 0; // analyses that reached the stage
    };
    void time_stages(bool on);
    std::vector<StageTime> stage_times() const;

private:
    friend class Engine;
    struct State;
    std::unique_ptr<State> state_;
};

} // namespace mikiwame

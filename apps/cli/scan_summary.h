// SPDX-License-Identifier: Apache-2.0
// `scan --summary text|json`: what an abuse desk reads first after a run — how many mails of
// each verdict, and among the phishing and suspicious ones the findings, the impersonated
// brands, the origin countries and networks and the link domains that come up most, with the
// run's throughput.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>

#include "mikiwame/report.h"

namespace mikiwame::cli {

struct ScanRun {
    std::uint64_t listed = 0;     // messages found in the mailboxes
    std::uint64_t unchanged = 0;  // skipped: judged by the same engine in an earlier run (--state)
    std::uint64_t failed = 0;     // could not be read or analysed (said on standard error)
    std::uint64_t problems = 0;   // files and folders left out while listing (said on standard error)
    std::uint64_t bytes = 0;      // bytes of the analysed messages
    double wall_seconds = 0;
    double cpu_seconds = 0;       // analysing threads' CPU time
    unsigned jobs = 1;
    bool interrupted = false;
};

class ScanSummary {
public:
    void add(const Report& report);
    std::uint64_t analysed() const { return analysed_; }
    std::uint64_t count(Verdict v) const { return verdicts_[static_cast<std::size_t>(v)]; }

    std::string text(const ScanRun& run) const;
    std::string json(const ScanRun& run) const;

private:
    std::uint64_t analysed_ = 0;
    std::array<std::uint64_t, 4> verdicts_{};
    std::map<std::string, std::uint64_t> findings_, brands_, countries_, networks_, link_domains_;
};

} // namespace mikiwame::cli

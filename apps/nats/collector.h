// SPDX-License-Identifier: Apache-2.0
// `mikiwame results`: a durable pull consumer on the results stream that stores each report
// in JSON Lines and/or an SQLite table keyed by the mail's sha256, and acknowledges a batch
// only after it is written (the JSONL lines flushed, the SQLite transaction committed). A
// report whose sha256 is stored already is acknowledged and counted as a duplicate.
//
// JSONL line: {"sha256": …, "location": …, "label": …, "report": {the report}}.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>

#include "client.h"

namespace mikiwame::nats {

struct CollectorOptions {
    StreamSpec results_stream;
    ConsumerSpec consumer;
    std::filesystem::path jsonl; // "-": standard output; empty: none
    std::filesystem::path db;    // empty: none (duplicates then found within this run only)
    std::size_t expect = 0;      // stop after this many new reports; 0: no bound
    std::chrono::seconds idle_timeout{0}; // stop after this long without a report; 0: never
    std::size_t batch = 64;
    std::function<void(const std::string&)> log;
};

struct CollectorStats {
    std::size_t collected = 0;  // new reports stored
    std::size_t duplicates = 0; // reports of a sha256 stored already
    std::size_t invalid = 0;    // messages that were not a JSON report (acknowledged, dropped)
    bool expect_reached = false;
};

[[nodiscard]] Result<CollectorStats> run_collector(const Connection& connection, const CollectorOptions& options,
                                                   const std::atomic<bool>& stop);

} // namespace mikiwame::nats

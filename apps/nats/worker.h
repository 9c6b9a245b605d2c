// SPDX-License-Identifier: Apache-2.0
// `mikiwame worker`: a durable pull consumer on the work-queue stream. The main thread fetches
// at most `max_inflight` mails at a time and sends "in progress" for those it holds; `jobs`
// analysis threads, each with its own AnalysisContext, analyse a mail with the shared Engine,
// publish its JSON report to `results_subject.<verdict>` with Nats-Msg-Id = the mail's sha256,
// wait for the broker's acknowledgement (the report is stored) and only then acknowledge the
// mail: at-least-once, and a mail delivered twice (worker killed before its ack) yields one
// stored report because the results stream drops the repeated message id.
//
// Stop (the flag set by SIGTERM/SIGINT): no more fetches, the mails held are finished within
// `shutdown_grace`, then run() returns. A broker restart is waited out: fetches and publishes
// are retried while the connection reconnects.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

#include "client.h"
#include "mikiwame/engine.h"

namespace mikiwame::nats {

struct WorkerOptions {
    StreamSpec work_stream;
    StreamSpec results_stream;
    ConsumerSpec consumer;
    std::string results_subject; // prefix: a report goes to results_subject.<verdict>
    unsigned jobs = 0;           // analysis threads; 0: one per core
    std::size_t max_inflight = 0; // mails held at once; 0: 2 × jobs
    std::size_t batch = 0;        // mails asked for per fetch (≤ max_inflight); 0: max_inflight
    std::chrono::seconds shutdown_grace{60};
    // Stop once no mail came for this long and none is held (batch runs, tests); 0: never.
    std::chrono::seconds idle_timeout{0};
    std::function<void(const std::string&)> log;
};

struct WorkerStats {
    std::size_t analysed = 0;
    std::size_t stored = 0;     // reports newly stored by the results stream
    std::size_t duplicates = 0; // reports the results stream had already (a redelivered mail)
    std::size_t failed = 0;     // mails given back (analysis failed, report refused)
    std::size_t abandoned = 0;  // mails still held at the end of the grace (redelivered later)
};

// Runs until `stop` becomes true. Errors only at the start (streams, consumer).
[[nodiscard]] Result<WorkerStats> run_worker(const Connection& connection, const Engine& engine, const WorkerOptions& options,
                                             const std::atomic<bool>& stop);

} // namespace mikiwame::nats

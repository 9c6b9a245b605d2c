// SPDX-License-Identifier: Apache-2.0
// A fixed number of analysis threads, each with its own AnalysisContext (Hyperscan scratch,
// its reader of the phishing-URL store) reused message after message. The libmilter
// connection threads hand their message over and wait; so at most `threads` analyses run at
// once, whatever the number of SMTP sessions.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "mikiwame/context.h"

namespace mikiwame::milter {

class WorkerPool {
public:
    using Job = std::function<void(AnalysisContext&)>;

    // `threads` 0: one per core.
    explicit WorkerPool(std::size_t threads);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    std::size_t size() const noexcept { return threads_.size(); }
    // Queues `job`; it runs on one of the threads. A job must not throw.
    void submit(Job job);
    // Runs what is queued, then joins the threads. Idempotent.
    void stop();

private:
    void run();

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Job> queue_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

} // namespace mikiwame::milter

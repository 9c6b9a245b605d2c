// SPDX-License-Identifier: Apache-2.0
// Analyses per minute per client (serve.rate_limit_per_minute): a token bucket per address,
// refilled continuously, holding a tenth of a minute's allowance (at least one) so a person
// can drop a few mails at once but a script cannot flood the engine.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace mikiwame::server {

class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;
    // 0 per minute: no limit.
    explicit RateLimiter(std::size_t per_minute);
    // Takes one token for `client`. 0: allowed; otherwise the seconds to wait (Retry-After).
    std::size_t acquire(const std::string& client, Clock::time_point now = Clock::now());

private:
    struct Bucket {
        double tokens = 0;
        Clock::time_point updated;
    };
    double per_second_;
    double capacity_;
    std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
    Clock::time_point last_sweep_{};
};

} // namespace mikiwame::server

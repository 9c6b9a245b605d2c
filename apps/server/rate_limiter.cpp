// SPDX-License-Identifier: Apache-2.0
#include "rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace mikiwame::server {

RateLimiter::RateLimiter(std::size_t per_minute)
    : per_second_(static_cast<double>(per_minute) / 60.0), capacity_(std::max(1.0, std::floor(static_cast<double>(per_minute) / 10.0))) {}

std::size_t RateLimiter::acquire(const std::string& client, Clock::time_point now) {
    if (per_second_ <= 0) return 0;
    std::lock_guard lock(mutex_);
    // Full buckets carry no state: drop them once a minute so the map stays as small as the
    // set of clients active in the last minute.
    if (now - last_sweep_ > std::chrono::minutes(1)) {
        std::erase_if(buckets_, [&](const auto& entry) {
            const double elapsed = std::chrono::duration<double>(now - entry.second.updated).count();
            return entry.second.tokens + elapsed * per_second_ >= capacity_;
        });
        last_sweep_ = now;
    }
    auto [it, inserted] = buckets_.try_emplace(client, Bucket{capacity_, now});
    Bucket& b = it->second;
    if (!inserted) {
        const double elapsed = std::chrono::duration<double>(now - b.updated).count();
        b.tokens = std::min(capacity_, b.tokens + elapsed * per_second_);
        b.updated = now;
    }
    if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
    }
    return static_cast<std::size_t>(std::ceil((1 - b.tokens) / per_second_));
}

} // namespace mikiwame::server

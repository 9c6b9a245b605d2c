// SPDX-License-Identifier: Apache-2.0
// CPU time of the calling thread: what one analysis costs without the time its thread waited
// for a core (eval's per-message cost, the milter's cpu_ms, the latency benchmark).
#pragma once

#include <cstdint>
#include <ctime>

namespace mikiwame::apps {

inline std::uint64_t thread_cpu_ns() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<std::uint64_t>(t.tv_sec) * 1000000000u + static_cast<std::uint64_t>(t.tv_nsec);
}

inline double thread_cpu_ms() {
    return static_cast<double>(thread_cpu_ns()) / 1e6;
}

} // namespace mikiwame::apps

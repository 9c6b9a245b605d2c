// SPDX-License-Identifier: Apache-2.0
// What `GET /metrics` says, in Prometheus' text format: requests by route and status, verdicts,
// analysis and request latency histograms, the history's size. Lock-free counters: every
// request thread records, the scraper reads.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "mikiwame/report.h"

namespace mikiwame::server {

class Histogram {
public:
    // Upper bounds in seconds (the +Inf bucket is implicit).
    static constexpr std::array<double, 12> kBounds = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10};
    void observe(double seconds) noexcept;
    // Exposition lines for metric `name` (cumulative buckets, _sum, _count).
    std::string render(const std::string& name) const;

private:
    std::array<std::atomic<std::uint64_t>, kBounds.size() + 1> buckets_{};
    std::atomic<std::uint64_t> count_{0};
    std::atomic<std::uint64_t> sum_micros_{0};
};

class Metrics {
public:
    // `route` is the route's pattern name ("/api/v1/analyze", "other"), never the raw path:
    // a scanner probing random paths must not grow the label set without bound.
    void request(const std::string& method, const std::string& route, int status, double seconds);
    void verdict(Verdict verdict) noexcept;
    void analysis(double seconds) noexcept { analysis_seconds_.observe(seconds); }
    void rate_limited() noexcept { ++rate_limited_; }
    // The whole exposition; `stored_reports` is the history's size at scrape time.
    std::string render(std::size_t stored_reports) const;

private:
    mutable std::mutex mutex_; // guards requests_ (a map keyed by labels)
    std::map<std::string, std::uint64_t> requests_;
    std::array<std::atomic<std::uint64_t>, 4> verdicts_{};
    std::atomic<std::uint64_t> rate_limited_{0};
    Histogram analysis_seconds_;
    Histogram request_seconds_;
};

} // namespace mikiwame::server

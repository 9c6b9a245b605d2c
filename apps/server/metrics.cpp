// SPDX-License-Identifier: Apache-2.0
#include "metrics.h"

#include <fmt/format.h>

namespace mikiwame::server {

void Histogram::observe(double seconds) noexcept {
    std::size_t i = 0;
    while (i < kBounds.size() && seconds > kBounds[i]) ++i;
    ++buckets_[i];
    ++count_;
    sum_micros_ += static_cast<std::uint64_t>(seconds * 1e6);
}

std::string Histogram::render(const std::string& name) const {
    std::string out;
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBounds.size(); ++i) {
        cumulative += buckets_[i].load();
        out += fmt::format("{}_bucket{{le=\"{}\"}} {}\n", name, kBounds[i], cumulative);
    }
    cumulative += buckets_[kBounds.size()].load();
    out += fmt::format("{}_bucket{{le=\"+Inf\"}} {}\n", name, cumulative);
    out += fmt::format("{}_sum {}\n", name, static_cast<double>(sum_micros_.load()) / 1e6);
    out += fmt::format("{}_count {}\n", name, count_.load());
    return out;
}

void Metrics::request(const std::string& method, const std::string& route, int status, double seconds) {
    request_seconds_.observe(seconds);
    const std::string key = fmt::format("method=\"{}\",route=\"{}\",status=\"{}\"", method, route, status);
    std::lock_guard lock(mutex_);
    ++requests_[key];
}

void Metrics::verdict(Verdict verdict) noexcept {
    ++verdicts_[static_cast<std::size_t>(verdict)];
}

std::string Metrics::render(std::size_t stored_reports) const {
    std::string out;
    out += "# HELP mikiwame_http_requests_total HTTP requests by method, route and status.\n";
    out += "# TYPE mikiwame_http_requests_total counter\n";
    {
        std::lock_guard lock(mutex_);
        for (const auto& [labels, n] : requests_) out += fmt::format("mikiwame_http_requests_total{{{}}} {}\n", labels, n);
    }
    out += "# HELP mikiwame_verdicts_total Analyses by verdict.\n";
    out += "# TYPE mikiwame_verdicts_total counter\n";
    for (Verdict v : {Verdict::Clean, Verdict::Suspicious, Verdict::Spam, Verdict::Phishing})
        out += fmt::format("mikiwame_verdicts_total{{verdict=\"{}\"}} {}\n", to_string(v), verdicts_[static_cast<std::size_t>(v)].load());
    out += "# HELP mikiwame_rate_limited_total Requests refused with 429.\n";
    out += "# TYPE mikiwame_rate_limited_total counter\n";
    out += fmt::format("mikiwame_rate_limited_total {}\n", rate_limited_.load());
    out += "# HELP mikiwame_analysis_seconds Time to analyse one mail (engine only).\n";
    out += "# TYPE mikiwame_analysis_seconds histogram\n";
    out += analysis_seconds_.render("mikiwame_analysis_seconds");
    out += "# HELP mikiwame_http_request_duration_seconds Time from request to response.\n";
    out += "# TYPE mikiwame_http_request_duration_seconds histogram\n";
    out += request_seconds_.render("mikiwame_http_request_duration_seconds");
    out += "# HELP mikiwame_stored_reports Reports in the history.\n";
    out += "# TYPE mikiwame_stored_reports gauge\n";
    out += fmt::format("mikiwame_stored_reports {}\n", stored_reports);
    return out;
}

} // namespace mikiwame::server

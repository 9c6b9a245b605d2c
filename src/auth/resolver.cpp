// SPDX-License-Identifier: Apache-2.0
#include "auth/resolver.h"

#include <fmt/format.h>

#include <algorithm>

namespace mikiwame::auth {

std::string_view to_string(RrType type) noexcept {
    switch (type) {
    case RrType::A: return "A";
    case RrType::PTR: return "PTR";
    case RrType::MX: return "MX";
    case RrType::TXT: return "TXT";
    case RrType::AAAA: return "AAAA";
    }
    return "?";
}

std::string_view to_string(DnsStatus status) noexcept {
    switch (status) {
    case DnsStatus::Answer: return "answer";
    case DnsStatus::NoData: return "no data";
    case DnsStatus::NxDomain: return "NXDOMAIN";
    case DnsStatus::ServFail: return "SERVFAIL";
    case DnsStatus::Timeout: return "timeout";
    case DnsStatus::Budget: return "not sent (DNS budget spent)";
    case DnsStatus::Error: return "error";
    }
    return "?";
}

std::string describe(const DnsLookup& lookup) {
    const DnsAnswer& a = lookup.answer;
    std::string what;
    if (a.status == DnsStatus::Answer) {
        for (const auto& r : a.records) {
            if (!what.empty()) what += ", ";
            std::string shown = r.size() > 200 ? r.substr(0, 200) + "…" : r;
            what += lookup.type == RrType::TXT ? "\"" + shown + "\"" : shown;
        }
    } else {
        what = std::string(to_string(a.status));
        if (!a.error.empty()) what += " (" + a.error + ")";
    }
    return fmt::format("DNS {} {} → {}{} ({:.1f} ms)", to_string(lookup.type), lookup.name, what, a.secure ? " [DNSSEC]" : "",
                       static_cast<double>(a.elapsed.count()) / 1000.0);
}

DnsAnswer RecordingResolver::query(std::string_view name, RrType type, Clock::time_point until) {
    DnsLookup lookup{std::string(name), type, {}};
    if (budget_spent_ || std::chrono::steady_clock::now() >= deadline_ || lookups_.size() >= max_lookups_) {
        budget_spent_ = true;
        lookup.answer.status = DnsStatus::Budget;
    } else {
        lookup.answer = inner_.query(name, type, std::min(until, deadline_));
    }
    lookups_.push_back(lookup);
    return lookup.answer;
}

} // namespace mikiwame::auth

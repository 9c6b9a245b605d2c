// SPDX-License-Identifier: Apache-2.0
// The DNS the authentication checks see: a small interface (so tests can point it at a local
// server) and a recorder that keeps every lookup of one message — query, answer or error, time —
// within the message's DNS budget. Answers are decoded to text: A/AAAA as addresses, TXT as the
// concatenation of a record's strings, MX as "preference exchange", PTR as the name.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mikiwame::auth {

enum class RrType : std::uint16_t { A = 1, PTR = 12, MX = 15, TXT = 16, AAAA = 28 };
[[nodiscard]] std::string_view to_string(RrType type) noexcept;

enum class DnsStatus {
    Answer,   // NOERROR with records of the type asked
    NoData,   // NOERROR, no record of that type
    NxDomain, // the name does not exist
    ServFail, // the resolver failed (SERVFAIL, REFUSED, a DNSSEC-bogus answer)
    Timeout,  // no answer in time
    Budget,   // not sent: the message's DNS budget was spent
    Error,    // could not ask (bad name, resolver setup)
};
[[nodiscard]] std::string_view to_string(DnsStatus status) noexcept;

struct DnsAnswer {
    DnsStatus status = DnsStatus::Error;
    std::vector<std::string> records;
    bool secure = false;     // DNSSEC-validated
    std::string error;       // why, for ServFail/Timeout/Error
    std::chrono::microseconds elapsed{0};

    bool ok() const noexcept { return status == DnsStatus::Answer || status == DnsStatus::NoData || status == DnsStatus::NxDomain; }
    // A "void lookup" of RFC 7208 §4.6.4: the name or the records do not exist.
    bool is_void() const noexcept { return status == DnsStatus::NoData || status == DnsStatus::NxDomain; }
};

class Resolver {
public:
    virtual ~Resolver() = default;
    using Clock = std::chrono::steady_clock;
    // One lookup, given up at `until` (and at the resolver's own timeout); never throws.
    // `name` without the trailing dot.
    virtual DnsAnswer query(std::string_view name, RrType type, Clock::time_point until) = 0;
    DnsAnswer query(std::string_view name, RrType type) { return query(name, type, Clock::time_point::max()); }
};

struct DnsLookup {
    std::string name;
    RrType type = RrType::A;
    DnsAnswer answer;
};

// "TXT example.com → "v=spf1 -all" (1.2 ms)": one line of evidence for a lookup.
[[nodiscard]] std::string describe(const DnsLookup& lookup);

// Sends the checks' lookups to `inner` while the budget lasts and records each one. Not
// thread-safe: one per message.
class RecordingResolver : public Resolver {
public:
    RecordingResolver(Resolver& inner, std::chrono::steady_clock::time_point deadline, std::size_t max_lookups = 200)
        : inner_(inner), deadline_(deadline), max_lookups_(max_lookups) {}
    using Resolver::query;
    DnsAnswer query(std::string_view name, RrType type, Clock::time_point until) override;
    const std::vector<DnsLookup>& lookups() const noexcept { return lookups_; }
    bool budget_spent() const noexcept { return budget_spent_; }
    std::chrono::steady_clock::time_point deadline() const noexcept { return deadline_; }

private:
    Resolver& inner_;
    std::chrono::steady_clock::time_point deadline_;
    std::size_t max_lookups_;
    std::vector<DnsLookup> lookups_;
    bool budget_spent_ = false;
};

} // namespace mikiwame::auth

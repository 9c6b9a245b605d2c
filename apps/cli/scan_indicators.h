// SPDX-License-Identifier: Apache-2.0
// `scan --indicators FILE`: the indicators of the phishing and suspicious mails of a run,
// deduplicated, with how many mails carried each and when they were first and last seen (the
// mails' Date, else the time of the scan) — the URLs and their redirect targets, the links'
// registrable domains, the origin IPs, the senders' addresses and domains and the attachments'
// SHA-256 — for blocklists (CSV) and for sharing with CSIRTs (a STIX 2.1 bundle of `indicator`
// objects). A brand's own domains are never listed, and a domain that serves many unrelated
// parties (a shortener, free hosting, freemail) only through its full URL or address.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <utility>

#include "mikiwame/engine.h"
#include "mikiwame/report.h"
#include "mikiwame/result.h"

namespace mikiwame::cli {

struct Indicator {
    std::uint64_t mails = 0;
    std::int64_t first_seen = 0; // seconds since the epoch, UTC
    std::int64_t last_seen = 0;
    bool phishing = false;       // seen in at least one mail judged phishing (else only suspicious)
    std::string example;         // the first mail it was seen in (its location)
};

class IndicatorSet {
public:
    // Adds the indicators of `report` when its verdict is phishing or suspicious.
    void add(const Report& report, const Engine& engine, const std::string& location, std::int64_t scan_time);
    std::size_t size() const { return indicators_.size(); }

    // Writes a STIX 2.1 bundle when `path` ends in ".json", else CSV (type,value,mails,
    // first_seen,last_seen,verdict,example). CannotOpen when it cannot be written.
    [[nodiscard]] Result<bool> write(const std::filesystem::path& path, std::int64_t now) const;

    std::string csv() const;
    std::string stix_bundle(std::int64_t now) const;

private:
    void note(const std::string& type, const std::string& value, const Report& report, const std::string& location, std::int64_t seen);
    // (type, value) → what was seen; types: url, domain, ipv4, ipv6, email, email-domain, sha256.
    std::map<std::pair<std::string, std::string>, Indicator> indicators_;
};

} // namespace mikiwame::cli

// SPDX-License-Identifier: Apache-2.0
// IP intelligence through libmaxminddb: the country, AS number and AS organisation of an
// address. Reads the open ip-location-db databases that scripts/install-geoip.sh installs
// (country_code; GeoLite2-ASN field names) and MaxMind's GeoLite2/GeoIP2 files
// (country.iso_code). Missing databases are not an error: lookups return nothing and notes()
// says why. Immutable after open(); lookups are thread-safe (libmaxminddb reads a mapping).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mikiwame/result.h"
#include "net/ip_address.h"

namespace mikiwame::intel {

struct GeoIpPaths {
    std::filesystem::path country; // empty: no country database
    std::filesystem::path asn;     // empty: no ASN database
};

struct IpInfo {
    std::optional<std::string> country; // ISO 3166-1 alpha-2
    std::optional<std::int64_t> asn;
    std::optional<std::string> as_org;
    // A database that could not answer (corrupt file): reported, never read as "unknown".
    std::string lookup_error;
};

// The databases in `dir`: country.mmdb and asn.mmdb (what scripts/install-geoip.sh writes)
// are preferred, then MaxMind's file names (GeoLite2-Country, GeoIP2-Country, GeoLite2-City,
// GeoIP2-City; GeoLite2-ASN, GeoIP2-ISP), so a directory of MaxMind downloads works as it is.
// Empty paths for what `dir` does not hold.
[[nodiscard]] GeoIpPaths find_geoip_paths(const std::filesystem::path& dir);

struct GeoIpDatabaseInfo {
    std::string kind;          // "country" or "asn"
    std::string path;
    std::string database_type; // MMDB metadata, e.g. "GeoLite2-Country"
    std::int64_t build_epoch = 0;
};

class GeoIp {
public:
    // Opens what exists; an empty or missing path leaves that database out with a note. A file
    // that exists but is not a MaxMind DB is a Config error, an unreadable one CannotOpen, both
    // with the path as context.
    [[nodiscard]] static Result<GeoIp> open(const GeoIpPaths& paths);
    // No databases: every lookup is nullopt (and notes() is empty).
    GeoIp();
    GeoIp(GeoIp&&) noexcept;
    GeoIp& operator=(GeoIp&&) noexcept;
    ~GeoIp();

    // Country and AS of a public address; nullopt when the address is not public, no database
    // is open, or neither database knows it; lookup_error set when a database failed. Safe to
    // call from several threads at once.
    [[nodiscard]] std::optional<IpInfo> lookup(const net::IpAddress& ip) const;
    // The open databases with their build dates, for the report's provenance.
    [[nodiscard]] std::vector<GeoIpDatabaseInfo> databases() const;
    [[nodiscard]] bool has_country() const;
    [[nodiscard]] bool has_asn() const;
    // One line per missing database, for the report's notes.
    [[nodiscard]] const std::vector<std::string>& notes() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace mikiwame::intel

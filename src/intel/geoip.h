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
};

// $MIKIWAME_GEOIP_DIR, else the checkout's var/geoip, else /usr/share/mikiwame/geoip: the first
// directory holding country.mmdb or asn.mmdb.
GeoIpPaths default_geoip_paths();

class GeoIp {
public:
    // Opens what exists. A file that exists but is not a MaxMind DB is a Config error.
    [[nodiscard]] static Result<GeoIp> open(const GeoIpPaths& paths);
    GeoIp();
    GeoIp(GeoIp&&) noexcept;
    GeoIp& operator=(GeoIp&&) noexcept;
    ~GeoIp();

    [[nodiscard]] std::optional<IpInfo> lookup(const net::IpAddress& ip) const;
    bool has_country() const;
    bool has_asn() const;
    const std::vector<std::string>& notes() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace mikiwame::intel

// SPDX-License-Identifier: Apache-2.0
// GeoIp over libmaxminddb. Both databases are memory-mapped read-only at open(), so lookups need
// no lock; record layouts of ip-location-db and MaxMind are told apart by their keys.
#include "intel/geoip.h"

#include <maxminddb.h>

#include <algorithm>
#include <cstdlib>

namespace mikiwame::intel {

namespace {

// One open MaxMind DB; never copied, since MMDB_close must run once per MMDB_open.
struct Database {
    MMDB_s mmdb{};
    bool is_open = false;
    std::string path;
    Database() = default;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database() {
        if (is_open) MMDB_close(&mmdb);
    }
};

std::optional<std::string> lookup_string(MMDB_lookup_result_s& result, std::initializer_list<const char*> path) {
    MMDB_entry_data_s data{};
    std::vector<const char*> keys(path.begin(), path.end());
    keys.push_back(nullptr);
    if (MMDB_aget_value(&result.entry, &data, keys.data()) != MMDB_SUCCESS || !data.has_data) return std::nullopt;
    if (data.type != MMDB_DATA_TYPE_UTF8_STRING) return std::nullopt;
    return std::string(data.utf8_string, data.data_size);
}

std::optional<std::int64_t> lookup_number(MMDB_lookup_result_s& result, const char* key) {
    MMDB_entry_data_s data{};
    const char* keys[] = {key, nullptr};
    if (MMDB_aget_value(&result.entry, &data, keys) != MMDB_SUCCESS || !data.has_data) return std::nullopt;
    switch (data.type) {
    case MMDB_DATA_TYPE_UINT32: return data.uint32;
    case MMDB_DATA_TYPE_UINT16: return data.uint16;
    case MMDB_DATA_TYPE_INT32: return data.int32;
    case MMDB_DATA_TYPE_UINT64: return static_cast<std::int64_t>(data.uint64);
    default: return std::nullopt;
    }
}

sockaddr_storage to_sockaddr(const net::IpAddress& ip) {
    sockaddr_storage storage{};
    if (ip.is_v6) {
        auto* sa = reinterpret_cast<sockaddr_in6*>(&storage);
        sa->sin6_family = AF_INET6;
        std::copy(ip.bytes.begin(), ip.bytes.end(), sa->sin6_addr.s6_addr);
    } else {
        auto* sa = reinterpret_cast<sockaddr_in*>(&storage);
        sa->sin_family = AF_INET;
        std::copy(ip.bytes.begin(), ip.bytes.begin() + 4, reinterpret_cast<std::uint8_t*>(&sa->sin_addr.s_addr));
    }
    return storage;
}

} // namespace

struct GeoIp::Impl {
    Database country;
    Database asn;
    std::vector<std::string> notes;
};

namespace {

// The first of `names` that exists in `dir`, or an empty path.
std::filesystem::path first_existing(const std::filesystem::path& dir, std::initializer_list<const char*> names) {
    for (const char* name : names) {
        std::error_code ec;
        if (std::filesystem::is_regular_file(dir / name, ec)) return dir / name;
    }
    return {};
}

const std::vector<std::string> kNoNotes;

} // namespace

GeoIpPaths find_geoip_paths(const std::filesystem::path& dir) {
    if (dir.empty()) return {};
    return {first_existing(dir, {"country.mmdb", "GeoLite2-Country.mmdb", "GeoIP2-Country.mmdb", "GeoLite2-City.mmdb",
                                 "GeoIP2-City.mmdb"}),
            first_existing(dir, {"asn.mmdb", "GeoLite2-ASN.mmdb", "GeoIP2-ISP.mmdb"})};
}

GeoIp::GeoIp() : impl_(std::make_unique<Impl>()) {}
GeoIp::GeoIp(GeoIp&&) noexcept = default;
GeoIp& GeoIp::operator=(GeoIp&&) noexcept = default;
GeoIp::~GeoIp() = default;

Result<GeoIp> GeoIp::open(const GeoIpPaths& paths) {
    GeoIp geo;
    auto open_one = [&](const std::filesystem::path& path, Database& db, const char* what) -> std::optional<Error> {
        std::error_code ec;
        if (path.empty() || !std::filesystem::exists(path, ec)) {
            geo.impl_->notes.push_back(std::string(what) + " database not installed (scripts/install-geoip.sh); " + what + " unknown");
            return std::nullopt;
        }
        int status = MMDB_open(path.c_str(), MMDB_MODE_MMAP, &db.mmdb);
        if (status == MMDB_FILE_OPEN_ERROR || status == MMDB_IO_ERROR || status == MMDB_OUT_OF_MEMORY_ERROR)
            return Error{ErrorCode::CannotOpen, std::string(what) + " database: " + MMDB_strerror(status), path.string()};
        if (status != MMDB_SUCCESS)
            return Error{ErrorCode::Config, std::string(what) + " database: " + MMDB_strerror(status), path.string()};
        db.is_open = true;
        db.path = path.string();
        return std::nullopt;
    };
    if (auto err = open_one(paths.country, geo.impl_->country, "country")) return Unexpected<Error>{*err};
    if (auto err = open_one(paths.asn, geo.impl_->asn, "ASN")) return Unexpected<Error>{*err};
    return geo;
}

std::optional<IpInfo> GeoIp::lookup(const net::IpAddress& ip) const {
    if (!impl_ || (!impl_->country.is_open && !impl_->asn.is_open) || !ip.is_public()) return std::nullopt;
    sockaddr_storage sa = to_sockaddr(ip);
    IpInfo info;
    int mmdb_error = 0;
    if (impl_->country.is_open) {
        MMDB_lookup_result_s r = MMDB_lookup_sockaddr(&impl_->country.mmdb, reinterpret_cast<sockaddr*>(&sa), &mmdb_error);
        if (mmdb_error != MMDB_SUCCESS) info.lookup_error = std::string("country database lookup failed: ") + MMDB_strerror(mmdb_error);
        if (mmdb_error == MMDB_SUCCESS && r.found_entry) {
            // ip-location-db: country_code. MaxMind: country.iso_code, and registered_country
            // for networks without a physical country (anycast, some satellite providers).
            info.country = lookup_string(r, {"country_code"});
            if (!info.country) info.country = lookup_string(r, {"country", "iso_code"});
            if (!info.country) info.country = lookup_string(r, {"registered_country", "iso_code"});
        }
    }
    if (impl_->asn.is_open) {
        MMDB_lookup_result_s r = MMDB_lookup_sockaddr(&impl_->asn.mmdb, reinterpret_cast<sockaddr*>(&sa), &mmdb_error);
        if (mmdb_error != MMDB_SUCCESS) info.lookup_error = std::string("ASN database lookup failed: ") + MMDB_strerror(mmdb_error);
        if (mmdb_error == MMDB_SUCCESS && r.found_entry) {
            info.asn = lookup_number(r, "autonomous_system_number");
            info.as_org = lookup_string(r, {"autonomous_system_organization"});
        }
    }
    if (!info.country && !info.asn && info.lookup_error.empty()) return std::nullopt;
    return info;
}

std::vector<GeoIpDatabaseInfo> GeoIp::databases() const {
    std::vector<GeoIpDatabaseInfo> out;
    if (!impl_) return out;
    auto add = [&](const Database& db, const char* kind) {
        if (!db.is_open) return;
        out.push_back({kind, db.path, db.mmdb.metadata.database_type ? db.mmdb.metadata.database_type : "",
                       static_cast<std::int64_t>(db.mmdb.metadata.build_epoch)});
    };
    add(impl_->country, "country");
    add(impl_->asn, "asn");
    return out;
}

bool GeoIp::has_country() const { return impl_ && impl_->country.is_open; }
bool GeoIp::has_asn() const { return impl_ && impl_->asn.is_open; }
const std::vector<std::string>& GeoIp::notes() const { return impl_ ? impl_->notes : kNoNotes; }

} // namespace mikiwame::intel

// SPDX-License-Identifier: Apache-2.0
#include "settings.h"

#include "common/install_paths.h"

#include <unistd.h>

#include <cstdlib>
#include <system_error>

namespace mikiwame::cli {

namespace fs = std::filesystem;

namespace {

bool path_exists(const fs::path& p) {
    std::error_code ec;
    return !p.empty() && fs::exists(p, ec);
}

} // namespace

fs::path default_intel_db_path() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return fs::path(xdg) / "mikiwame" / "intel.sqlite";
    if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".local/share/mikiwame/intel.sqlite";
    return "intel.sqlite";
}

fs::path default_cache_dir() {
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return fs::path(xdg) / "mikiwame";
    if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".cache/mikiwame";
    return {};
}

Result<Config> resolve_settings(const CommonFlags& flags) {
    Config config;
    if (!flags.config.empty()) {
        auto loaded = load_config(flags.config);
        if (!loaded) return loaded;
        config = std::move(loaded.value());
    } else if (path_exists(kSystemConfigPath)) {
        auto loaded = load_config(kSystemConfigPath);
        if (!loaded) return loaded;
        config = std::move(loaded.value());
    }
    EngineOptions& engine = config.engine;
    if (!flags.data_dir.empty()) engine.data_dir = flags.data_dir;
    if (flags.online) engine.online.enabled = true;
    if (!flags.resolver.empty()) {
        // Checked as the configuration file's online.resolver is.
        auto checked = parse_config("[online]\nresolver = \"" + flags.resolver + "\"\n", "--resolver", ".");
        if (!checked) return make_error(ErrorCode::Usage, "--resolver: expected IP or IP@PORT, not '" + flags.resolver + "'");
        engine.online.resolver = flags.resolver;
    }
    if (engine.data_dir.empty()) engine.data_dir = app::default_data_dir();
    if (engine.cache_dir.empty()) engine.cache_dir = default_cache_dir();

    // IP databases: explicit files, else the first directory that holds any.
    if (!flags.geoip_dir.empty()) {
        GeoIpFiles files = find_geoip_files(flags.geoip_dir);
        if (files.country.empty() && files.asn.empty())
            return make_error(ErrorCode::CannotOpen, "no country.mmdb or asn.mmdb (or MaxMind files) in this directory", flags.geoip_dir);
        engine.geoip_country = files.country;
        engine.geoip_asn = files.asn;
    } else if (engine.geoip_country.empty() && engine.geoip_asn.empty()) {
        std::vector<fs::path> candidates;
        if (!config.geoip_dir.empty()) candidates.push_back(config.geoip_dir);
        candidates.push_back(app::default_geoip_dir()); // $MIKIWAME_GEOIP_DIR, installed, source tree
        candidates.emplace_back("/usr/share/mikiwame/geoip");
        for (const auto& dir : candidates) {
            GeoIpFiles files = find_geoip_files(dir);
            // A directory is taken as a whole: mixing files of two directories would give
            // answers from two different dates.
            if (files.country.empty() && files.asn.empty()) continue;
            engine.geoip_country = files.country;
            engine.geoip_asn = files.asn;
            break;
        }
    }

    if (!flags.intel_db.empty()) {
        engine.intel_db = flags.intel_db;
    } else if (engine.intel_db.empty()) {
        fs::path fallback = default_intel_db_path();
        if (path_exists(fallback)) engine.intel_db = fallback;
    }
    return config;
}

} // namespace mikiwame::cli

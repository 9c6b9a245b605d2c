// SPDX-License-Identifier: Apache-2.0
// Where the CLI's settings come from, in order: command-line flags, the configuration file
// (--config FILE, else /etc/mikiwame/mikiwame.toml when it exists, else built-in defaults),
// then the defaults of this installation (data and IP databases beside the binary, else the
// source tree's; the phishing-URL store under $XDG_DATA_HOME). The library itself reads no
// environment and opens nothing it is not given: this is where the defaults are resolved.
#pragma once

#include <filesystem>
#include <string>

#include "mikiwame/config.h"
#include "mikiwame/result.h"

namespace mikiwame::cli {

struct CommonFlags {
    std::string config;   // --config
    std::string data_dir; // --data
    std::string intel_db; // --intel-db / --db
    std::string geoip_dir; // --geoip-dir
    bool online = false;   // --online: online.enabled for this run
    std::string resolver;  // --resolver IP[@PORT]: online.resolver for this run
};

// The configuration with every default resolved; errors carry the config file's file:line:col.
[[nodiscard]] Result<Config> resolve_settings(const CommonFlags& flags);

// Compiled pattern databases (EngineOptions::cache_dir): $XDG_CACHE_HOME/mikiwame, else
// ~/.cache/mikiwame; empty without either variable (no cache).
std::filesystem::path default_cache_dir();

// $XDG_DATA_HOME/mikiwame/intel.sqlite, else ~/.local/share/mikiwame/intel.sqlite.
std::filesystem::path default_intel_db_path();

} // namespace mikiwame::cli

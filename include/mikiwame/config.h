// SPDX-License-Identifier: Apache-2.0
// The configuration file, mikiwame.toml (docs/configuration.md, key by key). Reading it is
// the apps' business: the engine itself reads no file it is not given. Every key is checked
// when the file is read; an unknown key, a wrong type or a bad value is a Config error with
// "file:line:col".
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mikiwame/engine.h"
#include "mikiwame/result.h"

namespace mikiwame {

struct Config {
    // The engine's options: data directory, limits, networks, IP and intel databases and the
    // verdict thresholds. Relative paths in the file are relative to the file's directory.
    EngineOptions engine;
    // Directory of the IP databases (`geoip.dir`); the app looks for the files in it when
    // `geoip.country`/`geoip.asn` are not set.
    std::filesystem::path geoip_dir;
    // Default report language ("ja", "en"; empty: the mail's own).
    std::string language;
    // The file this came from; empty for the built-in defaults.
    std::filesystem::path source;
};

// Reads and checks `path`. CannotOpen when it cannot be read, Config when it is invalid.
[[nodiscard]] Result<Config> load_config(const std::filesystem::path& path);
// Parses configuration text; `origin` names it in errors, `base_dir` anchors relative paths.
[[nodiscard]] Result<Config> parse_config(std::string_view text, std::string_view origin,
                                          const std::filesystem::path& base_dir);

// Every key the loader reads, dotted ("limits.max_message_bytes"), in documentation order;
// reserved sections appear as "milter.*" etc.
const std::vector<std::string>& config_keys();

// The system-wide file the apps read when no --config is given and it exists.
constexpr const char* kSystemConfigPath = "/etc/mikiwame/mikiwame.toml";

} // namespace mikiwame

// SPDX-License-Identifier: Apache-2.0
// Where an app finds its data when the command line names none: beside an installed binary
// (<prefix>/bin/mikiwame → <prefix>/share/mikiwame), else the source tree the binary was built
// from. App-level on purpose: the library opens only the files it is given (STYLE §9).
#pragma once

#include <filesystem>

#include "mikiwame/engine.h"

namespace mikiwame::app {

// Directory of the running executable (/proc/self/exe, symlinks resolved); empty when it
// cannot be read (no /proc).
[[nodiscard]] std::filesystem::path executable_dir();

// The installed data directory for a binary in `exe_dir`: <exe_dir>/../share/mikiwame (as laid
// out by `cmake --install`, relative so a copied prefix still works) when it holds findings.toml,
// else empty.
[[nodiscard]] std::filesystem::path installed_data_dir(const std::filesystem::path& exe_dir);

// The data directory to use when --data is not given: installed_data_dir(executable_dir()), else
// the compiled-in source-tree default (mikiwame::default_data_dir()).
[[nodiscard]] std::filesystem::path default_data_dir();

// The GeoIP directory to use when nothing names the files: $MIKIWAME_GEOIP_DIR when set, else
// <exe_dir>/../share/mikiwame/geoip when it holds country.mmdb or asn.mmdb, else the source
// tree's var/geoip (where scripts/install-geoip.sh writes). May name a missing directory.
[[nodiscard]] std::filesystem::path default_geoip_dir();


} // namespace mikiwame::app

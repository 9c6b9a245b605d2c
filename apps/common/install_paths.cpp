// SPDX-License-Identifier: Apache-2.0
// Default data and GeoIP directories of an app: the installed layout first, the source tree
// second. See install_paths.h.
#include "common/install_paths.h"

#include <cstdlib>
#include <system_error>

namespace mikiwame::app {

namespace {

// Set by apps/common/CMakeLists.txt: share/mikiwame relative to bin/ (GNUInstallDirs), and the
// checkout's var/geoip.
constexpr const char* kDataFromBinDir = MIKIWAME_INSTALL_DATA_FROM_BIN;
constexpr const char* kSourceGeoipDir = MIKIWAME_SOURCE_GEOIP_DIR;

bool is_file(const std::filesystem::path& path) {
    std::error_code ec;
    return std::filesystem::is_regular_file(path, ec);
}

} // namespace

std::filesystem::path executable_dir() {
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec || exe.empty()) return {};
    return exe.parent_path();
}

std::filesystem::path installed_data_dir(const std::filesystem::path& exe_dir) {
    if (exe_dir.empty()) return {};
    auto dir = (exe_dir / kDataFromBinDir).lexically_normal();
    return is_file(dir / "findings.toml") ? dir : std::filesystem::path{};
}

std::filesystem::path default_data_dir() {
    auto installed = installed_data_dir(executable_dir());
    return installed.empty() ? mikiwame::default_data_dir() : installed;
}

std::filesystem::path default_geoip_dir() {
    // The documented override wins, as it does in intel::default_geoip_paths().
    if (const char* env = std::getenv("MIKIWAME_GEOIP_DIR"); env && *env) return env;
    if (auto exe_dir = executable_dir(); !exe_dir.empty()) {
        auto dir = (exe_dir / kDataFromBinDir / "geoip").lexically_normal();
        if (is_file(dir / "country.mmdb") || is_file(dir / "asn.mmdb")) return dir;
    }
    return kSourceGeoipDir;
}

} // namespace mikiwame::app

// SPDX-License-Identifier: Apache-2.0
// apps/common/install_paths: an installed binary finds share/mikiwame beside its bin/, a binary
// in the build tree falls back to the source tree, and what the caller set is never replaced.
#include "common/install_paths.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

namespace fs = std::filesystem;

// A fresh directory under the system temp dir, removed at the end of the test.
class TempDir {
public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "mikiwame-app-paths.XXXXXX").string();
        if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        if (!path_.empty()) fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

void touch(const fs::path& file) {
    fs::create_directories(file.parent_path());
    std::ofstream(file) << "";
}

// Restores an environment variable when the test ends.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const std::string& value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        setenv(name, value.c_str(), 1);
    }
    ~ScopedEnv() {
        if (old_.empty()) {
            unsetenv(name_);
        } else {
            setenv(name_, old_.c_str(), 1);
        }
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    const char* name_;
    std::string old_;
};

TEST(InstallPaths, FindsShareMikiwameBesideBin) {
    TempDir prefix;
    ASSERT_FALSE(prefix.path().empty());
    touch(prefix.path() / "share" / "mikiwame" / "findings.toml");
    fs::create_directories(prefix.path() / "bin");
    EXPECT_EQ(mikiwame::app::installed_data_dir(prefix.path() / "bin"), prefix.path() / "share" / "mikiwame");
}

TEST(InstallPaths, IgnoresAShareDirectoryWithoutFindings) {
    TempDir prefix;
    ASSERT_FALSE(prefix.path().empty());
    fs::create_directories(prefix.path() / "share" / "mikiwame" / "brands");
    fs::create_directories(prefix.path() / "bin");
    EXPECT_TRUE(mikiwame::app::installed_data_dir(prefix.path() / "bin").empty());
    EXPECT_TRUE(mikiwame::app::installed_data_dir({}).empty());
}

TEST(InstallPaths, ABinaryInTheBuildTreeUsesTheSourceTreeData) {
    EXPECT_FALSE(mikiwame::app::executable_dir().empty());
    EXPECT_EQ(mikiwame::app::default_data_dir(), mikiwame::default_data_dir());
}

TEST(InstallPaths, TheGeoipDirectoryFollowsTheEnvironment) {
    TempDir geoip;
    ASSERT_FALSE(geoip.path().empty());
    touch(geoip.path() / "country.mmdb");
    ScopedEnv env("MIKIWAME_GEOIP_DIR", geoip.path().string());
    EXPECT_EQ(mikiwame::app::default_geoip_dir(), geoip.path());
    const mikiwame::GeoIpFiles files = mikiwame::find_geoip_files(mikiwame::app::default_geoip_dir());
    EXPECT_EQ(files.country, geoip.path() / "country.mmdb");
    EXPECT_TRUE(files.asn.empty()) << "no asn.mmdb there: left to the engine, which notes it";
}

} // namespace

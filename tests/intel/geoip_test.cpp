// SPDX-License-Identifier: Apache-2.0
#include "intel/geoip.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace mikiwame::intel {
namespace {

TEST(GeoIp, KnowsGorillaServersWhenTheOpenDatabasesAreInstalled) {
    GeoIpPaths paths = default_geoip_paths();
    if (paths.country.empty() || paths.asn.empty())
        GTEST_SKIP() << "open GeoIP databases not installed (scripts/install-geoip.sh, run by make test); skipping";
    auto geo = GeoIp::open(paths);
    ASSERT_TRUE(geo) << geo.error().message;
    auto info = geo->lookup(*net::parse_ip("104.250.145.186"));
    ASSERT_TRUE(info);
    EXPECT_EQ(info->country.value_or(""), "US");
    EXPECT_EQ(info->asn.value_or(0), 53850);
    EXPECT_NE(info->as_org.value_or("").find("GorillaServers"), std::string::npos);
    // IPv6 and private space.
    EXPECT_TRUE(geo->lookup(*net::parse_ip("2001:4860:4860::8888")));
    EXPECT_FALSE(geo->lookup(*net::parse_ip("192.168.1.1")));
}

TEST(GeoIp, MissingDatabasesGiveNullsAndANoteNotAnError) {
    auto geo = GeoIp::open({"/nonexistent/country.mmdb", "/nonexistent/asn.mmdb"});
    ASSERT_TRUE(geo);
    EXPECT_FALSE(geo->has_country());
    EXPECT_FALSE(geo->lookup(*net::parse_ip("104.250.145.186")));
    ASSERT_EQ(geo->notes().size(), 2u);
    EXPECT_NE(geo->notes()[0].find("not installed"), std::string::npos);
}

TEST(GeoIp, AFileThatIsNotAMaxMindDatabaseIsAConfigError) {
    auto geo = GeoIp::open({std::string(MIKIWAME_SOURCE_DIR) + "/README.md", ""});
    ASSERT_FALSE(geo);
    EXPECT_EQ(geo.error().code, ErrorCode::Config);
}

} // namespace
} // namespace mikiwame::intel

// SPDX-License-Identifier: Apache-2.0
// Tests of GeoIp: the installed open databases (skipped with a message when absent), MaxMind's
// record layout through small fixture databases, missing databases, errors, and lookups from
// several threads.
#include "intel/geoip.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>
#include <unistd.h>

namespace mikiwame::intel {
namespace {

namespace fs = std::filesystem;

const fs::path kFixtures = fs::path(MIKIWAME_SOURCE_DIR) / "tests/fixtures/intel";

net::IpAddress ip(const char* text) {
    auto parsed = net::parse_ip(text);
    EXPECT_TRUE(parsed) << text;
    return parsed.value_or(net::IpAddress{});
}

// Sets an environment variable for the lifetime of the object.
TEST(GeoIp, KnowsGorillaServersWhenTheOpenDatabasesAreInstalled) {
    GeoIpPaths paths = find_geoip_paths(std::filesystem::path(MIKIWAME_SOURCE_DIR) / "var/geoip");
    if (paths.country.empty() || paths.asn.empty())
        GTEST_SKIP() << "open GeoIP databases not installed (run scripts/install-geoip.sh, which make test runs); skipping";
    auto geo = GeoIp::open(paths);
    ASSERT_TRUE(geo) << geo.error().message << ": " << geo.error().context;
    EXPECT_TRUE(geo->notes().empty());
    auto info = geo->lookup(ip("104.250.145.186"));
    ASSERT_TRUE(info);
    EXPECT_EQ(info->country.value_or(""), "US");
    EXPECT_EQ(info->asn.value_or(0), 53850);
    EXPECT_NE(info->as_org.value_or("").find("GorillaServers"), std::string::npos) << info->as_org.value_or("");
    auto v6 = geo->lookup(ip("2001:4860:4860::8888"));
    ASSERT_TRUE(v6);
    EXPECT_EQ(v6->asn.value_or(0), 15169);
    // An IPv4-mapped IPv6 address is the IPv4 address.
    auto mapped = geo->lookup(ip("::ffff:104.250.145.186"));
    if (mapped) {
        EXPECT_EQ(mapped->asn.value_or(0), 53850);
    }
    EXPECT_FALSE(geo->lookup(ip("192.168.1.1"))) << "private space has no country";
    EXPECT_FALSE(geo->lookup(ip("127.0.0.1")));
}

TEST(GeoIp, MissingDatabasesGiveNullsAndANoteNotAnError) {
    auto geo = GeoIp::open({"/nonexistent/country.mmdb", "/nonexistent/asn.mmdb"});
    ASSERT_TRUE(geo);
    EXPECT_FALSE(geo->has_country());
    EXPECT_FALSE(geo->has_asn());
    EXPECT_FALSE(geo->lookup(ip("104.250.145.186")));
    ASSERT_EQ(geo->notes().size(), 2u);
    EXPECT_NE(geo->notes()[0].find("country database not installed"), std::string::npos) << geo->notes()[0];
    EXPECT_NE(geo->notes()[1].find("ASN database not installed"), std::string::npos) << geo->notes()[1];
}

TEST(GeoIp, ANonexistentDirectoryHoldsNoDatabaseAndOpensWithNotes) {
    GeoIpPaths paths = find_geoip_paths("/nonexistent/mikiwame-geoip");
    EXPECT_TRUE(paths.country.empty());
    EXPECT_TRUE(paths.asn.empty());
    auto geo = GeoIp::open(paths);
    ASSERT_TRUE(geo);
    EXPECT_FALSE(geo->has_country());
    EXPECT_EQ(geo->notes().size(), 2u);
}

TEST(GeoIp, ReadsMaxMindFilesFoundByTheirNames) {
    GeoIpPaths paths = find_geoip_paths(kFixtures);
    EXPECT_EQ(paths.country, kFixtures / "GeoLite2-Country.mmdb");
    EXPECT_EQ(paths.asn, kFixtures / "GeoLite2-ASN.mmdb");
    auto geo = GeoIp::open(paths);
    ASSERT_TRUE(geo) << geo.error().message;
    auto both = geo->lookup(ip("5.1.2.9"));
    ASSERT_TRUE(both);
    EXPECT_EQ(both->country.value_or(""), "JP"); // country.iso_code
    EXPECT_EQ(both->asn.value_or(0), 64500);
    EXPECT_EQ(both->as_org.value_or(""), "Example Hosting KK");
    auto registered = geo->lookup(ip("5.1.3.9"));
    ASSERT_TRUE(registered);
    EXPECT_EQ(registered->country.value_or(""), "NL"); // registered_country.iso_code only
    EXPECT_FALSE(registered->asn);
    auto v6 = geo->lookup(ip("2a05:1000::1"));
    ASSERT_TRUE(v6);
    EXPECT_EQ(v6->country.value_or(""), "DE");
    EXPECT_FALSE(geo->lookup(ip("5.1.4.1"))) << "an address neither database knows";
}

TEST(GeoIp, OneDatabaseAloneAnswersWhatItKnows) {
    auto geo = GeoIp::open({"", kFixtures / "GeoLite2-ASN.mmdb"});
    ASSERT_TRUE(geo);
    EXPECT_FALSE(geo->has_country());
    EXPECT_TRUE(geo->has_asn());
    ASSERT_EQ(geo->notes().size(), 1u);
    auto info = geo->lookup(ip("5.1.2.9"));
    ASSERT_TRUE(info);
    EXPECT_FALSE(info->country);
    EXPECT_EQ(info->asn.value_or(0), 64500);
}

TEST(GeoIp, AFileThatIsNotAMaxMindDatabaseIsAConfigErrorWithItsPath) {
    const fs::path readme = fs::path(MIKIWAME_SOURCE_DIR) / "README.md";
    auto geo = GeoIp::open({readme, ""});
    ASSERT_FALSE(geo);
    EXPECT_EQ(geo.error().code, ErrorCode::Config);
    EXPECT_EQ(geo.error().context, readme.string());
}

TEST(GeoIp, AnUnreadableFileIsCannotOpen) {
    // A directory cannot be mapped, whoever runs the test.
    auto dir = GeoIp::open({"", kFixtures});
    ASSERT_FALSE(dir);
    EXPECT_EQ(dir.error().code, ErrorCode::CannotOpen) << dir.error().message;
    EXPECT_EQ(dir.error().context, kFixtures.string());
    if (::geteuid() == 0) GTEST_SKIP() << "running as root, which reads any file; the permission case is skipped";
    const fs::path file = fs::temp_directory_path() / ("mikiwame-geoip-" + std::to_string(::getpid()) + ".mmdb");
    fs::copy_file(kFixtures / "GeoLite2-ASN.mmdb", file, fs::copy_options::overwrite_existing);
    fs::permissions(file, fs::perms::none);
    auto geo = GeoIp::open({"", file});
    fs::remove(file);
    ASSERT_FALSE(geo);
    EXPECT_EQ(geo.error().code, ErrorCode::CannotOpen);
}

TEST(GeoIp, MovesAndServesLookupsFromSeveralThreads) {
    auto opened = GeoIp::open({kFixtures / "GeoLite2-Country.mmdb", kFixtures / "GeoLite2-ASN.mmdb"});
    ASSERT_TRUE(opened);
    GeoIp geo = std::move(opened.value());
    GeoIp empty;
    EXPECT_TRUE(empty.notes().empty());
    EXPECT_FALSE(empty.lookup(ip("5.1.2.9")));
    std::vector<std::thread> threads;
    std::vector<int> found(4, 0);
    const net::IpAddress address = ip("5.1.2.9");
    for (std::size_t t = 0; t < found.size(); ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 2000; ++i) {
                auto info = geo.lookup(address);
                found[t] += info && info->asn == 64500 ? 1 : 0;
            }
        });
    }
    for (auto& t : threads) t.join();
    for (int f : found) EXPECT_EQ(f, 2000);
    GeoIp moved_to = std::move(geo);
    EXPECT_TRUE(moved_to.lookup(address));
}

} // namespace
} // namespace mikiwame::intel

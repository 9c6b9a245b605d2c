// SPDX-License-Identifier: Apache-2.0
// UrlCatalog::load on the shipped lists and on broken copies of them.
#include "urls/url_catalog.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "test_catalog.h"
#include "urls/url_parser.h"

namespace {

namespace fs = std::filesystem;
using mikiwame::urls::UrlCatalog;
using mikiwame::urls::testing::shipped_catalog;

// A copy of the shipped lists with `line` appended to `file`.
fs::path broken_copy(const std::string& file, const std::string& line) {
    const fs::path dir = fs::temp_directory_path() / ("mikiwame_urls_catalog_" + file);
    fs::remove_all(dir);
    fs::create_directories(dir / "lists");
    for (const auto& entry : fs::directory_iterator(fs::path(MIKIWAME_SOURCE_DIR) / "data/lists"))
        fs::copy_file(entry.path(), dir / "lists" / entry.path().filename());
    std::ofstream(dir / "lists" / file, std::ios::app) << line << "\n";
    return dir;
}

TEST(UrlCatalog, LoadsTheShippedLists) {
    const auto& catalog = shipped_catalog();
    EXPECT_TRUE(catalog.is_abused_tld("sbs"));
    EXPECT_FALSE(catalog.is_abused_tld("jp"));
    EXPECT_EQ(catalog.shortener_match("bit.ly"), "bit.ly");
    EXPECT_EQ(catalog.free_hosting_match("evil.weebly.com"), "weebly.com");
    EXPECT_EQ(catalog.free_hosting_match("weebly.com.evil.example"), "");
    EXPECT_TRUE(catalog.is_redirect_param("URL"));
    EXPECT_FALSE(catalog.redirectors().empty());
}

TEST(UrlCatalog, FindsGoogleUnderAnyPublicSuffix) {
    const auto& catalog = shipped_catalog();
    auto jp = mikiwame::urls::parse_url("https://www.google.co.jp/url?q=https://x.example/");
    ASSERT_TRUE(jp);
    const auto* r = catalog.find_redirector(*jp);
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->name, "google");
    auto fake = mikiwame::urls::parse_url("https://google.evil.example/url?q=https://x.example/");
    ASSERT_TRUE(fake);
    EXPECT_EQ(catalog.find_redirector(*fake), nullptr);
}

TEST(UrlCatalog, RejectsAMalformedDomainLineWithFileAndLine) {
    auto loaded = UrlCatalog::load(broken_copy("shorteners.txt", "Bad Entry.com"));
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().context.find("shorteners.txt:"), std::string::npos) << loaded.error().context;
}

TEST(UrlCatalog, RejectsARedirectorWithAnUnknownCarrier) {
    auto loaded = UrlCatalog::load(broken_copy("redirectors.txt", "x redirect x.example / teleport"));
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().message.find("teleport"), std::string::npos);
}

TEST(UrlCatalog, RejectsAMissingDirectory) {
    auto loaded = UrlCatalog::load("/nonexistent/mikiwame-data");
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().code, mikiwame::ErrorCode::Config);
}

} // namespace

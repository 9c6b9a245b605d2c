// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "catalog/brand_catalog.h"
#include "catalog/finding_catalog.h"

namespace mikiwame::catalog {
namespace {

std::string utf8(char32_t cp) {
    std::string out;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return out;
}

// toml++ 3.3 hits __builtin_unreachable() on some non-ASCII characters outside strings (see
// catalog/toml.h). Every BMP character, alone or after a value, must give an error value.
TEST(TomlGuard, EveryBmpCharacterOutsideAStringIsAnErrorNotACrash) {
    for (char32_t cp = 0x80; cp < 0x10000; ++cp) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        std::string c = utf8(cp);
        EXPECT_FALSE(FindingCatalog::parse(c, "x.toml")) << std::hex << static_cast<unsigned>(cp);
        (void)FindingCatalog::parse("a=0" + c, "x.toml");
    }
}

TEST(TomlGuard, EscapedCharactersKeepTheirValueInsideStrings) {
    auto brand = BrandCatalog::parse_brand("id = \"x\"\n[names]\nen = [\"Itaú Ünibanco ſ\"]\nja = [\"あいうえお ぁ\"]\n", "x.toml", "x");
    ASSERT_TRUE(brand) << brand.error().message;
    EXPECT_EQ(brand->names_en.at(0), "Itaú Ünibanco ſ");
    EXPECT_EQ(brand->names_ja.at(0), "あいうえお ぁ");
}

TEST(BrandFile, AMisspeltKeyOrTableIsAnErrorAtItsPlaceWithTheNearestKey) {
    auto table = BrandCatalog::parse_brand("id = \"x\"\n[names]\nen = [\"X\"]\n[domain]\nofficial = [\"x.jp\"]\n", "x.toml", "x");
    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().context, "x.toml:4:2");
    EXPECT_EQ(table.error().message, "unknown key 'domain' (did you mean 'domains'?)");
    auto key = BrandCatalog::parse_brand("id = \"x\"\n[names]\nen = [\"X\"]\n[domains]\nofficalx = [\"x.jp\"]\n", "x.toml", "x");
    ASSERT_FALSE(key);
    EXPECT_EQ(key.error().context, "x.toml:5:1");
    EXPECT_EQ(key.error().message, "unknown key 'domains.officalx' (did you mean 'domains.official'?)");
    auto vendor = BrandCatalog::parse_brand("id = \"x\"\n[names]\nen = [\"X\"]\n[[vendors]]\nid = \"v\"\nname = [\"V\"]\n", "x.toml", "x");
    ASSERT_FALSE(vendor);
    EXPECT_EQ(vendor.error().context, "x.toml:6:1");
    EXPECT_EQ(vendor.error().message, "unknown key 'vendors.name' (did you mean 'vendors.names'?)");
}

TEST(BrandFile, AGroupIsAnIdentifier) {
    auto ok = BrandCatalog::parse_brand("id = \"x\"\ngroup = \"x_group\"\n[names]\nen = [\"X\"]\n", "x.toml", "x");
    ASSERT_TRUE(ok) << ok.error().message;
    EXPECT_EQ(ok->group, "x_group");
    EXPECT_EQ(ok->location, "x.toml:1:6");
    EXPECT_FALSE(BrandCatalog::parse_brand("id = \"x\"\ngroup = \"X Group\"\n[names]\nen = [\"X\"]\n", "x.toml", "x"));
}

TEST(FindingCatalog, AMisspeltKeyIsAnError) {
    auto bad = FindingCatalog::parse("[[finding]]\nid = \"a.b\"\nseverity = \"low\"\nweigth = 1.0\n", "f.toml");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().context, "f.toml:4:1");
    EXPECT_NE(bad.error().message.find("did you mean 'weight'?"), std::string::npos);
}

TEST(FindingCatalog, ReportsMalformedEntriesWithTheirLocation) {
    auto missing = FindingCatalog::parse("[[finding]]\nid = \"a.b\"\nseverity = \"huge\"\nweight = 1.0\n", "f.toml");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::Config);
    EXPECT_NE(missing.error().context.find("f.toml:"), std::string::npos);
    EXPECT_FALSE(FindingCatalog::parse("[[finding]\n", "f.toml"));
}

TEST(FindingCatalog, ExtraInstancesAddTheirWeightUpToTheCap) {
    auto catalog = FindingCatalog::parse("[[finding]]\nid = \"content.x\"\nseverity = \"low\"\nweight = 2.0\n"
                                         "weight_per_extra = 1.5\nmax_weight = 4.0\ngroup = \"content\"\n"
                                         "summary.ja = \"x\"\nsummary.en = \"x\"\n"
                                         "[[finding]]\nid = \"content.y\"\nseverity = \"low\"\nweight = 1.0\n"
                                         "group = \"content\"\nsummary.ja = \"y\"\nsummary.en = \"y\"\n",
                                         "f.toml");
    ASSERT_TRUE(catalog) << catalog.error().message;
    const FindingDefinition* x = catalog->find("content.x");
    ASSERT_NE(x, nullptr);
    EXPECT_DOUBLE_EQ(catalog->weight_for(*x, 1), 2.0);
    EXPECT_DOUBLE_EQ(catalog->weight_for(*x, 2), 3.5);
    EXPECT_DOUBLE_EQ(catalog->weight_for(*x, 9), 4.0);
    const FindingDefinition* y = catalog->find("content.y");
    ASSERT_NE(y, nullptr);
    EXPECT_DOUBLE_EQ(catalog->weight_for(*y, 5), 1.0) << "without weight_per_extra the count does not matter";
}

TEST(FindingCatalog, MaxWeightBelowWeightIsAConfigError) {
    auto bad = FindingCatalog::parse("[[finding]]\nid = \"content.x\"\nseverity = \"low\"\nweight = 2.0\n"
                                     "weight_per_extra = 1.0\nmax_weight = 1.0\ngroup = \"content\"\n"
                                     "summary.ja = \"x\"\nsummary.en = \"x\"\n",
                                     "f.toml");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("max_weight"), std::string::npos);
}

} // namespace
} // namespace mikiwame::catalog

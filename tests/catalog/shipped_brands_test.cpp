// SPDX-License-Identifier: Apache-2.0
// The shipped brand catalogue (data/brands/): its size and the fields every record needs to be
// told apart from impersonation, and its families (docs/data.md).
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "catalog/brand_catalog.h"

namespace mikiwame::catalog {
namespace {

constexpr std::size_t kMinShippedBrands = 300;

const BrandCatalog& shipped() {
    static const BrandCatalog catalog = [] {
        auto loaded = BrandCatalog::load(std::string(MIKIWAME_SOURCE_DIR) + "/data/brands", true);
        EXPECT_TRUE(loaded) << loaded.error().message;
        return loaded ? std::move(loaded.value()) : BrandCatalog{};
    }();
    return catalog;
}

TEST(ShippedBrands, AtLeast300EachWithEnglishAndJapaneseNamesAndAnOfficialDomain) {
    const auto& brands = shipped().brands();
    EXPECT_GE(brands.size(), kMinShippedBrands);
    for (const Brand& brand : brands) {
        EXPECT_FALSE(brand.names_en.empty()) << brand.id << ": no English name";
        EXPECT_FALSE(brand.names_ja.empty()) << brand.id << ": no Japanese name";
        EXPECT_FALSE(brand.official_domains.empty()) << brand.id << ": no official domain";
        EXPECT_FALSE(brand.category.empty()) << brand.id << ": no category";
    }
}

TEST(ShippedBrands, FamiliesJoinTheMembersDomains) {
    const BrandCatalog& c = shipped();
    // A bank and its card company, a group's shop and card, a group's payments and portal.
    EXPECT_TRUE(c.same_family("smbc-card.com", "smbc.co.jp"));
    EXPECT_TRUE(c.same_family("rakuten-card.co.jp", "rakuten.co.jp"));
    EXPECT_TRUE(c.same_family("paypay-card.co.jp", "lycorp.co.jp"));
    EXPECT_FALSE(c.same_family("paypay-card.co.jp", "yahoo.co.jp")) << "Yahoo! mail's users are not the group";
    EXPECT_TRUE(c.same_family("cr.mufg.jp", "mufgcard.com"));
    EXPECT_FALSE(c.same_family("smbc-card.com", "mufg.jp"));
    // A carrier's customers' mailboxes are not the carrier group's card company.
    const Brand* dcard = c.find("dcard");
    ASSERT_TRUE(dcard);
    EXPECT_TRUE(dcard->is_family_sender_domain("nttdocomo.co.jp"));
    EXPECT_FALSE(dcard->is_family_sender_domain("docomo.ne.jp"));
}

TEST(ShippedBrands, NoDomainIsClaimedTwiceOutsideAFamily) {
    std::map<std::string, const Brand*> owner;
    for (const Brand& brand : shipped().brands())
        for (const auto* list : {&brand.official_domains, &brand.consumer_domains})
            for (const auto& domain : *list) {
                auto [it, inserted] = owner.emplace(domain, &brand);
                if (inserted) continue;
                EXPECT_TRUE(!brand.group.empty() && brand.group == it->second->group)
                    << domain << " claimed by " << brand.id << " and " << it->second->id;
            }
}

} // namespace
} // namespace mikiwame::catalog

// SPDX-License-Identifier: Apache-2.0
// BrandMatcher: every brand name, alias, product name, official domain, link token and
// copyright pattern of the catalogue, folded (NFKC_Casefold) and compiled once into one
// Hyperscan literal database. Each text is scanned once. Immutable and thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/hyperscan.h"
#include "base/hyperscan_cache.h"
#include "catalog/brand_catalog.h"
#include "mikiwame/result.h"

namespace mikiwame::brands {

enum class MatchKind { Name, Domain, Token, Copyright };

struct NameMatch {
    std::size_t brand_index = 0; // into BrandCatalog::brands()
    MatchKind kind = MatchKind::Name;
    std::string pattern;         // the folded pattern that matched
    std::string original;        // the catalogue's spelling of it, for evidence
};

// A registrable domain split for look-alike checks: its first label, and that label with the
// typo-squatters' look-alike characters undone (base::undo_typo_lookalikes).
struct OfficialLabel {
    std::string domain;
    std::string label;
    std::string unconfused;
};
[[nodiscard]] OfficialLabel split_label(std::string_view registrable);

class BrandMatcher {
public:
    // With a `cache`, the compiled database comes from it when it holds one for exactly these
    // patterns (base/hyperscan_cache.h).
    [[nodiscard]] static Result<BrandMatcher> build(const catalog::BrandCatalog& catalog, const base::HsCache* cache = nullptr);
    BrandMatcher(BrandMatcher&&) noexcept;
    BrandMatcher& operator=(BrandMatcher&&) noexcept;
    ~BrandMatcher();

    // Matches in `folded` text (already passed through base::fold_for_matching). ASCII
    // patterns match only at word boundaries ("au" never inside "author"). One entry per
    // distinct (brand, kind, pattern). `scratch` is the calling thread's, grown by reserve();
    // a Hyperscan failure is an error, not "no match".
    [[nodiscard]] Result<std::vector<NameMatch>> scan(std::string_view folded, base::HsScratch& scratch) const;
    [[nodiscard]] Result<bool> reserve(base::HsScratch& scratch) const;
    // The brand's official domains split once at build (indexed like BrandCatalog::brands()):
    // the look-alike check runs for every brand and every link of every message.
    const std::vector<OfficialLabel>& official_labels(std::size_t brand_index) const;
    // The brands whose official labels `label` (a link's label left of its registrable domain)
    // may imitate: the same label once look-alike characters are undone, or one edit away from a
    // label of at least kMinOneEditLabel letters. From indexes built once (the labels and their
    // one-letter deletions), so a label costs a few hash lookups whatever the catalogue's size;
    // the look-alike test itself decides (brand_analysis). Sorted, without repeats.
    std::vector<std::size_t> lookalike_candidates(const OfficialLabel& label) const;
    // A brand's link token (at least kMinLinkToken letters) or official label (at least
    // kMinAddedWordsLabel letters) found in a lower-case host, path or label: every occurrence,
    // whether at a word boundary or not (the caller decides). One Hyperscan scan of a database
    // built at load, so the cost per link does not grow with the catalogue.
    struct LinkWord {
        std::size_t brand = 0;
        bool is_label = false; // an official label, else a link token
        std::size_t index = 0; // into Brand::tokens, or into official_labels(brand)
        std::size_t from = 0, to = 0;
    };
    [[nodiscard]] Result<std::vector<LinkWord>> find_link_words(std::string_view text, base::HsScratch& scratch) const;
    // The brands with `domain` or a parent of it among their official, consumer or mailbox
    // domains (the only brands a From domain can belong to). Sorted, without repeats.
    std::vector<std::size_t> brands_with_sender_domain(std::string_view domain) const;
    // True when `label` is the first label of some brand's official domain ("paypay").
    bool is_official_label(std::string_view label) const;
    // The brands with `domain` among their own official domains; empty when none.
    const std::vector<std::size_t>& brands_with_official_domain(std::string_view domain) const;

    static constexpr std::size_t kMinOneEditLabel = 6;
    static constexpr std::size_t kMinLinkToken = 4;
    static constexpr std::size_t kMinAddedWordsLabel = 5;

private:
    struct Impl;
    static Result<bool> build_link_words(Impl& impl, const std::vector<catalog::Brand>& brands, const base::HsCache* cache);
    explicit BrandMatcher(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace mikiwame::brands

// SPDX-License-Identifier: Apache-2.0
#include "brands/brand_matcher.h"

#include <hs/hs.h>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "base/hyperscan.h"
#include "base/confusable.h"
#include "base/normalize.h"
#include "base/text.h"

namespace mikiwame::brands {

namespace {

struct Pattern {
    std::size_t brand_index;
    MatchKind kind;
    std::string text;
    std::string original;
};

bool is_ascii_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Tokens shorter than this are matched only as whole link labels, never inside text.
constexpr std::size_t kMinTextTokenLength = 4;
// Occurrences collected per scanned text: enough for any mail's distinct names.
constexpr std::size_t kMaxOccurrences = 4096;

// The patterns with at least one occurrence that no longer match of another brand covers:
// the longest, most specific name wins ("三井住友カード" over the bank's "三井住友" inside it,
// "smbc-card.com" over the token "smbc"). Sorted by start, longest first, so a covering
// occurrence is always seen before what it covers.
template <typename Occurrence, typename Patterns>
std::set<std::size_t> undominated_ids(std::vector<Occurrence>& occurrences, const Patterns& patterns) {
    std::sort(occurrences.begin(), occurrences.end(), [](const Occurrence& a, const Occurrence& b) {
        return a.from != b.from ? a.from < b.from : a.to > b.to;
    });
    std::set<std::size_t> ids;
    // Per brand seen so far, its occurrence reaching furthest right (few brands per text).
    struct Reach {
        std::size_t brand, from, to;
    };
    std::vector<Reach> reaches;
    for (const auto& o : occurrences) {
        const std::size_t brand = patterns[o.id].brand_index;
        // Covered: another brand's occurrence starts no later, ends no earlier, and is longer.
        bool covered = std::any_of(reaches.begin(), reaches.end(), [&](const Reach& r) {
            return r.brand != brand && r.to >= o.to && (r.from < o.from || r.to > o.to);
        });
        if (!covered) ids.insert(o.id);
        auto own = std::find_if(reaches.begin(), reaches.end(), [&](const Reach& r) { return r.brand == brand; });
        if (own == reaches.end()) reaches.push_back({brand, o.from, o.to});
        else if (o.to > own->to) *own = {brand, o.from, o.to};
    }
    return ids;
}

// `word` and each of its one-letter deletions: two words within one edit share one of these
// (the symmetric-delete lookup), so an index of them finds every candidate in a few lookups.
std::vector<std::string> with_deletions(std::string_view word) {
    std::vector<std::string> out{std::string(word)};
    for (std::size_t i = 0; i < word.size(); ++i) {
        std::string deleted = std::string(word.substr(0, i)) + std::string(word.substr(i + 1));
        if (std::find(out.begin(), out.end(), deleted) == out.end()) out.push_back(std::move(deleted));
    }
    return out;
}

using BrandIndex = std::unordered_map<std::string, std::vector<std::size_t>>;

void index_brand(BrandIndex& index, const std::string& key, std::size_t brand) {
    auto& brands = index[key];
    if (std::find(brands.begin(), brands.end(), brand) == brands.end()) brands.push_back(brand);
}

} // namespace

struct BrandMatcher::Impl {
    std::vector<Pattern> patterns;
    std::vector<std::vector<OfficialLabel>> official_labels;
    BrandIndex by_unconfused_label; // official labels, look-alike characters undone
    BrandIndex by_deletion;         // long official labels and their one-letter deletions
    BrandIndex by_official_domain;
    std::unordered_set<std::string> labels; // official labels as written
    BrandIndex by_sender_domain;            // official, consumer and mailbox domains
    base::HsDatabase database;
    // Link tokens and official labels, one literal each; its owners by literal id.
    base::HsDatabase link_words;
    std::vector<std::vector<LinkWord>> link_word_owners;
};

// The link-word database: each distinct literal once, with every (brand, token or label) it is.
Result<bool> BrandMatcher::build_link_words(Impl& impl, const std::vector<catalog::Brand>& brands, const base::HsCache* cache) {
    std::map<std::string, std::vector<LinkWord>> owners;
    for (std::size_t b = 0; b < brands.size(); ++b) {
        for (std::size_t t = 0; t < brands[b].tokens.size(); ++t) {
            const std::string& token = brands[b].tokens[t];
            if (token.size() >= kMinLinkToken) owners[token].push_back({b, false, t, token.size(), 0});
        }
        const auto& labels = impl.official_labels[b];
        for (std::size_t l = 0; l < labels.size(); ++l)
            if (labels[l].label.size() >= kMinAddedWordsLabel)
                owners[labels[l].label].push_back({b, true, l, labels[l].label.size(), 0});
    }
    if (owners.empty()) return true;
    std::vector<const char*> expressions;
    std::vector<std::size_t> lengths;
    std::vector<unsigned> flags, ids;
    std::string key_material;
    for (auto& [literal, list] : owners) {
        ids.push_back(static_cast<unsigned>(expressions.size()));
        expressions.push_back(literal.data());
        lengths.push_back(literal.size());
        flags.push_back(0);
        key_material += fmt::format("{}:{}\x1e", literal.size(), literal);
        impl.link_word_owners.push_back(std::move(list));
    }
    auto compile = [&]() -> Result<base::CompiledDatabase> {
        hs_compile_error_t* error = nullptr;
        hs_database_t* compiled = nullptr;
        if (hs_compile_lit_multi(expressions.data(), flags.data(), ids.data(), lengths.data(), static_cast<unsigned>(expressions.size()),
                                 HS_MODE_BLOCK, nullptr, &compiled, &error) != HS_SUCCESS) {
            std::string message = error && error->message ? error->message : "unknown error";
            if (error) hs_free_compile_error(error);
            return make_error(ErrorCode::Config, "brand link words: Hyperscan cannot build the database: " + message);
        }
        base::CompiledDatabase out;
        out.database = base::HsDatabase(compiled);
        return out;
    };
    auto compiled = cache ? cache->get_or_compile("brand-link-words", key_material, compile) : compile();
    if (!compiled) return Unexpected<Error>{compiled.error()};
    impl.link_words = std::move(compiled->database);
    return true;
}

OfficialLabel split_label(std::string_view registrable) {
    std::size_t dot = registrable.find('.');
    OfficialLabel split;
    split.domain = std::string(registrable);
    split.label = std::string(dot == std::string_view::npos ? registrable : registrable.substr(0, dot));
    split.unconfused = base::undo_typo_lookalikes(split.label);
    return split;
}

const std::vector<OfficialLabel>& BrandMatcher::official_labels(std::size_t brand_index) const {
    static const std::vector<OfficialLabel> none;
    return brand_index < impl_->official_labels.size() ? impl_->official_labels[brand_index] : none;
}

std::vector<std::size_t> BrandMatcher::lookalike_candidates(const OfficialLabel& label) const {
    std::vector<std::size_t> out;
    auto take = [&](const BrandIndex& index, const std::string& key) {
        if (auto it = index.find(key); it != index.end()) out.insert(out.end(), it->second.begin(), it->second.end());
    };
    take(impl_->by_unconfused_label, label.unconfused);
    if (label.label.size() + 1 >= kMinOneEditLabel)
        for (const auto& key : with_deletions(label.label)) take(impl_->by_deletion, key);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

bool BrandMatcher::is_official_label(std::string_view label) const {
    return impl_->labels.count(std::string(label)) > 0;
}

const std::vector<std::size_t>& BrandMatcher::brands_with_official_domain(std::string_view domain) const {
    static const std::vector<std::size_t> none;
    auto it = impl_->by_official_domain.find(std::string(domain));
    return it == impl_->by_official_domain.end() ? none : it->second;
}

Result<std::vector<BrandMatcher::LinkWord>> BrandMatcher::find_link_words(std::string_view text, base::HsScratch& scratch) const {
    std::vector<LinkWord> out;
    if (impl_->link_words.empty() || text.empty()) return out;
    struct Context {
        const Impl* impl;
        std::vector<LinkWord>* out;
    } context{impl_.get(), &out};
    auto on_match = [](unsigned id, unsigned long long, unsigned long long to, void* user) {
        auto* c = static_cast<Context*>(user);
        for (LinkWord word : c->impl->link_word_owners[id]) {
            word.to = static_cast<std::size_t>(to);
            word.from = word.to - word.from; // `from` holds the literal's length until here
            c->out->push_back(word);
        }
        return c->out->size() < kMaxOccurrences;
    };
    auto scanned = impl_->link_words.scan(text, scratch, on_match, &context);
    if (!scanned) return Unexpected<Error>{scanned.error()};
    return out;
}

std::vector<std::size_t> BrandMatcher::brands_with_sender_domain(std::string_view domain) const {
    std::vector<std::size_t> out;
    const std::string lowered = base::to_lower_ascii(domain);
    std::string_view suffix = lowered;
    while (!suffix.empty() && suffix.back() == '.') suffix.remove_suffix(1);
    while (!suffix.empty()) {
        if (auto it = impl_->by_sender_domain.find(std::string(suffix)); it != impl_->by_sender_domain.end())
            out.insert(out.end(), it->second.begin(), it->second.end());
        const std::size_t dot = suffix.find('.');
        if (dot == std::string_view::npos) break;
        suffix.remove_prefix(dot + 1);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

BrandMatcher::BrandMatcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
BrandMatcher::BrandMatcher(BrandMatcher&&) noexcept = default;
BrandMatcher& BrandMatcher::operator=(BrandMatcher&&) noexcept = default;
BrandMatcher::~BrandMatcher() = default;

Result<BrandMatcher> BrandMatcher::build(const catalog::BrandCatalog& catalog, const base::HsCache* cache) {
    auto impl = std::make_unique<Impl>();
    std::set<std::tuple<std::size_t, int, std::string>> seen;
    auto add = [&](std::size_t brand, MatchKind kind, const std::string& raw) {
        std::string folded = base::fold_for_matching(raw);
        if (folded.size() < 2) return;
        if (seen.insert({brand, static_cast<int>(kind), folded}).second) impl->patterns.push_back({brand, kind, folded, raw});
    };
    const auto& brands = catalog.brands();
    for (std::size_t i = 0; i < brands.size(); ++i) {
        std::vector<OfficialLabel> labels;
        for (const auto& domain : brands[i].official_domains) {
            OfficialLabel split = split_label(domain);
            index_brand(impl->by_official_domain, domain, i);
            impl->labels.insert(split.label);
            index_brand(impl->by_unconfused_label, split.unconfused, i);
            if (split.label.size() >= kMinOneEditLabel)
                for (const auto& key : with_deletions(split.label)) index_brand(impl->by_deletion, key, i);
            labels.push_back(std::move(split));
        }
        impl->official_labels.push_back(std::move(labels));
        for (const auto* list : {&brands[i].official_domains, &brands[i].consumer_domains, &brands[i].mailbox_domains})
            for (const auto& domain : *list) index_brand(impl->by_sender_domain, domain, i);
    }
    if (auto built = build_link_words(*impl, brands, cache); !built) return Unexpected<Error>{built.error()};
    for (std::size_t i = 0; i < brands.size(); ++i) {
        const catalog::Brand& b = brands[i];
        for (const auto& n : b.names_en) add(i, MatchKind::Name, n);
        for (const auto& n : b.names_ja) add(i, MatchKind::Name, n);
        for (const auto& n : b.aliases) add(i, MatchKind::Name, n);
        for (const auto& p : b.products) {
            add(i, MatchKind::Name, p.name);
            for (const auto& n : p.names_ja) add(i, MatchKind::Name, n);
        }
        for (const auto& d : b.official_domains) add(i, MatchKind::Domain, d);
        for (const auto& t : b.tokens)
            if (t.size() >= kMinTextTokenLength) add(i, MatchKind::Token, t);
        for (const auto& c : b.copyright_patterns) add(i, MatchKind::Copyright, c);
        for (const auto& v : b.vendors)
            for (const auto& c : v.copyright_patterns) add(i, MatchKind::Copyright, c);
    }
    if (impl->patterns.empty()) return BrandMatcher(std::move(impl));
    std::vector<const char*> expressions;
    std::vector<std::size_t> lengths;
    std::vector<unsigned> flags, ids;
    for (std::size_t i = 0; i < impl->patterns.size(); ++i) {
        expressions.push_back(impl->patterns[i].text.data());
        lengths.push_back(impl->patterns[i].text.size());
        flags.push_back(HS_FLAG_SOM_LEFTMOST);
        ids.push_back(static_cast<unsigned>(i));
    }
    auto compile = [&]() -> Result<base::CompiledDatabase> {
        hs_compile_error_t* error = nullptr;
        hs_database_t* compiled = nullptr;
        if (hs_compile_lit_multi(expressions.data(), flags.data(), ids.data(), lengths.data(),
                                 static_cast<unsigned>(expressions.size()), HS_MODE_BLOCK, nullptr, &compiled,
                                 &error) != HS_SUCCESS) {
            std::string message = error && error->message ? error->message : "unknown error";
            int which = error ? error->expression : -1;
            if (error) hs_free_compile_error(error);
            std::string pattern = which >= 0 ? impl->patterns[static_cast<std::size_t>(which)].text : "";
            return make_error(ErrorCode::Config, fmt::format("brand patterns: Hyperscan rejected '{}': {}", pattern, message));
        }
        base::CompiledDatabase out;
        out.database = base::HsDatabase(compiled);
        return out;
    };
    // The literals in id order (length-prefixed: a literal may hold any byte) with their flags.
    std::string key_material;
    for (std::size_t i = 0; i < expressions.size(); ++i)
        key_material += fmt::format("{}:{}:{}\x1e", lengths[i], std::string_view(expressions[i], lengths[i]), flags[i]);
    auto compiled = cache ? cache->get_or_compile("brands", key_material, compile) : compile();
    if (!compiled) return Unexpected<Error>{compiled.error()};
    impl->database = std::move(compiled->database);
    return BrandMatcher(std::move(impl));
}

Result<bool> BrandMatcher::reserve(base::HsScratch& scratch) const {
    if (auto r = scratch.reserve(impl_->link_words); !r) return r;
    return scratch.reserve(impl_->database);
}

Result<std::vector<NameMatch>> BrandMatcher::scan(std::string_view folded, base::HsScratch& scratch) const {
    std::vector<NameMatch> out;
    if (impl_->database.empty() || folded.empty()) return out;
    struct Occurrence {
        std::size_t from, to, id;
    };
    struct Context {
        const Impl* impl;
        std::string_view text;
        std::vector<Occurrence> occurrences;
    } ctx{impl_.get(), folded, {}};
    auto on_match = [](unsigned int id, unsigned long long from, unsigned long long to, void* user) -> bool {
        auto* c = static_cast<Context*>(user);
        const Pattern& p = c->impl->patterns[id];
        // ASCII words must stand alone: "au" is not a brand inside "author".
        if (is_ascii_alnum(p.text.front()) && from > 0 && is_ascii_alnum(c->text[from - 1])) return true;
        if (is_ascii_alnum(p.text.back()) && to < c->text.size() && is_ascii_alnum(c->text[to])) return true;
        // A text repeating names thousands of times decides nothing more: stop collecting.
        if (c->occurrences.size() >= kMaxOccurrences) return true;
        c->occurrences.push_back({static_cast<std::size_t>(from), static_cast<std::size_t>(to), id});
        return true;
    };
    auto scanned = impl_->database.scan(folded, scratch, on_match, &ctx);
    if (!scanned) return Unexpected<Error>{scanned.error()};
    for (std::size_t id : undominated_ids(ctx.occurrences, impl_->patterns)) {
        const Pattern& p = impl_->patterns[id];
        out.push_back({p.brand_index, p.kind, p.text, p.original});
    }
    return out;
}

} // namespace mikiwame::brands

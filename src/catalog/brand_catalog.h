// SPDX-License-Identifier: Apache-2.0
// The brand catalogue (data/brands/<id>.toml, docs/data.md): who a mail may pretend to be —
// names in Japanese and English, official domains, networks, home country, products and the
// software vendors whose copyright lines appear in the brand's mails. Loaded once at start;
// a malformed file is a Config error with file:line:col, never a partial catalogue.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "mikiwame/result.h"

namespace mikiwame::catalog {

struct Vendor {
    std::string id;
    std::vector<std::string> names;
    std::vector<std::string> copyright_patterns;
};

struct Product {
    std::string name;
    std::vector<std::string> names_ja;
    std::string vendor; // id of a Vendor of the same brand
};

struct Brand {
    std::string id;
    std::string location; // file:line:col of its id, for `data check`
    std::string category;
    // The family it belongs to (a bank and its card company): empty when it stands alone.
    std::string group;
    std::string home_country; // ISO 3166-1 alpha-2, upper case; empty when global/unknown
    std::vector<std::string> names_en;
    std::vector<std::string> names_ja;
    std::vector<std::string> aliases;
    std::vector<std::string> tokens; // lower-case ASCII tokens for link hosts and paths
    bool is_ambiguous = false;       // a name is also a common word: needs stronger context
    std::vector<std::string> official_domains; // registrable domains, lower-case A-labels
    // Domains of the brand's consumer services where anyone can hold an address (outlook.com,
    // icloud.com): the brand's own for links, but never proof that the brand sent a mail.
    std::vector<std::string> consumer_domains;
    // Official domains where the brand's customers also hold mailboxes (an ISP's or a
    // carrier's mail domain): a From address there names the sender's provider, and claims the
    // brand only when the display name, subject or a copyright line names it too. Each is also
    // in official_domains.
    std::vector<std::string> mailbox_domains;
    std::vector<std::int64_t> asns;
    // Registrable domains of the e-mail services the brand sends through (its ESP, "amazonses.com"):
    // an origin there is not the brand's own network, but not a sign of forgery by itself either.
    std::vector<std::string> sending_services;
    // The whole family's (every brand of `group`, this one included) official domains (other
    // members' mailbox domains left out), official and consumer domains, and networks; the
    // brand's own when it has no group. Filled by BrandCatalog::load (parse_brand alone sets
    // the brand's own).
    std::vector<std::string> family_official_domains;
    std::vector<std::string> family_owned_domains;
    std::vector<std::int64_t> family_asns;
    std::vector<Product> products;
    std::vector<Vendor> vendors;
    std::vector<std::string> copyright_patterns;

    // The name shown in reports: the first English name, else the first Japanese, else the id.
    const std::string& display_name() const;
    // True when `domain` (any host name) belongs to the brand: official or consumer domains.
    bool owns_domain(std::string_view domain) const;
    // True when `domain` is one the brand itself sends from (official, not consumer).
    bool is_official_sender_domain(std::string_view domain) const;
    // True when `host` (an origin's reverse DNS) is under one of sending_services.
    bool uses_sending_service(std::string_view host) const;
    // True when `domain` is one of the brand's mailbox domains (customers' addresses).
    bool is_mailbox_domain(std::string_view domain) const;
    // The family's versions: a card company's mail sent from its parent bank's domain, or a
    // group's shop linking to the group's payment site, is the brand's own.
    bool family_owns_domain(std::string_view domain) const;
    bool is_family_sender_domain(std::string_view domain) const;
    bool is_family_network(std::int64_t asn) const;
    // True when `other` is this brand or a brand of the same group.
    bool is_same_family(const Brand& other) const;
};

class BrandCatalog {
public:
    // Loads every *.toml in `dir` (sorted by name). An empty or missing directory is an
    // empty catalogue when `require_dir` is false.
    [[nodiscard]] static Result<BrandCatalog> load(const std::filesystem::path& dir, bool require_dir = false);
    // Parses one brand file's text; `origin` names it in errors and its stem must equal the id.
    [[nodiscard]] static Result<Brand> parse_brand(std::string_view toml_text, std::string_view origin,
                                                   std::string_view expected_id = {});

    const std::vector<Brand>& brands() const { return brands_; }
    const Brand* find(std::string_view id) const;
    // Whether `domain` (or a parent of it) is an official or consumer domain of any brand: one
    // hash lookup per label instead of a scan of every brand (runs for every link).
    bool any_brand_owns(std::string_view domain) const;
    // Whether two domains (host names or registrable domains) are official domains of one brand
    // or of brands of one group (smbc-card.com and vpass.ne.jp; rakuten.co.jp and
    // rakuten-card.co.jp). False when either is no brand's official domain (consumer domains
    // such as gmail.com relate to nothing). One hash lookup per label of each.
    bool same_family(std::string_view a, std::string_view b) const;

private:
    // Fills every brand's family_* lists and the domain → family index, once after loading.
    void join_families();
    // The families owning `domain` or a parent of it (a group id, or "=" + brand id alone).
    std::vector<std::string_view> families_of(std::string_view domain) const;

    std::vector<Brand> brands_;
    std::unordered_set<std::string> owned_domains_; // every brand's official and consumer domains
    std::unordered_map<std::string, std::vector<std::string>> domain_families_; // domain → family keys
};

} // namespace mikiwame::catalog

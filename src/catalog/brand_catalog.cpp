// SPDX-License-Identifier: Apache-2.0
#include "catalog/brand_catalog.h"

#include "catalog/toml.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "base/text.h"
#include "net/domain.h"

namespace mikiwame::catalog {

namespace {

// The keys each table of a brand file may hold (docs/data.md).
constexpr std::string_view kNamesKeys[] = {"en", "ja", "aliases"};
constexpr std::string_view kMatchKeys[] = {"tokens", "ambiguous"};
constexpr std::string_view kDomainsKeys[] = {"official", "consumer", "mailbox"};
constexpr std::string_view kNetworksKeys[] = {"asns", "services"};
constexpr std::pair<std::string_view, std::span<const std::string_view>> kSubtableKeys[] = {
    {"names", kNamesKeys},
    {"match", kMatchKeys},
    {"domains", kDomainsKeys},
    {"networks", kNetworksKeys},
};

bool is_valid_id(std::string_view id) {
    if (id.empty()) return false;
    return std::all_of(id.begin(), id.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

} // namespace

const std::string& Brand::display_name() const {
    if (!names_en.empty()) return names_en.front();
    if (!names_ja.empty()) return names_ja.front();
    return id;
}

namespace {
// Whether `domain` or one of its parent domains satisfies `listed` (lower-cased, without a
// trailing dot). Every registrable domain is a label suffix of the host, so comparing the
// host's label suffixes covers "same registrable domain" and "subdomain of a deeper entry"
// alike, without a public-suffix lookup per call (this runs for every brand and every link).
template <typename Listed>
bool domain_or_parent(std::string_view domain, Listed listed) {
    if (domain.empty()) return false;
    std::string lowered;
    if (std::any_of(domain.begin(), domain.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
        lowered = base::to_lower_ascii(domain);
        domain = lowered;
    }
    while (!domain.empty() && domain.back() == '.') domain.remove_suffix(1);
    for (std::string_view suffix = domain;;) {
        if (listed(suffix)) return true;
        std::size_t dot = suffix.find('.');
        if (dot == std::string_view::npos) return false;
        suffix.remove_prefix(dot + 1);
    }
}

// `domain` is one of `list` or below one of them.
bool domain_in(std::string_view domain, const std::vector<std::string>& list) {
    if (list.empty()) return false;
    return domain_or_parent(domain, [&](std::string_view suffix) {
        return std::find(list.begin(), list.end(), suffix) != list.end();
    });
}
} // namespace

bool Brand::owns_domain(std::string_view domain) const {
    return domain_in(domain, official_domains) || domain_in(domain, consumer_domains);
}

bool Brand::is_official_sender_domain(std::string_view domain) const {
    return domain_in(domain, official_domains);
}

bool Brand::uses_sending_service(std::string_view host) const {
    return domain_in(host, sending_services);
}

bool Brand::is_mailbox_domain(std::string_view domain) const {
    return domain_in(domain, mailbox_domains);
}

bool Brand::family_owns_domain(std::string_view domain) const {
    return domain_in(domain, family_owned_domains);
}

bool Brand::is_family_sender_domain(std::string_view domain) const {
    return domain_in(domain, family_official_domains);
}

bool Brand::is_family_network(std::int64_t asn) const {
    return std::find(family_asns.begin(), family_asns.end(), asn) != family_asns.end();
}

bool Brand::is_same_family(const Brand& other) const {
    return id == other.id || (!group.empty() && group == other.group);
}

Result<Brand> BrandCatalog::parse_brand(std::string_view toml_text, std::string_view origin, std::string_view expected_id) {
    auto parsed = parse_toml(toml_text, origin);
    if (!parsed) return Unexpected<Error>{parsed.error()};
    const toml::table& root = *parsed;
    const toml::source_region& top = root.source();
    Brand brand;
    auto id = root["id"].value<std::string>();
    if (!id || !is_valid_id(*id)) return make_error(ErrorCode::Config, "id: expected [a-z0-9_]+", toml_location(origin, top));
    if (!expected_id.empty() && *id != expected_id)
        return make_error(ErrorCode::Config, fmt::format("id: '{}' does not match the file name '{}'", *id, expected_id), toml_location(origin, top));
    brand.id = *id;
    brand.location = toml_location(origin, root.get("id")->source());
    // Every key is known: a misspelt one (`[domain]`, `offical =`) would otherwise leave the
    // brand without official domains, and its genuine mail would read as impersonation.
    MIKIWAME_TRY(reject_unknown_keys(root, {"id", "category", "home_country", "group", "copyright_patterns", "names", "match",
                                            "domains", "networks", "vendors", "products"},
                                     origin));
    for (const auto& [table, keys] : kSubtableKeys) {
        const toml::node* node = root.get(table);
        if (!node) continue;
        const toml::table* sub = node->as_table();
        if (!sub) return make_error(ErrorCode::Config, fmt::format("{}: expected a table", table), toml_location(origin, node->source()));
        MIKIWAME_TRY(reject_unknown_keys(*sub, keys, origin, fmt::format("{}.", table)));
    }
    brand.group = root["group"].value_or(std::string());
    if (!brand.group.empty() && !is_valid_id(brand.group))
        return make_error(ErrorCode::Config, "group: expected [a-z0-9_]+", toml_location(origin, root.get("group")->source()));
    brand.category = root["category"].value_or(std::string());
    brand.home_country = root["home_country"].value_or(std::string());
    if (!brand.home_country.empty() &&
        (brand.home_country.size() != 2 || !std::all_of(brand.home_country.begin(), brand.home_country.end(), [](char c) { return c >= 'A' && c <= 'Z'; })))
        return make_error(ErrorCode::Config, "home_country: expected an ISO 3166-1 alpha-2 code", toml_location(origin, top));

#define MIKIWAME_READ_ARRAY(target, node, key)                                  \
    do {                                                                        \
        auto values = toml_string_array(node, key, origin);                     \
        if (!values) return Unexpected<Error>{values.error()};                  \
        target = std::move(values.value());                                     \
    } while (0)

    MIKIWAME_READ_ARRAY(brand.names_en, root["names"]["en"], "names.en");
    MIKIWAME_READ_ARRAY(brand.names_ja, root["names"]["ja"], "names.ja");
    MIKIWAME_READ_ARRAY(brand.aliases, root["names"]["aliases"], "names.aliases");
    MIKIWAME_READ_ARRAY(brand.tokens, root["match"]["tokens"], "match.tokens");
    MIKIWAME_READ_ARRAY(brand.copyright_patterns, root["copyright_patterns"], "copyright_patterns");
    std::vector<std::string> domains;
    MIKIWAME_READ_ARRAY(domains, root["domains"]["official"], "domains.official");
    std::vector<std::string> consumer;
    MIKIWAME_READ_ARRAY(consumer, root["domains"]["consumer"], "domains.consumer");
    std::vector<std::string> mailbox;
    MIKIWAME_READ_ARRAY(mailbox, root["domains"]["mailbox"], "domains.mailbox");
    brand.is_ambiguous = root["match"]["ambiguous"].value_or(false);
    if (brand.names_en.empty() && brand.names_ja.empty())
        return make_error(ErrorCode::Config, "names: at least one of names.en or names.ja is required", toml_location(origin, top));
    for (auto& token : brand.tokens) token = base::to_lower_ascii(token);
    std::set<std::string> seen;
    for (const auto& domain : domains) {
        auto ascii = net::domain_to_ascii(domain);
        if (!ascii || ascii->find('.') == std::string::npos)
            return make_error(ErrorCode::Config, fmt::format("domains.official: '{}' is not a domain name", domain), toml_location(origin, top));
        if (seen.insert(*ascii).second) brand.official_domains.push_back(*ascii);
    }
    // A mailbox domain is official as well: the provider sends its own notices from it.
    for (const auto& domain : mailbox) {
        auto ascii = net::domain_to_ascii(domain);
        if (!ascii || ascii->find('.') == std::string::npos)
            return make_error(ErrorCode::Config, fmt::format("domains.mailbox: '{}' is not a domain name", domain), toml_location(origin, top));
        if (std::find(brand.mailbox_domains.begin(), brand.mailbox_domains.end(), *ascii) == brand.mailbox_domains.end())
            brand.mailbox_domains.push_back(*ascii);
        if (seen.insert(*ascii).second) brand.official_domains.push_back(*ascii);
    }
    for (const auto& domain : consumer) {
        auto ascii = net::domain_to_ascii(domain);
        if (!ascii || ascii->find('.') == std::string::npos)
            return make_error(ErrorCode::Config, fmt::format("domains.consumer: '{}' is not a domain name", domain), toml_location(origin, top));
        if (seen.insert(*ascii).second) brand.consumer_domains.push_back(*ascii);
    }
    if (const toml::array* asns = root["networks"]["asns"].as_array()) {
        for (const toml::node& n : *asns) {
            auto asn = n.value<std::int64_t>();
            if (!asn || *asn <= 0) return make_error(ErrorCode::Config, "networks.asns: expected positive integers", toml_location(origin, n.source()));
            brand.asns.push_back(*asn);
        }
    }
    std::vector<std::string> services;
    MIKIWAME_READ_ARRAY(services, root["networks"]["services"], "networks.services");
    for (const auto& domain : services) {
        auto ascii = net::domain_to_ascii(domain);
        if (!ascii || ascii->find('.') == std::string::npos)
            return make_error(ErrorCode::Config, fmt::format("networks.services: '{}' is not a domain name", domain), toml_location(origin, top));
        if (std::find(brand.sending_services.begin(), brand.sending_services.end(), *ascii) == brand.sending_services.end())
            brand.sending_services.push_back(*ascii);
    }
    if (const toml::array* vendors = root["vendors"].as_array()) {
        for (const toml::node& n : *vendors) {
            const toml::table* t = n.as_table();
            if (!t) return make_error(ErrorCode::Config, "vendors: expected tables", toml_location(origin, n.source()));
            MIKIWAME_TRY(reject_unknown_keys(*t, {"id", "names", "copyright_patterns"}, origin, "vendors."));
            Vendor vendor;
            vendor.id = (*t)["id"].value_or(std::string());
            MIKIWAME_READ_ARRAY(vendor.names, (*t)["names"], "vendors.names");
            MIKIWAME_READ_ARRAY(vendor.copyright_patterns, (*t)["copyright_patterns"], "vendors.copyright_patterns");
            brand.vendors.push_back(std::move(vendor));
        }
    }
    if (const toml::array* products = root["products"].as_array()) {
        for (const toml::node& n : *products) {
            const toml::table* t = n.as_table();
            if (!t) return make_error(ErrorCode::Config, "products: expected tables", toml_location(origin, n.source()));
            MIKIWAME_TRY(reject_unknown_keys(*t, {"name", "vendor", "ja"}, origin, "products."));
            Product product;
            product.name = (*t)["name"].value_or(std::string());
            product.vendor = (*t)["vendor"].value_or(std::string());
            MIKIWAME_READ_ARRAY(product.names_ja, (*t)["ja"], "products.ja");
            brand.products.push_back(std::move(product));
        }
    }
#undef MIKIWAME_READ_ARRAY
    brand.family_official_domains = brand.official_domains;
    brand.family_owned_domains = brand.official_domains;
    brand.family_owned_domains.insert(brand.family_owned_domains.end(), brand.consumer_domains.begin(), brand.consumer_domains.end());
    brand.family_asns = brand.asns;
    return brand;
}

Result<BrandCatalog> BrandCatalog::load(const std::filesystem::path& dir, bool require_dir) {
    BrandCatalog catalog;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        if (require_dir) return make_error(ErrorCode::Config, "brand directory not found", dir.string());
        return catalog;
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".toml") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    std::set<std::string> ids;
    for (const auto& path : files) {
        auto text = read_data_file(path, "brand file");
        if (!text) return Unexpected<Error>{text.error()};
        auto brand = parse_brand(*text, path.string(), path.stem().string());
        if (!brand) return Unexpected<Error>{brand.error()};
        if (!ids.insert(brand->id).second) return make_error(ErrorCode::Config, "duplicate brand id " + brand->id, path.string());
        for (const auto& d : brand->official_domains) catalog.owned_domains_.insert(d);
        for (const auto& d : brand->consumer_domains) catalog.owned_domains_.insert(d);
        catalog.brands_.push_back(std::move(brand.value()));
    }
    catalog.join_families();
    return catalog;
}

namespace {
template <typename T>
void append_unique(std::vector<T>& to, const std::vector<T>& from) {
    for (const auto& v : from)
        if (std::find(to.begin(), to.end(), v) == to.end()) to.push_back(v);
}
} // namespace

void BrandCatalog::join_families() {
    // A group's members share their domains and networks: what the card company sends from the
    // bank's domain is the card company's own mail.
    // A member's mailbox domains (an ISP's customers' addresses) stay its own: a customer of the
    // group's ISP writing as the group's card company is not the card company.
    auto sender_domains = [](const Brand& brand) {
        std::vector<std::string> out;
        for (const auto& domain : brand.official_domains)
            if (std::find(brand.mailbox_domains.begin(), brand.mailbox_domains.end(), domain) == brand.mailbox_domains.end())
                out.push_back(domain);
        return out;
    };
    struct Family {
        std::vector<std::string> senders; // official domains but the members' mailbox domains
        std::vector<std::string> owned;   // every official and consumer domain
        std::vector<std::int64_t> asns;
    };
    std::map<std::string, Family> families;
    for (const Brand& brand : brands_) {
        if (brand.group.empty()) continue;
        Family& family = families[brand.group];
        append_unique(family.senders, sender_domains(brand));
        append_unique(family.owned, brand.official_domains);
        append_unique(family.owned, brand.consumer_domains);
        append_unique(family.asns, brand.asns);
    }
    auto index = [&](const std::string& domain, const std::string& key) {
        auto& keys = domain_families_[domain];
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    };
    for (Brand& brand : brands_) {
        // Official domains only: anyone holds an address at a consumer domain (gmail.com), so it
        // relates to nothing of the brand's; a mailbox domain relates to the brand alone.
        for (const auto& domain : brand.official_domains) index(domain, "=" + brand.id);
        if (brand.group.empty()) continue;
        for (const auto& domain : sender_domains(brand)) index(domain, brand.group);
        const Family& family = families[brand.group];
        brand.family_official_domains = family.senders;
        append_unique(brand.family_official_domains, brand.official_domains);
        // Every domain of the family is the brand's own for links and the origin's name.
        brand.family_owned_domains = family.owned;
        brand.family_asns = family.asns;
    }
}

std::vector<std::string_view> BrandCatalog::families_of(std::string_view domain) const {
    std::vector<std::string_view> out;
    if (domain_families_.empty()) return out;
    (void)domain_or_parent(domain, [&](std::string_view suffix) {
        auto it = domain_families_.find(std::string(suffix));
        if (it != domain_families_.end())
            for (const auto& key : it->second) out.push_back(key);
        return false; // every parent: a subdomain may be listed apart from its parent
    });
    return out;
}

bool BrandCatalog::same_family(std::string_view a, std::string_view b) const {
    if (a.empty() || b.empty()) return false;
    const auto left = families_of(a);
    if (left.empty()) return false;
    for (const auto& key : families_of(b))
        if (std::find(left.begin(), left.end(), key) != left.end()) return true;
    return false;
}

bool BrandCatalog::any_brand_owns(std::string_view domain) const {
    if (owned_domains_.empty()) return false;
    return domain_or_parent(domain, [&](std::string_view suffix) { return owned_domains_.count(std::string(suffix)) > 0; });
}

const Brand* BrandCatalog::find(std::string_view id) const {
    for (const auto& brand : brands_)
        if (brand.id == id) return &brand;
    return nullptr;
}

} // namespace mikiwame::catalog

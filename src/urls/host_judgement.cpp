// SPDX-License-Identifier: Apache-2.0
// Host judgement. The thresholds below were chosen so that names of ordinary mail senders
// (newsletter hosts, CDN names such as "d1a2b3c4d5e6f7.cloudfront.net" excepted by the
// length floor) stay unflagged while generated phishing hosts are caught.
#include "urls/host_judgement.h"

#include <array>
#include <cmath>

#include "base/text.h"
#include "net/domain.h"

namespace mikiwame::urls {

namespace {

constexpr std::size_t kLongLabelChars = 40;      // DNS allows 63; real names rarely pass 30
constexpr std::size_t kLongHostChars = 100;
constexpr std::size_t kMinRandomLabelChars = 12; // entropy of short labels says little
constexpr double kRandomEntropyBits = 3.5;
constexpr std::size_t kConsonantRun = 6;
constexpr std::size_t kDeepSubdomainLabels = 4;
constexpr std::size_t kMaxCountrySecondLevel = 3; // "co", "com", "ne", "gov" …  // labels left of the registrable domain

bool is_vowel(char c) {
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

// Random-looking: long, high entropy, and either digits mixed into letters or a long
// consonant run ("k3j5h2g8f9d7s6a1", "xqzvbnmwrtk…").
bool looks_random(std::string_view label) {
    if (label.size() < kMinRandomLabelChars || label.rfind("xn--", 0) == 0) return false;
    std::size_t digits = 0, letters = 0, run = 0, longest_run = 0;
    for (char c : label) {
        if (c >= '0' && c <= '9') {
            ++digits;
            run = 0;
        } else if (c >= 'a' && c <= 'z') {
            ++letters;
            run = is_vowel(c) ? 0 : run + 1;
            longest_run = std::max(longest_run, run);
        } else {
            run = 0;
        }
    }
    const bool mixed = digits >= 3 && letters >= 3;
    return label_entropy(label) >= kRandomEntropyBits && (mixed || longest_run >= kConsonantRun);
}

bool path_has(std::string_view path_lower, std::string_view piece) {
    return path_lower.find(piece) != std::string_view::npos;
}

} // namespace

std::optional<LoginInQuery> login_path_in_query(const ParsedUrl& url, const UrlCatalog& catalog) {
    for (const auto& [component, text] : {std::pair<const char*, const std::optional<std::string>&>{"query", url.query},
                                          std::pair<const char*, const std::optional<std::string>&>{"fragment", url.fragment}}) {
        if (!text || text->empty()) continue;
        // As the path is matched: lower case with a '/' appended ("#/signin" holds "/signin/").
        const std::string decoded = base::to_lower_ascii(base::percent_decode(*text)) + "/";
        for (const auto& piece : catalog.login_paths())
            if (path_has(decoded, piece)) return LoginInQuery{piece, component};
    }
    return std::nullopt;
}

double label_entropy(std::string_view label) {
    if (label.empty()) return 0;
    std::array<std::size_t, 256> counts{};
    for (char c : label) ++counts[static_cast<unsigned char>(c)];
    double bits = 0;
    for (std::size_t n : counts) {
        if (n == 0) continue;
        const double p = static_cast<double>(n) / static_cast<double>(label.size());
        bits -= p * std::log2(p);
    }
    return bits;
}

HostJudgement judge_host(const ParsedUrl& url, const UrlCatalog& catalog) {
    HostJudgement j;
    auto flag = [&](const char* name, const std::string& detail) {
        j.flags.emplace_back(name);
        j.reasons.push_back(detail.empty() ? std::string(name) : std::string(name) + ": " + detail);
    };
    const std::string& host = url.host;
    if (url.host_kind == HostKind::Ipv4 || url.host_kind == HostKind::Ipv6) {
        flag("ip_host", host);
        j.is_suspicious_host = true;
    } else if (url.host_kind == HostKind::Domain) {
        const std::string suffix = net::public_suffix(host);
        const std::string reg = net::registrable_domain(host);
        const std::string tld = host.substr(host.rfind('.') == std::string::npos ? 0 : host.rfind('.') + 1);
        if (catalog.is_abused_tld(tld) || (!suffix.empty() && catalog.is_abused_tld(suffix))) {
            flag("abused_tld", catalog.is_abused_tld(suffix) ? suffix : tld);
            j.is_suspicious_host = true;
        }
        for (const auto& [name, match] :
             {std::pair{"free_hosting", catalog.free_hosting_match(host)},
              std::pair{"dynamic_dns", catalog.dynamic_dns_match(host)},
              std::pair{"ipfs_gateway", catalog.ipfs_gateway_match(host)}}) {
            if (!match.empty()) {
                flag(name, match);
                j.is_suspicious_host = true;
            }
        }
        const auto labels = base::split(host, '.');
        std::string_view longest;
        for (auto label : labels)
            if (label.size() > longest.size()) longest = label;
        if (longest.size() >= kLongLabelChars || host.size() >= kLongHostChars) {
            flag("long_label", std::to_string(longest.size()) + " characters");
            j.is_suspicious_host = true;
        }
        // Only the name the registrant chose: subdomains of cloud and tracking services
        // (CDN distribution ids, bucket names, UUIDs) are machine-made by the provider.
        // Under a provider's own suffix in the private part of the list (cloudfront.net,
        // web.app) the "registered" name is the provider's id too. Provider suffixes have a
        // long first label; country second levels (co.jp, com.br) a short one.
        const std::string registered = reg.substr(0, reg.find('.'));
        const std::string suffix_head = suffix.substr(0, suffix.find('.'));
        const bool is_provider_suffix = suffix.find('.') != std::string::npos && suffix_head.size() > kMaxCountrySecondLevel;
        if (!is_provider_suffix && looks_random(registered)) {
            flag("random_label", registered);
            j.is_suspicious_host = true;
        }
        const std::size_t owned = host.size() > suffix.size() ? host.size() - suffix.size() : 0;
        const std::size_t reg_labels = base::split(reg, '.').size();
        if (labels.size() >= reg_labels + kDeepSubdomainLabels) {
            flag("deep_subdomain", std::to_string(labels.size() - reg_labels) + " labels");
            j.is_suspicious_host = true;
        }
        if (host.rfind("xn--", 0) == 0 || host.find(".xn--") != std::string::npos) {
            // A punycode TLD alone (".xn--p1ai", ".xn--tckwe") is a national name, not a trick.
            const std::string owned_part = std::string(host.substr(0, owned));
            if (owned_part.rfind("xn--", 0) == 0 || owned_part.find(".xn--") != std::string::npos) {
                flag("punycode", net::domain_to_unicode(host));
                j.is_suspicious_host = true;
            }
        }
        const std::string shortener = catalog.shortener_match(host);
        if (!shortener.empty()) {
            flag("shortener", shortener);
            j.is_shortener = true;
        }
    }
    if (!url.has_opaque_path) {
        const std::string path = base::to_lower_ascii(url.pathname()) + "/";
        for (const auto& piece : catalog.cms_paths()) {
            if (path_has(path, piece)) {
                flag("cms_path", piece);
                j.has_cms_path = true;
                break;
            }
        }
        for (const auto& piece : catalog.login_paths()) {
            if (path_has(path, piece)) {
                flag("login_path", piece);
                j.has_login_path = true;
                break;
            }
        }
    }
    if (url.has_credentials()) flag("credentials", url.username);
    if (url.port) flag("non_default_port", std::to_string(*url.port));
    return j;
}

} // namespace mikiwame::urls

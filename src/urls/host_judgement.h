// SPDX-License-Identifier: Apache-2.0
// Host and path judgement of one link from the data lists and the shape of the name: raw IP
// hosts, abused TLDs, free hosting, dynamic DNS, IPFS gateways, shorteners, CMS and login
// paths, very long or random-looking labels, deep subdomain chains, punycode.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "urls/parsed_url.h"
#include "urls/url_catalog.h"

namespace mikiwame::urls {

struct HostJudgement {
    // Report flags, in a fixed order: ip_host, abused_tld, free_hosting, dynamic_dns,
    // ipfs_gateway, long_label, random_label, deep_subdomain, punycode, shortener, cms_path,
    // login_path, credentials, non_default_port.
    std::vector<std::string> flags;
    // "flag: detail" lines for evidence ("abused_tld: sbs", "cms_path: /wp-content/").
    std::vector<std::string> reasons;
    bool is_suspicious_host = false; // url.suspicious_host
    bool is_shortener = false;
    bool has_cms_path = false;
    bool has_login_path = false;
};

// A login-path piece (data/lists/login_paths.txt) written in a link's query or fragment
// ("?next=/signin", "#/login/"): the page a single-page phishing kit shows from its own
// address. `component` is "query" or "fragment".
struct LoginInQuery {
    std::string piece;
    std::string component;
};

// Judges `url` (a parsed link with a host). Thread-safe, no throw.
[[nodiscard]] HostJudgement judge_host(const ParsedUrl& url, const UrlCatalog& catalog);

// The first login-path piece in `url`'s query (percent-decoded once, case-insensitive), else
// in its fragment; nullopt when neither has one. Thread-safe, no throw.
[[nodiscard]] std::optional<LoginInQuery> login_path_in_query(const ParsedUrl& url, const UrlCatalog& catalog);

// Shannon entropy of a label in bits per character (0 for the empty label).
double label_entropy(std::string_view label);

} // namespace mikiwame::urls

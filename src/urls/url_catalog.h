// SPDX-License-Identifier: Apache-2.0
// UrlCatalog: the line lists of data/lists/ that link analysis judges with (abused TLDs,
// free hosting, dynamic DNS, IPFS gateways, shorteners, redirectors, redirect parameters,
// CMS and login paths). Loaded once at start; immutable and safe to share between threads.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "mikiwame/result.h"
#include "urls/parsed_url.h"

namespace mikiwame::urls {

enum class RedirectorKind { Redirect, Protection, Share };
enum class CarrierKind { Param, Path, HostParam, BingBase64, ProofpointV2, ProofpointV3, Opaque };

struct Redirector {
    std::string name;
    RedirectorKind kind = RedirectorKind::Redirect;
    std::string host;           // without "google.*" wildcard: see is_any_suffix
    bool is_any_suffix = false; // "google.*": google.<public suffix>
    std::string path_prefix;
    CarrierKind carrier = CarrierKind::Opaque;
    std::vector<std::string> params; // Param, HostParam
    std::string path_marker;         // Path
};

class UrlCatalog {
public:
    // Reads <data_dir>/lists/*.txt. A missing file or a malformed line is a Config error
    // whose context is "file:line". Never a partial catalogue.
    [[nodiscard]] static Result<UrlCatalog> load(const std::filesystem::path& data_dir);
    // The files of data/lists/ load() reads (for `data check`: a file outside them is unused).
    static std::vector<std::string> file_names();

    bool is_abused_tld(std::string_view tld) const { return abused_tlds_.count(std::string(tld)) > 0; }
    // The listed suffix the host falls under, or "" (host equal to it or a subdomain).
    std::string free_hosting_match(std::string_view host) const { return match(free_hosting_, host); }
    std::string dynamic_dns_match(std::string_view host) const { return match(dynamic_dns_, host); }
    std::string ipfs_gateway_match(std::string_view host) const { return match(ipfs_gateways_, host); }
    std::string shortener_match(std::string_view host) const { return match(shorteners_, host); }
    bool is_redirect_param(std::string_view name) const;
    // The first redirector whose host and path prefix fit `url`, or nullptr.
    const Redirector* find_redirector(const ParsedUrl& url) const;
    const std::vector<Redirector>& redirectors() const { return redirectors_; }
    const std::vector<std::string>& cms_paths() const { return cms_paths_; }
    const std::vector<std::string>& login_paths() const { return login_paths_; }
    // Hosts that serve unrelated tenants' pages (shorteners, free hosting, IPFS gateways), sorted:
    // a phishing listing of one page there says nothing about the host's other pages.
    std::vector<std::string> shared_hosts() const;

private:
    struct Files; // the list files and the set each fills
    static std::string match(const std::unordered_set<std::string>& set, std::string_view host);

    std::unordered_set<std::string> abused_tlds_, free_hosting_, dynamic_dns_, ipfs_gateways_,
        shorteners_, redirect_params_;
    std::vector<Redirector> redirectors_;
    std::vector<std::string> cms_paths_, login_paths_;
};

} // namespace mikiwame::urls

// SPDX-License-Identifier: Apache-2.0
// The link lists of data/lists/ (read with base::read_line_list, '#' comments) and lookups.
#include "urls/url_catalog.h"

#include <algorithm>

#include <sstream>

#include "base/line_list.h"
#include "base/text.h"
#include "net/domain.h"
#include "net/domain_list.h"

namespace mikiwame::urls {

namespace {

Result<std::vector<base::ListLine>> read_lines(const std::filesystem::path& path) {
    auto list = base::read_line_list(path, {.has_trailing_comments = true});
    if (!list) return Unexpected<Error>{list.error()};
    return std::move(list->lines);
}

std::string where(const std::filesystem::path& path, std::size_t line) {
    return base::list_location(path, line);
}

Result<std::vector<std::string>> load_tokens(const std::filesystem::path& path, bool must_be_path) {
    auto lines = read_lines(path);
    if (!lines) return Unexpected<Error>{lines.error()};
    std::vector<std::string> out;
    for (const auto& line : *lines) {
        const bool has_space = line.text.find_first_of(" \t") != std::string::npos;
        if (has_space || (must_be_path && (line.text.front() != '/' || line.text.size() < 2)))
            return make_error(ErrorCode::Config,
                              must_be_path ? "expected one path piece starting with '/' per line"
                                           : "expected one entry without spaces per line",
                              where(path, line.number));
        out.push_back(base::to_lower_ascii(line.text));
    }
    return out;
}

Result<std::vector<Redirector>> load_redirectors(const std::filesystem::path& path) {
    auto lines = read_lines(path);
    if (!lines) return Unexpected<Error>{lines.error()};
    std::vector<Redirector> out;
    for (const auto& line : *lines) {
        std::istringstream fields(line.text);
        std::string name, kind, host, prefix, carrier, extra;
        fields >> name >> kind >> host >> prefix >> carrier;
        if (carrier.empty() || (fields >> extra))
            return make_error(ErrorCode::Config, "expected five fields: name kind host path-prefix carrier",
                              where(path, line.number));
        Redirector r;
        r.name = name;
        if (kind == "redirect") {
            r.kind = RedirectorKind::Redirect;
        } else if (kind == "protection") {
            r.kind = RedirectorKind::Protection;
        } else if (kind == "share") {
            r.kind = RedirectorKind::Share;
        } else {
            return make_error(ErrorCode::Config, "unknown kind '" + kind + "'", where(path, line.number));
        }
        if (host.size() > 2 && host.compare(host.size() - 2, 2, ".*") == 0) {
            r.is_any_suffix = true;
            host.resize(host.size() - 2);
        }
        if (!net::is_domain_list_entry(host))
            return make_error(ErrorCode::Config, "bad host '" + host + "'", where(path, line.number));
        r.host = host;
        if (prefix.empty() || prefix.front() != '/')
            return make_error(ErrorCode::Config, "path prefix must start with '/'", where(path, line.number));
        r.path_prefix = prefix;
        auto split_names = [](std::string_view list) {
            std::vector<std::string> names;
            for (auto n : base::split(list, ','))
                if (!n.empty()) names.emplace_back(base::to_lower_ascii(n));
            return names;
        };
        if (carrier.rfind("param:", 0) == 0) {
            r.carrier = CarrierKind::Param;
            r.params = split_names(std::string_view(carrier).substr(6));
        } else if (carrier.rfind("host-param:", 0) == 0) {
            r.carrier = CarrierKind::HostParam;
            r.params = split_names(std::string_view(carrier).substr(11));
        } else if (carrier.rfind("path:", 0) == 0) {
            r.carrier = CarrierKind::Path;
            r.path_marker = carrier.substr(5);
        } else if (carrier == "bing-base64") {
            r.carrier = CarrierKind::BingBase64;
            r.params = {"u"};
        } else if (carrier == "proofpoint-v2") {
            r.carrier = CarrierKind::ProofpointV2;
            r.params = {"u"};
        } else if (carrier == "proofpoint-v3") {
            r.carrier = CarrierKind::ProofpointV3;
        } else if (carrier == "opaque") {
            r.carrier = CarrierKind::Opaque;
        } else {
            return make_error(ErrorCode::Config, "unknown carrier '" + carrier + "'", where(path, line.number));
        }
        if ((r.carrier == CarrierKind::Param || r.carrier == CarrierKind::HostParam) && r.params.empty())
            return make_error(ErrorCode::Config, "carrier names no parameter", where(path, line.number));
        if (r.carrier == CarrierKind::Path && r.path_marker.empty())
            return make_error(ErrorCode::Config, "carrier names no path marker", where(path, line.number));
        out.push_back(std::move(r));
    }
    return out;
}

bool host_under(std::string_view host, std::string_view suffix) {
    if (host == suffix) return true;
    return host.size() > suffix.size() && host.substr(host.size() - suffix.size()) == suffix &&
           host[host.size() - suffix.size() - 1] == '.';
}

} // namespace

namespace {
constexpr const char* kRedirectParams = "redirect_params.txt";
constexpr const char* kCmsPaths = "cms_paths.txt";
constexpr const char* kLoginPaths = "login_paths.txt";
constexpr const char* kRedirectors = "redirectors.txt";
} // namespace

// Nested in the class, so the table may name its private sets.
struct UrlCatalog::Files {
    static constexpr std::pair<const char*, std::unordered_set<std::string> UrlCatalog::*> kDomainLists[] = {
        {"abused_tlds.txt", &UrlCatalog::abused_tlds_},     {"free_hosting.txt", &UrlCatalog::free_hosting_},
        {"dynamic_dns.txt", &UrlCatalog::dynamic_dns_},     {"ipfs_gateways.txt", &UrlCatalog::ipfs_gateways_},
        {"shorteners.txt", &UrlCatalog::shorteners_},
    };
};

std::vector<std::string> UrlCatalog::file_names() {
    std::vector<std::string> names;
    for (const auto& list : Files::kDomainLists) names.emplace_back(list.first);
    for (const char* name : {kRedirectParams, kCmsPaths, kLoginPaths, kRedirectors}) names.emplace_back(name);
    return names;
}

Result<UrlCatalog> UrlCatalog::load(const std::filesystem::path& data_dir) {
    const auto dir = data_dir / "lists";
    UrlCatalog catalog;
    for (const auto& [file, member] : Files::kDomainLists) {
        auto set = net::read_domain_list(dir / file);
        if (!set) return Unexpected<Error>{set.error()};
        catalog.*member = std::move(*set);
    }
    auto params = load_tokens(dir / kRedirectParams, false);
    if (!params) return Unexpected<Error>{params.error()};
    catalog.redirect_params_.insert(params->begin(), params->end());
    auto cms = load_tokens(dir / kCmsPaths, true);
    if (!cms) return Unexpected<Error>{cms.error()};
    catalog.cms_paths_ = std::move(*cms);
    auto login = load_tokens(dir / kLoginPaths, false);
    if (!login) return Unexpected<Error>{login.error()};
    catalog.login_paths_ = std::move(*login);
    auto redirectors = load_redirectors(dir / kRedirectors);
    if (!redirectors) return Unexpected<Error>{redirectors.error()};
    catalog.redirectors_ = std::move(*redirectors);
    return catalog;
}

std::string UrlCatalog::match(const std::unordered_set<std::string>& set, std::string_view host) {
    // The host itself, then each parent name: a.b.example.com, b.example.com, example.com, com.
    std::string_view h = host;
    while (!h.empty()) {
        if (set.count(std::string(h))) return std::string(h);
        const std::size_t dot = h.find('.');
        if (dot == std::string_view::npos) break;
        h.remove_prefix(dot + 1);
    }
    return {};
}

bool UrlCatalog::is_redirect_param(std::string_view name) const {
    return redirect_params_.count(base::to_lower_ascii(name)) > 0;
}

const Redirector* UrlCatalog::find_redirector(const ParsedUrl& url) const {
    if (url.host_kind != HostKind::Domain) return nullptr;
    const std::string path = url.pathname();
    for (const auto& r : redirectors_) {
        bool host_ok;
        if (r.is_any_suffix) {
            // google.* : the registrable domain is "google." + its public suffix.
            const std::string reg = net::registrable_domain(url.host);
            host_ok = reg == r.host + "." + net::public_suffix(url.host);
        } else {
            host_ok = host_under(url.host, r.host);
        }
        if (host_ok && base::istarts_with_ascii(path, r.path_prefix)) return &r;
    }
    return nullptr;
}

std::vector<std::string> UrlCatalog::shared_hosts() const {
    std::vector<std::string> hosts;
    for (const auto* set : {&shorteners_, &free_hosting_, &ipfs_gateways_}) hosts.insert(hosts.end(), set->begin(), set->end());
    std::sort(hosts.begin(), hosts.end());
    hosts.erase(std::unique(hosts.begin(), hosts.end()), hosts.end());
    return hosts;
}

} // namespace mikiwame::urls

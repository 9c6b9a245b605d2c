// SPDX-License-Identifier: Apache-2.0
#include "request_guard.h"

#include <openssl/crypto.h>

#include <algorithm>

namespace mikiwame::server {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool state_changing(std::string_view method) {
    return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

bool needs_token(std::string_view path) {
    return path.starts_with("/api/") || path == "/metrics";
}

} // namespace

std::string host_without_port(std::string_view authority) {
    if (authority.starts_with("[")) {
        const auto close = authority.find(']');
        return lower(close == std::string_view::npos ? authority : authority.substr(0, close + 1));
    }
    const auto colon = authority.find(':');
    return lower(colon == std::string_view::npos ? authority : authority.substr(0, colon));
}

RequestGuard::RequestGuard(std::string_view listen_host, const std::vector<std::string>& extra_hosts, std::string token)
    : token_(std::move(token)) {
    hosts_ = {"localhost", "127.0.0.1", "[::1]"};
    std::string own = lower(listen_host);
    // A wildcard listen address is not a name anybody browses to: the allowed names then
    // come from allowed_hosts (and loopback).
    if (!own.empty() && own != "0.0.0.0" && own != "[::]") hosts_.push_back(own);
    for (const auto& h : extra_hosts) hosts_.push_back(host_without_port(h));
}

bool RequestGuard::host_allowed(std::string_view host_header) const {
    if (host_header.empty()) return false; // HTTP/1.1 requires Host; a request without one is not ours
    const std::string host = host_without_port(host_header);
    return std::find(hosts_.begin(), hosts_.end(), host) != hosts_.end();
}

GuardDecision RequestGuard::check(const RequestFacts& request) const {
    if (!host_allowed(request.host)) return GuardDecision::BadHost;
    if (state_changing(request.method)) {
        if (!request.sec_fetch_site.empty() && request.sec_fetch_site != "same-origin" && request.sec_fetch_site != "none")
            return GuardDecision::CrossSite;
        if (!request.origin.empty()) {
            // Our own page's Origin is scheme://Host exactly (behind a TLS proxy: https).
            const std::string origin = lower(request.origin);
            const std::string host = lower(request.host);
            if (origin != "http://" + host && origin != "https://" + host) return GuardDecision::CrossSite;
        }
    }
    if (!token_.empty() && needs_token(request.path)) {
        constexpr std::string_view kBearer = "Bearer ";
        if (!request.authorization.starts_with(kBearer)) return GuardDecision::Unauthorized;
        const std::string_view given = request.authorization.substr(kBearer.size());
        if (given.size() != token_.size() || CRYPTO_memcmp(given.data(), token_.data(), token_.size()) != 0)
            return GuardDecision::Unauthorized;
    }
    return GuardDecision::Allow;
}

} // namespace mikiwame::server

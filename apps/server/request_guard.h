// SPDX-License-Identifier: Apache-2.0
// Who may talk to the server, decided before any route runs:
//  - Host: only the names the server is meant to be reached by (421 otherwise), so that a
//    page on another site cannot reach a loopback server through a DNS name it controls;
//  - CSRF: a state-changing call (POST, DELETE) from a browser must come from our own page
//    (Sec-Fetch-Site same-origin/none, Origin equal to our own); clients that are not browsers
//    send neither header and are not at risk;
//  - the bearer token of serve.token_file, when one is set, on every /api/ call and /metrics.
// Plain functions of the header values, so the rules are tested without a socket.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mikiwame::server {

struct RequestFacts {
    std::string_view method;
    std::string_view path;
    std::string_view host;           // Host header ("" when absent)
    std::string_view origin;         // Origin header
    std::string_view sec_fetch_site; // Sec-Fetch-Site header
    std::string_view authorization;  // Authorization header
};

enum class GuardDecision { Allow, BadHost, CrossSite, Unauthorized };

class RequestGuard {
public:
    // `listen_host`: the host part of serve.listen; `extra_hosts`: serve.allowed_hosts;
    // `token`: empty for none.
    RequestGuard(std::string_view listen_host, const std::vector<std::string>& extra_hosts, std::string token);
    GuardDecision check(const RequestFacts& request) const;
    bool host_allowed(std::string_view host_header) const;
    bool token_required() const { return !token_.empty(); }

private:
    std::vector<std::string> hosts_; // lower-case, without port, IPv6 in brackets
    std::string token_;
};

// The host of "HOST:PORT", "[v6]:PORT" or "HOST", lower-cased (brackets kept for IPv6).
std::string host_without_port(std::string_view authority);

} // namespace mikiwame::server

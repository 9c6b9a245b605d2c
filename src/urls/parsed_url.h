// SPDX-License-Identifier: Apache-2.0
// ParsedUrl: a URL record as the WHATWG URL Standard defines it (§4.1), produced by
// parse_url() (url_parser.h) and read by every later step of link analysis.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mikiwame::urls {

enum class HostKind { None, Empty, Domain, Ipv4, Ipv6, Opaque };

struct ParsedUrl {
    std::string scheme; // lower-case, without ':'
    std::string username; // percent-encoded as a browser serialises it
    std::string password;
    HostKind host_kind = HostKind::None;
    // Serialised host: ASCII domain (A-labels), dotted IPv4, "[v6]", opaque host, or "".
    std::string host;
    std::optional<std::uint16_t> port; // nullopt also when it is the scheme's default
    bool has_opaque_path = false;
    std::string opaque_path;        // mailto:, javascript:, data: …
    std::vector<std::string> path;  // segments, percent-encoded
    std::optional<std::string> query;
    std::optional<std::string> fragment;

    bool is_special() const;
    bool has_host() const { return host_kind != HostKind::None; }
    // The href: the URL serialiser of §4.5 (so parse(href) == parse(input)).
    std::string href() const;
    std::string pathname() const;
    // "user:pass@" tricks: true when the URL carries a username or password.
    bool has_credentials() const { return !username.empty() || !password.empty(); }
};

// Default port of a special scheme, or nullopt.
std::optional<std::uint16_t> default_port(std::string_view scheme);
bool is_special_scheme(std::string_view scheme);

} // namespace mikiwame::urls

// SPDX-License-Identifier: Apache-2.0
// The WHATWG host parser (URL Standard §3.5): domains through UTS #46 (ICU, with the
// standard's flags), IPv4 in every form browsers accept (decimal, octal, hex, 1–4 parts),
// IPv6 with compression, and opaque hosts of non-special schemes. Untrusted input, no throw.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "urls/parsed_url.h"

namespace mikiwame::urls {

struct ParsedHost {
    HostKind kind = HostKind::Domain;
    std::string serialized; // "example.com", "192.0.2.1", "[2001:db8::1]", opaque text
};

// Parses `input` (still percent-encoded, as it appears in the URL). `is_opaque` is true for
// non-special schemes. nullopt is the standard's "failure". Thread-safe.
[[nodiscard]] std::optional<ParsedHost> parse_host(std::string_view input, bool is_opaque);

// The standard's domain to ASCII with beStrict=false: UTS #46 ToASCII, CheckHyphens off,
// CheckBidi and CheckJoiners on, no STD3 rules, nontransitional, no DNS length check.
[[nodiscard]] std::optional<std::string> domain_to_ascii_whatwg(std::string_view domain);

// IPv4 parser (§3.5.3) on an ASCII host: "3325256814", "0xC6.51.100.110", "0306.0x33.0144.110".
[[nodiscard]] std::optional<std::uint32_t> parse_ipv4_host(std::string_view ascii_host);
std::string ipv4_to_string(std::uint32_t address);

} // namespace mikiwame::urls

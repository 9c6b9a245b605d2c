// SPDX-License-Identifier: Apache-2.0
// IP address literals: parsing of IPv4/IPv6 text (inet_pton), canonical text form, and the
// address classes mail forensics cares about (private, loopback, link-local, reserved).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mikiwame::net {

struct IpAddress {
    bool is_v6 = false;
    std::array<std::uint8_t, 16> bytes{}; // v4 uses the first 4 bytes

    std::string to_string() const;
    // Loopback, private (RFC 1918, RFC 4193), link-local, CGNAT, documentation, unspecified,
    // multicast and other reserved space: not an address the public Internet routes.
    bool is_public() const;
    bool is_loopback() const;
    bool is_private() const;
};

// Parses "1.2.3.4", "::1", "IPv6:2001:db8::1", "[1.2.3.4]"; nullopt when not an address.
std::optional<IpAddress> parse_ip(std::string_view text);

// A network in CIDR notation ("192.0.2.0/24", "2001:db8::/32"; a bare address is /32 or /128).
struct Cidr {
    IpAddress base;
    int prefix = 0;
};
std::optional<Cidr> parse_cidr(std::string_view text);
bool cidr_contains(const Cidr& cidr, const IpAddress& ip);

} // namespace mikiwame::net

// SPDX-License-Identifier: Apache-2.0
#include "net/ip_address.h"

#include <arpa/inet.h>

#include <charconv>

#include "base/text.h"

namespace mikiwame::net {

std::optional<IpAddress> parse_ip(std::string_view text) {
    std::string_view s = base::trim(text);
    if (s.size() >= 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
    if (base::istarts_with_ascii(s, "ipv6:")) s.remove_prefix(5);
    if (s.empty() || s.size() > 64) return std::nullopt;
    std::string buf(s);
    IpAddress ip;
    if (buf.find(':') != std::string::npos) {
        // Zone ids ("fe80::1%eth0") carry no forensic meaning here.
        if (auto pct = buf.find('%'); pct != std::string::npos) buf.resize(pct);
        if (inet_pton(AF_INET6, buf.c_str(), ip.bytes.data()) != 1) return std::nullopt;
        ip.is_v6 = true;
        // Report IPv4-mapped addresses (::ffff:1.2.3.4) as the IPv4 address they are.
        bool mapped = true;
        for (int i = 0; i < 10; ++i) mapped = mapped && ip.bytes[i] == 0;
        if (mapped && ip.bytes[10] == 0xFF && ip.bytes[11] == 0xFF) {
            IpAddress v4;
            for (int i = 0; i < 4; ++i) v4.bytes[i] = ip.bytes[12 + i];
            return v4;
        }
        return ip;
    }
    if (inet_pton(AF_INET, buf.c_str(), ip.bytes.data()) != 1) return std::nullopt;
    return ip;
}

std::string IpAddress::to_string() const {
    char out[INET6_ADDRSTRLEN] = {};
    inet_ntop(is_v6 ? AF_INET6 : AF_INET, bytes.data(), out, sizeof out);
    return out;
}

bool IpAddress::is_loopback() const {
    if (!is_v6) return bytes[0] == 127;
    for (int i = 0; i < 15; ++i)
        if (bytes[i] != 0) return false;
    return bytes[15] == 1;
}

bool IpAddress::is_private() const {
    if (!is_v6) {
        std::uint8_t a = bytes[0], b = bytes[1];
        return a == 10 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168) ||
               (a == 100 && b >= 64 && b <= 127) || (a == 169 && b == 254);
    }
    return (bytes[0] & 0xFE) == 0xFC || (bytes[0] == 0xFE && (bytes[1] & 0xC0) == 0x80);
}

bool IpAddress::is_public() const {
    if (is_loopback() || is_private()) return false;
    if (!is_v6) {
        std::uint8_t a = bytes[0], b = bytes[1], c = bytes[2];
        if (a == 0 || a >= 224) return false;                      // this-net, multicast, reserved
        if (a == 192 && b == 0 && (c == 0 || c == 2)) return false; // IETF, TEST-NET-1
        if (a == 198 && (b == 18 || b == 19)) return false;         // benchmarking
        if (a == 198 && b == 51 && c == 100) return false;          // TEST-NET-2
        if (a == 203 && b == 0 && c == 113) return false;           // TEST-NET-3
        return true;
    }
    bool unspecified = true;
    for (auto byte : bytes) unspecified = unspecified && byte == 0;
    if (unspecified) return false;
    if (bytes[0] == 0xFF) return false;                                        // multicast
    if (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0D && bytes[3] == 0xB8)
        return false;                                                           // 2001:db8::/32
    return true;
}

std::optional<Cidr> parse_cidr(std::string_view text) {
    text = base::trim(text);
    auto slash = text.find('/');
    auto ip = parse_ip(text.substr(0, slash));
    if (!ip) return std::nullopt;
    int max_prefix = ip->is_v6 ? 128 : 32;
    int prefix = max_prefix;
    if (slash != std::string_view::npos) {
        auto digits = text.substr(slash + 1);
        auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
        if (ec != std::errc() || ptr != digits.data() + digits.size() || prefix < 0 ||
            prefix > max_prefix)
            return std::nullopt;
    }
    return Cidr{*ip, prefix};
}

bool cidr_contains(const Cidr& cidr, const IpAddress& ip) {
    if (cidr.base.is_v6 != ip.is_v6) return false;
    int bits = cidr.prefix;
    for (std::size_t i = 0; bits > 0; ++i, bits -= 8) {
        auto mask = static_cast<std::uint8_t>(bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF);
        if ((cidr.base.bytes[i] & mask) != (ip.bytes[i] & mask)) return false;
    }
    return true;
}

} // namespace mikiwame::net

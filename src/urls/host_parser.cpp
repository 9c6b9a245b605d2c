// SPDX-License-Identifier: Apache-2.0
// WHATWG host parsing. ICU's UTS #46 is used rather than libidn2 because the standard needs
// CheckHyphens=false and no STD3 rules, which libidn2 cannot express; with them hosts such
// as "-x.example" or "a_b.example" resolve in a browser and must resolve here too.
#include "urls/host_parser.h"

#include <unicode/uidna.h>

#include <array>
#include <cstdint>
#include <vector>

#include "base/text.h"

namespace mikiwame::urls {

namespace {

constexpr std::size_t kMaxHostBytes = 4096; // far above DNS's 253; bounds ICU's work

bool is_forbidden_host_cp(unsigned char c) {
    switch (c) {
    case 0x00: case '\t': case '\n': case '\r': case ' ': case '#': case '/': case ':':
    case '<': case '>': case '?': case '@': case '[': case '\\': case ']': case '^': case '|':
        return true;
    default: return false;
    }
}

bool is_forbidden_domain_cp(unsigned char c) {
    return is_forbidden_host_cp(c) || c <= 0x1F || c == '%' || c == 0x7F;
}

// IPv4 number parser (§3.5.3). nullopt is failure; values above 2^32 saturate, which is
// enough to reject them.
std::optional<std::uint64_t> parse_ipv4_number(std::string_view part) {
    if (part.empty()) return std::nullopt;
    unsigned radix = 10;
    if (part.size() >= 2 && part[0] == '0' && (part[1] == 'x' || part[1] == 'X')) {
        part.remove_prefix(2);
        radix = 16;
    } else if (part.size() >= 2 && part[0] == '0') {
        part.remove_prefix(1);
        radix = 8;
    }
    if (part.empty()) return 0;
    constexpr std::uint64_t kSaturated = std::uint64_t{1} << 40;
    std::uint64_t value = 0;
    for (char c : part) {
        int digit = base::hex_digit_value(c);
        if (digit < 0 || static_cast<unsigned>(digit) >= radix) return std::nullopt;
        if (radix == 10 && !(c >= '0' && c <= '9')) return std::nullopt;
        value = value * radix + static_cast<unsigned>(digit);
        if (value > kSaturated) value = kSaturated;
    }
    return value;
}

bool ends_in_a_number(std::string_view host) {
    std::vector<std::string_view> parts = base::split(host, '.');
    if (parts.back().empty()) {
        if (parts.size() == 1) return false;
        parts.pop_back();
    }
    std::string_view last = parts.back();
    if (!last.empty() && last.find_first_not_of("0123456789") == std::string_view::npos) return true;
    return parse_ipv4_number(last).has_value();
}

std::optional<std::array<std::uint16_t, 8>> parse_ipv6(std::string_view input) {
    std::array<std::uint16_t, 8> address{};
    int piece_index = 0;
    int compress = -1;
    std::size_t p = 0;
    const std::size_t n = input.size();
    auto at = [&](std::size_t i) -> int { return i < n ? static_cast<unsigned char>(input[i]) : -1; };
    if (at(p) == ':') {
        if (at(p + 1) != ':') return std::nullopt;
        p += 2;
        ++piece_index;
        compress = piece_index;
    }
    while (at(p) != -1) {
        if (piece_index == 8) return std::nullopt;
        if (at(p) == ':') {
            if (compress != -1) return std::nullopt;
            ++p;
            ++piece_index;
            compress = piece_index;
            continue;
        }
        unsigned value = 0;
        int length = 0;
        while (length < 4 && at(p) != -1 && base::hex_digit_value(static_cast<char>(at(p))) >= 0) {
            value = value * 16 + static_cast<unsigned>(base::hex_digit_value(static_cast<char>(at(p))));
            ++p;
            ++length;
        }
        if (at(p) == '.') {
            // An IPv4 address in the last 32 bits ("::ffff:192.0.2.1").
            if (length == 0) return std::nullopt;
            p -= static_cast<std::size_t>(length);
            if (piece_index > 6) return std::nullopt;
            int numbers_seen = 0;
            while (at(p) != -1) {
                int ipv4_piece = -1;
                if (numbers_seen > 0) {
                    if (at(p) == '.' && numbers_seen < 4) {
                        ++p;
                    } else {
                        return std::nullopt;
                    }
                }
                if (!(at(p) >= '0' && at(p) <= '9')) return std::nullopt;
                while (at(p) >= '0' && at(p) <= '9') {
                    int number = at(p) - '0';
                    if (ipv4_piece == -1) {
                        ipv4_piece = number;
                    } else if (ipv4_piece == 0) {
                        return std::nullopt;
                    } else {
                        ipv4_piece = ipv4_piece * 10 + number;
                    }
                    if (ipv4_piece > 255) return std::nullopt;
                    ++p;
                }
                address[static_cast<std::size_t>(piece_index)] = static_cast<std::uint16_t>(
                    address[static_cast<std::size_t>(piece_index)] * 0x100 + ipv4_piece);
                ++numbers_seen;
                if (numbers_seen == 2 || numbers_seen == 4) ++piece_index;
            }
            if (numbers_seen != 4) return std::nullopt;
            break;
        } else if (at(p) == ':') {
            ++p;
            if (at(p) == -1) return std::nullopt;
        } else if (at(p) != -1) {
            return std::nullopt;
        }
        address[static_cast<std::size_t>(piece_index)] = static_cast<std::uint16_t>(value);
        ++piece_index;
    }
    if (compress != -1) {
        int swaps = piece_index - compress;
        piece_index = 7;
        while (piece_index != 0 && swaps > 0) {
            std::swap(address[static_cast<std::size_t>(piece_index)],
                      address[static_cast<std::size_t>(compress + swaps - 1)]);
            --piece_index;
            --swaps;
        }
    } else if (piece_index != 8) {
        return std::nullopt;
    }
    return address;
}

std::string serialize_ipv6(const std::array<std::uint16_t, 8>& address) {
    // The first longest run of two or more zero pieces is compressed (§3.7).
    int best_start = -1, best_len = 1;
    for (int i = 0; i < 8;) {
        if (address[static_cast<std::size_t>(i)] != 0) {
            ++i;
            continue;
        }
        int j = i;
        while (j < 8 && address[static_cast<std::size_t>(j)] == 0) ++j;
        if (j - i > best_len) {
            best_start = i;
            best_len = j - i;
        }
        i = j;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out = "[";
    bool ignore0 = false;
    for (int i = 0; i < 8; ++i) {
        if (ignore0 && address[static_cast<std::size_t>(i)] == 0) continue;
        ignore0 = false;
        if (i == best_start) {
            out += (i == 0) ? "::" : ":";
            ignore0 = true;
            continue;
        }
        std::uint16_t v = address[static_cast<std::size_t>(i)];
        bool started = false;
        for (int shift = 12; shift >= 0; shift -= 4) {
            unsigned digit = (v >> shift) & 0xFu;
            if (digit != 0 || started || shift == 0) {
                out.push_back(kHex[digit]);
                started = true;
            }
        }
        if (i != 7) out.push_back(':');
    }
    out.push_back(']');
    return out;
}

// One UTS #46 instance for the process: ICU documents it as immutable and thread-safe once
// opened, and opening it per host would dominate the cost of parsing a URL.
const UIDNA* uts46() {
    static const UIDNA* instance = [] {
        UErrorCode status = U_ZERO_ERROR;
        constexpr uint32_t kOptions = UIDNA_CHECK_BIDI | UIDNA_CHECK_CONTEXTJ |
                                      UIDNA_NONTRANSITIONAL_TO_ASCII | UIDNA_NONTRANSITIONAL_TO_UNICODE;
        UIDNA* idna = uidna_openUTS46(kOptions, &status);
        return U_FAILURE(status) ? nullptr : idna;
    }();
    return instance;
}

} // namespace

std::string ipv4_to_string(std::uint32_t address) {
    std::string out;
    for (int shift = 24; shift >= 0; shift -= 8) {
        out += std::to_string((address >> shift) & 0xFFu);
        if (shift != 0) out.push_back('.');
    }
    return out;
}

std::optional<std::uint32_t> parse_ipv4_host(std::string_view input) {
    std::vector<std::string_view> parts = base::split(input, '.');
    if (parts.back().empty() && parts.size() > 1) parts.pop_back();
    if (parts.size() > 4) return std::nullopt;
    std::vector<std::uint64_t> numbers;
    for (std::string_view part : parts) {
        auto n = parse_ipv4_number(part);
        if (!n) return std::nullopt;
        numbers.push_back(*n);
    }
    for (std::size_t i = 0; i + 1 < numbers.size(); ++i)
        if (numbers[i] > 255) return std::nullopt;
    const std::size_t free_bytes = 5 - numbers.size();
    if (numbers.back() >= (std::uint64_t{1} << (8 * free_bytes))) return std::nullopt;
    std::uint64_t ipv4 = numbers.back();
    for (std::size_t i = 0; i + 1 < numbers.size(); ++i) ipv4 += numbers[i] << (8 * (3 - i));
    return static_cast<std::uint32_t>(ipv4);
}

std::optional<std::string> domain_to_ascii_whatwg(std::string_view domain) {
    if (domain.size() > kMaxHostBytes) return std::nullopt;
    // The standard's fast path: plain ASCII without punycode labels only needs lower-casing.
    bool needs_uts46 = false;
    for (unsigned char c : domain)
        if (c >= 0x80) needs_uts46 = true;
    std::string lowered = base::to_lower_ascii(domain);
    if (!needs_uts46 && lowered.rfind("xn--", 0) != 0 && lowered.find(".xn--") == std::string::npos) {
        for (unsigned char c : lowered)
            if (is_forbidden_domain_cp(c)) return std::nullopt;
        if (lowered.empty()) return std::nullopt;
        return lowered;
    }
    const UIDNA* idna = uts46();
    if (idna == nullptr) return std::nullopt;
    UErrorCode status = U_ZERO_ERROR;
    std::string out(domain.size() * 4 + 64, '\0');
    UIDNAInfo info = UIDNA_INFO_INITIALIZER;
    int32_t length = uidna_nameToASCII_UTF8(idna, domain.data(), static_cast<int32_t>(domain.size()),
                                            out.data(), static_cast<int32_t>(out.size()), &info,
                                            &status);
    if (U_FAILURE(status) || length < 0) return std::nullopt;
    out.resize(static_cast<std::size_t>(length));
    // CheckHyphens=false and VerifyDnsLength=false: those ICU errors are not failures here.
    constexpr uint32_t kIgnored = UIDNA_ERROR_LEADING_HYPHEN | UIDNA_ERROR_TRAILING_HYPHEN |
                                  UIDNA_ERROR_HYPHEN_3_4 | UIDNA_ERROR_EMPTY_LABEL |
                                  UIDNA_ERROR_LABEL_TOO_LONG | UIDNA_ERROR_DOMAIN_NAME_TOO_LONG;
    if ((info.errors & ~kIgnored) != 0) return std::nullopt;
    if (out.empty()) return std::nullopt;
    for (unsigned char c : out)
        if (is_forbidden_domain_cp(c)) return std::nullopt;
    return out;
}

std::optional<ParsedHost> parse_host(std::string_view input, bool is_opaque) {
    if (!input.empty() && input.front() == '[') {
        if (input.back() != ']' || input.size() < 2) return std::nullopt;
        auto v6 = parse_ipv6(input.substr(1, input.size() - 2));
        if (!v6) return std::nullopt;
        return ParsedHost{HostKind::Ipv6, serialize_ipv6(*v6)};
    }
    if (is_opaque) {
        std::string out;
        for (unsigned char c : input) {
            if (is_forbidden_host_cp(c)) return std::nullopt;
            if (c < 0x20 || c > 0x7E) {
                static constexpr char kHex[] = "0123456789ABCDEF";
                out.push_back('%');
                out.push_back(kHex[c >> 4]);
                out.push_back(kHex[c & 0xF]);
            } else {
                out.push_back(static_cast<char>(c));
            }
        }
        return ParsedHost{out.empty() ? HostKind::Empty : HostKind::Opaque, out};
    }
    if (input.empty()) return std::nullopt;
    std::string domain = base::percent_decode(input);
    auto ascii = domain_to_ascii_whatwg(domain);
    if (!ascii) return std::nullopt;
    if (ends_in_a_number(*ascii)) {
        auto v4 = parse_ipv4_host(*ascii);
        if (!v4) return std::nullopt;
        return ParsedHost{HostKind::Ipv4, ipv4_to_string(*v4)};
    }
    return ParsedHost{HostKind::Domain, *ascii};
}

} // namespace mikiwame::urls

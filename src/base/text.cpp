// SPDX-License-Identifier: Apache-2.0
#include "base/text.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace mikiwame::base {

namespace {
char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}
} // namespace

std::string to_lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = lower(c);
    return out;
}

bool iequals_ascii(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

bool istarts_with_ascii(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && iequals_ascii(s.substr(0, prefix.size()), prefix);
}

bool icontains_ascii(std::string_view haystack, std::string_view needle) {
    if (needle.empty()) return true;
    if (needle.size() > haystack.size()) return false;
    for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i)
        if (iequals_ascii(haystack.substr(i, needle.size()), needle)) return true;
    return false;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (;;) {
        std::size_t pos = s.find(sep, start);
        if (pos == std::string_view::npos) {
            out.push_back(s.substr(start));
            return out;
        }
        out.push_back(s.substr(start, pos - start));
        start = pos + 1;
    }
}

namespace {
// Length of the well-formed UTF-8 sequence at s[i], or 0 when ill-formed (Unicode 3.9 D92).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(s[k]); };
    std::uint8_t b0 = byte(i);
    if (b0 < 0x80) return 1;
    std::size_t len = 0;
    std::uint8_t lo = 0x80, hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        if (b0 == 0xE0) lo = 0xA0;
        if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    if (i + len > s.size()) return 0;
    if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
    for (std::size_t k = 2; k < len; ++k)
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    return len;
}

// The length of the all-ASCII prefix of s[i..], eight bytes at a time.
std::size_t ascii_run(std::string_view s, std::size_t i) {
    const std::size_t start = i;
    while (i + 8 <= s.size()) {
        std::uint64_t word;
        std::memcpy(&word, s.data() + i, 8);
        if (word & 0x8080808080808080ull) break;
        i += 8;
    }
    while (i < s.size() && static_cast<std::uint8_t>(s[i]) < 0x80) ++i;
    return i - start;
}
} // namespace

std::size_t count_byte(std::string_view s, char c) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ull, kLow7 = 0x7F7F7F7F7F7F7F7Full;
    const std::uint64_t pattern = kOnes * static_cast<std::uint8_t>(c);
    std::size_t count = 0, i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        std::uint64_t word;
        std::memcpy(&word, s.data() + i, 8);
        const std::uint64_t x = word ^ pattern; // a byte equal to c is now zero
        // The high bit of each zero byte of x, exactly (no borrow from a neighbouring byte).
        const std::uint64_t zero = ~(((x & kLow7) + kLow7) | x | kLow7);
        count += static_cast<std::size_t>(__builtin_popcountll(zero));
    }
    for (; i < s.size(); ++i) count += s[i] == c;
    return count;
}

bool is_valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        i += ascii_run(s, i);
        if (i >= s.size()) break;
        std::size_t len = utf8_sequence_length(s, i);
        if (len == 0) return false;
        i += len;
    }
    return true;
}

std::string sanitize_utf8(std::string_view s) {
    if (is_valid_utf8(s)) return std::string(s); // the usual case: one copy
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        std::size_t len = utf8_sequence_length(s, i);
        if (len == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
        } else {
            out.append(s.substr(i, len));
            i += len;
        }
    }
    return out;
}

char32_t decode_utf8_sequence(std::string_view s, std::size_t& pos) {
    const std::size_t len = utf8_sequence_length(s, pos);
    if (len == 0) {
        ++pos;
        return 0xFFFD;
    }
    auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(s[pos + k]); };
    char32_t c = len == 1 ? byte(0) : static_cast<char32_t>(byte(0) & (0x7F >> len));
    for (std::size_t k = 1; k < len; ++k) c = (c << 6) | (byte(k) & 0x3Fu);
    pos += len;
    return c;
}

void append_utf8(std::string& out, char32_t c) {
    if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) c = 0xFFFD;
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

bool is_kana(char32_t c) {
    return (c >= 0x3041 && c <= 0x309F) || (c >= 0x30A0 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
           (c >= 0xFF66 && c <= 0xFF9F);
}

bool is_japanese_text(std::string_view utf8) {
    std::size_t kana = 0;
    for (std::size_t pos = 0; pos < utf8.size();)
        if (is_kana(decode_utf8(utf8, pos)) && ++kana >= kMinJapaneseKana) return true;
    return false;
}

std::string_view truncate_utf8(std::string_view s, std::size_t max_bytes) {
    if (s.size() <= max_bytes) return s;
    std::size_t cut = max_bytes;
    // Step back over continuation bytes so that no sequence is split.
    while (cut > 0 && (static_cast<std::uint8_t>(s[cut]) & 0xC0) == 0x80) --cut;
    return s.substr(0, cut);
}

std::string unfold(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') continue;
        if (c == '\n') continue;
        out += c;
    }
    return out;
}

std::string collapse_whitespace(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool pending_space = false;
    for (char c : s) {
        if (is_space(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out += c;
    }
    return out;
}

int hex_digit_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percent_decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex_digit_value(s[i + 1]) >= 0 && hex_digit_value(s[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex_digit_value(s[i + 1]) * 16 + hex_digit_value(s[i + 2])));
            i += 2;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

std::string defang_url(std::string_view url) {
    std::string out;
    std::string_view rest = url;
    const std::size_t scheme_end = url.find("://");
    if (scheme_end != std::string_view::npos && scheme_end < 12) {
        std::string scheme(url.substr(0, scheme_end));
        const std::string lower = to_lower_ascii(scheme);
        if (lower == "http" || lower == "https") {
            scheme = "hxxp" + scheme.substr(4);
        } else if (lower == "ftp") {
            scheme = "fxp";
        }
        out = scheme + "://";
        rest = url.substr(scheme_end + 3);
    }
    const std::size_t host_end = std::min(rest.find_first_of("/?#"), rest.size());
    for (char c : rest.substr(0, host_end)) {
        if (c == '.') {
            out += "[.]";
        } else {
            out.push_back(c);
        }
    }
    out.append(rest.substr(host_end));
    return out;
}

std::string defang_text(std::string_view text) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t pos = std::string_view::npos;
        for (std::string_view scheme : {"http://", "https://", "HTTP://", "HTTPS://"}) {
            std::size_t p = text.find(scheme, i);
            if (p < pos) pos = p;
        }
        if (pos == std::string_view::npos) {
            out.append(text.substr(i));
            break;
        }
        out.append(text.substr(i, pos - i));
        std::size_t end = text.find_first_of(" \t\r\n\"'<>", pos);
        if (end == std::string_view::npos) end = text.size();
        out += defang_url(text.substr(pos, end - pos));
        i = end;
    }
    return out;
}

std::string to_hex(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (char c : bytes) {
        auto b = static_cast<std::uint8_t>(c);
        out += kDigits[b >> 4];
        out += kDigits[b & 0xF];
    }
    return out;
}

std::size_t bounded_edit_distance(std::string_view a, std::string_view b, std::size_t cap) {
    if (a.size() > b.size() + cap || b.size() > a.size() + cap) return cap + 1;
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        std::size_t row_min = cur[0];
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            row_min = std::min(row_min, cur[j]);
        }
        if (row_min > cap) return cap + 1;
        std::swap(prev, cur);
    }
    return std::min(prev[b.size()], cap + 1);
}

std::string closest_name(std::string_view word, const std::vector<std::string>& candidates, std::size_t cap) {
    std::string best;
    std::size_t best_distance = cap + 1;
    for (const auto& candidate : candidates) {
        const std::size_t d = bounded_edit_distance(word, candidate, cap);
        if (d < best_distance) {
            best_distance = d;
            best = candidate;
        }
    }
    return best;
}

} // namespace mikiwame::base

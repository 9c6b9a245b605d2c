// SPDX-License-Identifier: Apache-2.0
// Small string helpers shared by every stage: ASCII case folding, trimming, splitting and
// UTF-8 checks. Pure functions on byte strings; safe on any input, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mikiwame::base {

std::string to_lower_ascii(std::string_view s);
bool iequals_ascii(std::string_view a, std::string_view b);
bool istarts_with_ascii(std::string_view s, std::string_view prefix);
bool icontains_ascii(std::string_view haystack, std::string_view needle);
std::string_view trim(std::string_view s);
std::vector<std::string_view> split(std::string_view s, char sep);

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates).
bool is_valid_utf8(std::string_view s);
// How many bytes of `s` equal `c`, eight at a time (std::count is a byte loop at -O2).
std::size_t count_byte(std::string_view s, char c);
// Replaces every ill-formed sequence by U+FFFD, so the result is always valid UTF-8.
std::string sanitize_utf8(std::string_view s);
// The code point at `pos` of UTF-8 text `s` (pos < s.size()), advancing `pos` past it. An
// ill-formed byte decodes as U+FFFD and advances `pos` by one, the same rule as
// sanitize_utf8, so on valid UTF-8 this is exact and on any bytes it never loops or overreads.
// The one UTF-8 decoder of the project.
char32_t decode_utf8_sequence(std::string_view s, std::size_t& pos); // the non-ASCII part of decode_utf8
// Inline for the ASCII byte, which most mail text is made of: one call per character was a
// measurable share of the content stage (docs/performance.md).
inline char32_t decode_utf8(std::string_view s, std::size_t& pos) {
    const auto b = static_cast<unsigned char>(s[pos]);
    if (b < 0x80) {
        ++pos;
        return b;
    }
    return decode_utf8_sequence(s, pos);
}
// Appends the UTF-8 encoding of `c` (surrogates and values above U+10FFFF as U+FFFD).
void append_utf8(std::string& out, char32_t c);
// Kana: hiragana, katakana (with ー), katakana phonetic extensions, half-width katakana.
bool is_kana(char32_t c);
// True when UTF-8 text `utf8` is Japanese: it holds at least kMinJapaneseKana kana. Chinese
// and Korean text has none, and a Japanese word or two in a Western mail (a name, "arigato")
// stays below. The one Japanese-text test of the project (content language, report
// language); linear, any bytes.
bool is_japanese_text(std::string_view utf8);
constexpr std::size_t kMinJapaneseKana = 8;
// Cuts `s` to at most `max_bytes` without splitting a UTF-8 sequence.
std::string_view truncate_utf8(std::string_view s, std::size_t max_bytes);
// Unfolds a header value (RFC 5322 §2.2.3): CRLF/LF followed by WSP becomes the WSP.
std::string unfold(std::string_view s);
// Collapses runs of whitespace into one space and trims.
std::string collapse_whitespace(std::string_view s);
// Value of one hex digit, or -1.
int hex_digit_value(char c);
// Decodes %XX escapes; malformed escapes are kept as written (WHATWG URL §1.3).
std::string percent_decode(std::string_view s);
// "hxxps://example[.]com/…": a URL no viewer turns into a live link (scheme broken, dots of
// the host bracketed), for every report format.
std::string defang_url(std::string_view url);
// `text` with every http(s) URL in it defanged by defang_url (a URL ends at whitespace, a
// quote or an angle bracket): evidence lines and link texts that quote links.
std::string defang_text(std::string_view text);
// Lower-case hex of raw bytes.
std::string to_hex(std::string_view bytes);

// Levenshtein distance (bytes), capped: returns cap+1 as soon as the distance exceeds `cap`.
std::size_t bounded_edit_distance(std::string_view a, std::string_view b, std::size_t cap);

// The candidate nearest to `word` within `cap` edits (the first of equals), for "did you
// mean" in error lines; empty when none is that near.
std::string closest_name(std::string_view word, const std::vector<std::string>& candidates, std::size_t cap = 2);

} // namespace mikiwame::base

// SPDX-License-Identifier: Apache-2.0
// Text preparation for phrase scanning: NFKC (full-width ASCII → ASCII, half-width katakana →
// full-width), invisible characters removed, whitespace collapsed, and line breaks inside
// Japanese text joined (hard-wrapped Japanese has no space between the lines). Also the
// code-point helpers the content stage shares. Pure functions, thread-safe, safe on any bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mikiwame::content {

// The text phrase lists are matched against. Invalid UTF-8 is repaired first (U+FFFD), so the
// result is always valid UTF-8, as Hyperscan's UTF-8 mode requires.
[[nodiscard]] std::string normalize_for_scan(std::string_view utf8);

// CJK unified ideographs (and extension A) and 々〆.
bool is_kanji(char32_t c);
// Kana (base::is_kana) or kanji: a letter of Japanese running text.
bool is_japanese_letter(char32_t c);
// Japanese sentence marks 。、 and their full-width/half-width forms (．，｡､).
bool is_japanese_stop(char32_t c);

// `s` cut to at most `max_chars` code points, "…" appended when cut; whitespace collapsed.
std::string shorten(std::string_view s, std::size_t max_chars = 40);

} // namespace mikiwame::content

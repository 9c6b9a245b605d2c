// SPDX-License-Identifier: Apache-2.0
// The one way mikiwame includes toml++: header-only (Debian's shared library is built with
// exceptions), no exceptions (parse errors are values), no internal asserts, and a guard in
// front of the parser. toml++ 3.3 has two reachable faults on malformed input, both found by
// fuzz_catalog_toml: an assert on a malformed table key (its next lines report the error, so
// the assert is dropped), and __builtin_unreachable() when it meets a non-ASCII character
// where it expects whitespace (U+00A1–U+0499). TOML 1.0 allows non-ASCII only inside strings
// and comments, so first_non_ascii_outside_strings() rejects such files before toml++ sees them.
#pragma once

#include <cstddef>
#include <filesystem>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/text.h"
#include "mikiwame/result.h"

#define TOML_EXCEPTIONS 0
#define TOML_HEADER_ONLY 1
#define TOML_ASSERT(expr) static_cast<void>(0)
#include <toml++/toml.h>

// Returns the error of a failed Result<T> from the enclosing function (data loaders check
// many keys in a row).
#define MIKIWAME_TRY(expr)                                                  \
    do {                                                                    \
        if (auto ok_ = (expr); !ok_) return Unexpected<Error>{ok_.error()}; \
    } while (false)

namespace mikiwame::catalog {

// toml++ 3.3 reaches __builtin_unreachable() when it tests a code point of the gaps of its
// generated whitespace table (U+00A1–U+0499, U+2C5E–U+3057 — the first kana among them — and
// U+FB26–U+FEFE) for whitespace, which it does for any such character outside a string.
// Writing those code points as \uXXXX escapes keeps every basic string's value (and keeps them
// a parse error wherever TOML forbids non-ASCII), so the parser never meets them. Literal
// strings ('…') would keep the escape text; data files use basic strings.
inline bool toml_parser_cannot_classify(unsigned cp) {
    return (cp >= 0xA1 && cp <= 0x499) || (cp >= 0x2C5E && cp <= 0x3057 && cp != 0x3000) ||
           (cp >= 0xFB26 && cp <= 0xFEFE);
}

inline std::string escape_for_toml_parser(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size() + text.size() / 4);
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t begin = i;
        const char32_t cp = base::decode_utf8(text, i);
        if (i - begin > 1 && toml_parser_cannot_classify(static_cast<unsigned>(cp))) {
            out += "\\u";
            for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(cp >> shift) & 0xF];
            continue;
        }
        out.append(text.substr(begin, i - begin));
    }
    return out;
}

// "origin:line:col" of a place in a TOML file, for error lines.
std::string toml_location(std::string_view origin, const toml::source_region& region);

// Parses TOML text (escaped as above); a syntax error is an ErrorCode::Config error whose
// context is origin:line:col.
[[nodiscard]] Result<toml::table> parse_toml(std::string_view text, std::string_view origin);

// The optional array of strings at `node` (empty when absent). A value of another type or
// invalid UTF-8 is an ErrorCode::Config error naming `key` at origin:line:col.
[[nodiscard]] Result<std::vector<std::string>> toml_string_array(toml::node_view<const toml::node> node,
                                                               std::string_view key, std::string_view origin);

// An error when `table` has a key outside `known` (a misspelt key is a mistake, not a
// comment), at the key's origin:line:col; `where` prefixes the key ("deadline.").
[[nodiscard]] Result<bool> reject_unknown_keys(const toml::table& table, std::span<const std::string_view> known,
                                               std::string_view origin, std::string_view where = {});
[[nodiscard]] inline Result<bool> reject_unknown_keys(const toml::table& table, std::initializer_list<std::string_view> known,
                                                      std::string_view origin, std::string_view where = {}) {
    return reject_unknown_keys(table, std::span<const std::string_view>(known.begin(), known.size()), origin, where);
}

// Reads a whole data file; failure is an ErrorCode::Config error naming the path and `what`.
[[nodiscard]] Result<std::string> read_data_file(const std::filesystem::path& path, std::string_view what);

} // namespace mikiwame::catalog

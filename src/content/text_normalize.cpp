// SPDX-License-Identifier: Apache-2.0
#include "content/text_normalize.h"

#include <unicode/normalizer2.h>
#include <unicode/bytestream.h>
#include <unicode/unistr.h>

#include "base/text.h"

namespace mikiwame::content {

namespace {

// Characters that render as nothing. Lures insert them between letters so that a naive
// search for a phrase fails; readers never see them.
bool is_invisible(char32_t c) {
    return c == 0x00AD || (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2060 && c <= 0x2064) || c == 0xFEFF || c == 0x034F || c == 0x180E;
}

bool is_space(char32_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0x00A0 ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
           c == 0x205F || c == 0x3000 || c == 0x85;
}


// NFKC in UTF-8 throughout: text that is already normalized (all ASCII, most mail) is
// returned as it is after a quick check, the rest is normalized without a round trip through
// UTF-16 (docs/performance.md).
std::string nfkc(std::string clean) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* normalizer = icu::Normalizer2::getNFKCInstance(status);
    if (U_FAILURE(status) || !normalizer) return clean;
    if (normalizer->isNormalizedUTF8(clean, status) && U_SUCCESS(status)) return clean;
    status = U_ZERO_ERROR;
    std::string out;
    icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(clean.size()));
    normalizer->normalizeUTF8(0, clean, sink, nullptr, status);
    if (U_FAILURE(status)) return clean;
    return out;
}

} // namespace

bool is_kanji(char32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
           c == 0x3005 || c == 0x3006;
}

bool is_japanese_letter(char32_t c) { return base::is_kana(c) || is_kanji(c); }

bool is_japanese_stop(char32_t c) {
    return c == 0x3001 || c == 0x3002 || c == 0xFF0C || c == 0xFF0E || c == 0xFF61 || c == 0xFF64;
}

namespace {
bool is_katakana(char32_t c) { return c >= 0x30A1 && c <= 0x30FA; }

// Characters written in place of the long-vowel mark ー inside a katakana word, by hand or to
// slip past filters: the kanji 一 (one), hyphens, dashes, the minus sign, box-drawing lines.
bool is_long_vowel_standin(char32_t c) {
    return c == 0x4E00 || c == '-' || c == 0x2010 || c == 0x2011 || c == 0x2012 || c == 0x2013 || c == 0x2014 ||
           c == 0x2015 || c == 0x2212 || c == 0x2500 || c == 0x2501 || c == 0xFF70;
}
} // namespace

std::string normalize_for_scan(std::string_view utf8) {
    const std::string folded = nfkc(base::sanitize_utf8(utf8));
    std::string out;
    out.reserve(folded.size());
    // A pending whitespace run is written only once the next visible character is known:
    // between two Japanese letters it disappears (a hard-wrapped line, or "未配信 の メッセージ"
    // spaced to slip past filters: Japanese puts no spaces between words).
    bool pending_space = false;
    char32_t last = 0;
    std::size_t pos = 0;
    while (pos < folded.size()) {
        char32_t c = base::decode_utf8(folded, pos);
        if (is_invisible(c)) continue;
        if (is_space(c) || c < 0x20 || c == 0x7F) {
            pending_space = true;
            continue;
        }
        // Inside a katakana word: a stand-in for ー becomes ー, and the middle dot ・ that
        // splits a compound (メール・ボックス) goes, so every spelling scans alike.
        if (is_katakana(last) && !pending_space && (is_long_vowel_standin(c) || c == 0x30FB)) {
            std::size_t peek = pos;
            const char32_t next = peek < folded.size() ? base::decode_utf8(folded, peek) : 0;
            // 一 at a word's end counts too (スーパ一), but not before a kanji (データ一覧).
            const bool ends_word = c == 0x4E00 && !is_kanji(next);
            if (is_katakana(next) || (c != 0x30FB && (next == 0x30FC || ends_word))) {
                if (c == 0x30FB) continue;
                c = 0x30FC;
            }
        }
        if (pending_space && !out.empty()) {
            const bool joins = is_japanese_letter(last) && is_japanese_letter(c);
            if (!joins) out.push_back(' ');
        }
        pending_space = false;
        base::append_utf8(out, c);
        last = c;
    }
    return out;
}

std::string shorten(std::string_view s, std::size_t max_chars) {
    std::string collapsed = base::collapse_whitespace(s);
    std::size_t pos = 0;
    std::size_t count = 0;
    while (pos < collapsed.size() && count < max_chars) {
        base::decode_utf8(collapsed, pos);
        ++count;
    }
    if (pos >= collapsed.size()) return collapsed;
    return collapsed.substr(0, pos) + "…";
}

} // namespace mikiwame::content

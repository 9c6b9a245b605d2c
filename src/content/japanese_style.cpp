// SPDX-License-Identifier: Apache-2.0
#include "content/japanese_style.h"

#include "base/text.h"
#include "content/text_normalize.h"

namespace mikiwame::content {

namespace {

constexpr std::size_t kExampleContextChars = 4;

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The text around byte range [begin, end): kExampleContextChars code points each side,
// stopping at line breaks.
std::string example(std::string_view s, std::size_t begin, std::size_t end) {
    std::size_t b = begin;
    for (std::size_t n = 0; n < kExampleContextChars && b > 0; ++n) {
        std::size_t prev = b - 1;
        while (prev > 0 && is_continuation(s[prev])) --prev;
        if (s[prev] == '\n' || s[prev] == '\r') break;
        b = prev;
    }
    std::size_t e = end;
    for (std::size_t n = 0; n < kExampleContextChars && e < s.size(); ++n) {
        if (s[e] == '\n' || s[e] == '\r') break;
        std::size_t next = e;
        base::decode_utf8(s, next);
        e = next;
    }
    return std::string(s.substr(b, e - b));
}

} // namespace

JapaneseStyle measure_japanese_style(std::string_view utf8) {
    JapaneseStyle out;
    std::string clean = base::is_valid_utf8(utf8) ? std::string(utf8) : base::sanitize_utf8(utf8);
    std::string_view s = clean;
    char32_t prev = 0;           // previous code point
    std::size_t prev_begin = 0;  // its byte offset
    std::size_t pos = 0;
    while (pos < s.size()) {
        std::size_t begin = pos;
        char32_t c = base::decode_utf8(s, pos);
        if (is_japanese_letter(c)) ++out.japanese_letters;
        if (is_japanese_stop(c)) ++out.japanese_stops;
        if (c == ' ' && is_japanese_letter(prev)) {
            std::size_t run_end = pos;
            while (run_end < s.size() && s[run_end] == ' ') ++run_end;
            std::size_t after = run_end;
            char32_t next = after < s.size() ? base::decode_utf8(s, after) : 0;
            // Kanji on both sides is how names are written (山田 太郎, 営業部 山田), so a
            // stray space needs kana on at least one side (サーバー エラー, 配信 されません).
            if (is_japanese_letter(next) && (base::is_kana(prev) || base::is_kana(next))) {
                ++out.stray_spaces;
                if (out.space_examples.size() < kMaxStyleExamples) out.space_examples.push_back(example(s, prev_begin, after));
            }
            // The run is consumed; `prev` stays a space so a run is counted once.
            pos = run_end;
            prev = ' ';
            prev_begin = begin;
            continue;
        }
        if ((c == '.' || c == ',') && is_japanese_letter(prev)) {
            char next = pos < s.size() ? s[pos] : '\n';
            bool is_glued = (next >= '0' && next <= '9') || (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z');
            if (!is_glued && next != '.') {
                ++out.ascii_stops;
                if (out.stop_examples.size() < kMaxStyleExamples) out.stop_examples.push_back(example(s, prev_begin, pos));
            }
        }
        prev = c;
        prev_begin = begin;
    }
    return out;
}

} // namespace mikiwame::content

// SPDX-License-Identifier: Apache-2.0
#include "message/rfc2047.h"

#include <cstdint>
#include <optional>

#include "base/base64.h"
#include "base/charset.h"
#include "base/text.h"

namespace mikiwame::message {

namespace {

struct EncodedWord {
    std::size_t begin = 0; // offset of "=?"
    std::size_t end = 0;   // offset after "?="
    std::string charset;
    std::string bytes;     // decoded payload, still in `charset`
};

std::string decode_q(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '_') {
            out += ' ';
        } else if (c == '=' && i + 2 < text.size() + 0 && base::hex_digit_value(text[i + 1]) >= 0 &&
                   base::hex_digit_value(text[i + 2]) >= 0) {
            out += static_cast<char>(base::hex_digit_value(text[i + 1]) * 16 + base::hex_digit_value(text[i + 2]));
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

// Parses "=?charset?E?text?=" at `pos`. Encoded text may not hold whitespace per RFC 2047,
// but folding inside a word is common enough in Japanese mail that we allow it and skip it.
std::optional<EncodedWord> parse_encoded_word(std::string_view s, std::size_t pos) {
    if (s.substr(pos, 2) != "=?") return std::nullopt;
    std::size_t q1 = s.find('?', pos + 2);
    if (q1 == std::string_view::npos || q1 == pos + 2 || q1 - pos > 80) return std::nullopt;
    if (q1 + 2 >= s.size() || s[q1 + 2] != '?') return std::nullopt;
    char encoding = s[q1 + 1];
    std::size_t text_begin = q1 + 3;
    std::size_t close = s.find("?=", text_begin);
    if (close == std::string_view::npos) return std::nullopt;
    EncodedWord word;
    word.begin = pos;
    word.end = close + 2;
    std::string_view charset = s.substr(pos + 2, q1 - pos - 2);
    if (auto star = charset.find('*'); star != std::string_view::npos) charset = charset.substr(0, star); // RFC 2231 §5 language
    for (char c : charset)
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return std::nullopt;
    word.charset = std::string(charset);
    std::string text;
    for (char c : s.substr(text_begin, close - text_begin))
        if (c != '\r' && c != '\n' && c != ' ' && c != '\t') text += c;
    if (encoding == 'B' || encoding == 'b') {
        word.bytes = base::decode_base64_lenient(text);
    } else if (encoding == 'Q' || encoding == 'q') {
        word.bytes = decode_q(text);
    } else {
        return std::nullopt;
    }
    return word;
}

bool is_folding_whitespace_only(std::string_view s) {
    for (char c : s)
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
    return true;
}

bool has_8bit(std::string_view s) {
    for (char c : s)
        if (static_cast<std::uint8_t>(c) >= 0x80) return true;
    return false;
}

std::string quote_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}

DecodedHeader decode(std::string_view raw, bool for_addresses) {
    DecodedHeader result;
    std::string plain_run; // raw bytes between encoded words, converted lazily
    std::string out;
    bool in_quotes = false;

    auto flush_plain = [&](std::string_view plain) {
        if (plain.empty()) return;
        for (char c : plain)
            if (c == '"') in_quotes = !in_quotes;
        if (has_8bit(plain)) {
            result.had_raw_8bit = true;
            auto decoded = base::decode_to_utf8(plain, "utf-8");
            if (decoded.was_repaired) result.was_repaired = true;
            out += decoded.utf8;
        } else {
            out += plain;
        }
    };

    std::size_t pos = 0;
    std::size_t plain_start = 0;
    while (pos < raw.size()) {
        std::size_t candidate = raw.find("=?", pos);
        if (candidate == std::string_view::npos) break;
        auto first = parse_encoded_word(raw, candidate);
        if (!first) {
            pos = candidate + 2;
            continue;
        }
        // Collect the run of encoded words separated only by folding whitespace (RFC 2047
        // §6.2: that whitespace is not displayed), joining bytes of the same charset.
        std::vector<EncodedWord> run{std::move(*first)};
        std::size_t run_end = run.back().end;
        for (;;) {
            std::size_t next = run_end;
            while (next < raw.size() && (raw[next] == ' ' || raw[next] == '\t' || raw[next] == '\r' || raw[next] == '\n')) ++next;
            auto word = parse_encoded_word(raw, next);
            if (!word || !is_folding_whitespace_only(raw.substr(run_end, next - run_end))) break;
            run_end = word->end;
            run.push_back(std::move(*word));
        }
        flush_plain(raw.substr(plain_start, candidate - plain_start));
        result.had_encoded_words = true;
        std::string decoded_run;
        for (std::size_t i = 0; i < run.size();) {
            std::string joined = run[i].bytes;
            std::string charset_label = base::canonical_charset(run[i].charset);
            std::size_t j = i + 1;
            while (j < run.size() && base::canonical_charset(run[j].charset) == charset_label) {
                joined += run[j].bytes;
                ++j;
            }
            auto decoded = base::decode_to_utf8(joined, run[i].charset);
            if (decoded.was_repaired) result.was_repaired = true;
            decoded_run += decoded.utf8;
            i = j;
        }
        if (for_addresses) {
            if (in_quotes) {
                out += quote_escape(decoded_run);
            } else {
                out += '"';
                out += quote_escape(decoded_run);
                out += '"';
            }
        } else {
            out += decoded_run;
        }
        pos = run_end;
        plain_start = run_end;
    }
    flush_plain(raw.substr(plain_start));
    // A "=?" that never became a word is a malformed encoded-word worth reporting.
    if (!result.had_encoded_words && raw.find("=?") != std::string_view::npos &&
        raw.find("?=") != std::string_view::npos)
        result.has_malformed_word = true;
    result.text = base::sanitize_utf8(out);
    return result;
}

} // namespace

DecodedHeader decode_header_text(std::string_view raw) {
    DecodedHeader decoded = decode(base::unfold(raw), false);
    return decoded;
}

DecodedHeader decode_header_for_address_parsing(std::string_view raw) {
    return decode(base::unfold(raw), true);
}

} // namespace mikiwame::message

// SPDX-License-Identifier: Apache-2.0
#include "base/charset.h"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>

#include <array>
#include <cstdint>
#include <memory>

#include "base/text.h"

namespace mikiwame::base {

namespace {

struct LabelAlias {
    std::string_view label;
    std::string_view canonical;
};

// Labels seen in mail, mapped to the converter we really use. Shift_JIS mail is written by
// Windows software in CP932, so the superset is the faithful choice; likewise GBK for GB2312,
// windows-1252 for Latin-1/ASCII (as browsers do, WHATWG Encoding §4.2).
constexpr std::array kAliases = {
    LabelAlias{"shift_jis", "windows-31j"},   LabelAlias{"shift-jis", "windows-31j"},
    LabelAlias{"sjis", "windows-31j"},        LabelAlias{"x-sjis", "windows-31j"},
    LabelAlias{"ms_kanji", "windows-31j"},    LabelAlias{"csshiftjis", "windows-31j"},
    LabelAlias{"cp932", "windows-31j"},       LabelAlias{"ms932", "windows-31j"},
    LabelAlias{"windows-31j", "windows-31j"}, LabelAlias{"x-ms-cp932", "windows-31j"},
    LabelAlias{"iso-2022-jp", "iso-2022-jp"}, LabelAlias{"csiso2022jp", "iso-2022-jp"},
    LabelAlias{"iso-2022-jp-ms", "iso-2022-jp"}, LabelAlias{"cp50220", "iso-2022-jp"},
    LabelAlias{"cp50221", "iso-2022-jp"},     LabelAlias{"cp50222", "iso-2022-jp"},
    LabelAlias{"iso-2022-jp-1", "iso-2022-jp"}, LabelAlias{"iso-2022-jp-2", "iso-2022-jp"},
    LabelAlias{"iso-2022-jp-3", "iso-2022-jp"}, LabelAlias{"euc-jp", "euc-jp"},
    LabelAlias{"x-euc-jp", "euc-jp"},         LabelAlias{"eucjp", "euc-jp"},
    LabelAlias{"eucjp-ms", "euc-jp"},         LabelAlias{"cp51932", "euc-jp"},
    LabelAlias{"utf-8", "utf-8"},             LabelAlias{"utf8", "utf-8"},
    LabelAlias{"unicode-1-1-utf-8", "utf-8"}, LabelAlias{"gb2312", "gbk"},
    LabelAlias{"gbk", "gbk"},                 LabelAlias{"x-gbk", "gbk"},
    LabelAlias{"cp936", "gbk"},               LabelAlias{"euc-cn", "gbk"},
    LabelAlias{"csgb2312", "gbk"},            LabelAlias{"gb18030", "gb18030"},
    LabelAlias{"big5", "big5"},               LabelAlias{"big5-hkscs", "big5-hkscs"},
    LabelAlias{"x-big5", "big5"},             LabelAlias{"cp950", "big5"},
    LabelAlias{"euc-kr", "windows-949"},      LabelAlias{"ks_c_5601-1987", "windows-949"},
    LabelAlias{"cp949", "windows-949"},       LabelAlias{"ks_c_5601", "windows-949"},
    LabelAlias{"koi8-r", "koi8-r"},           LabelAlias{"koi8-u", "koi8-u"},
    LabelAlias{"us-ascii", "windows-1252"},   LabelAlias{"ascii", "windows-1252"},
    LabelAlias{"ansi_x3.4-1968", "windows-1252"}, LabelAlias{"iso-8859-1", "windows-1252"},
    LabelAlias{"iso8859-1", "windows-1252"},  LabelAlias{"latin1", "windows-1252"},
    LabelAlias{"l1", "windows-1252"},         LabelAlias{"cp1252", "windows-1252"},
    LabelAlias{"windows-1252", "windows-1252"}, LabelAlias{"utf-16", "utf-16"},
    LabelAlias{"utf-16le", "utf-16le"},       LabelAlias{"utf-16be", "utf-16be"},
    LabelAlias{"utf-7", "utf-7"},
};

struct ConverterCloser {
    void operator()(UConverter* c) const { ucnv_close(c); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

ConverterPtr open_strict_converter(std::string_view charset) {
    std::string name(charset);
    UErrorCode status = U_ZERO_ERROR;
    ConverterPtr conv(ucnv_open(name.c_str(), &status));
    if (U_FAILURE(status) || !conv) return nullptr;
    status = U_ZERO_ERROR;
    ucnv_setToUCallBack(conv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    if (U_FAILURE(status)) return nullptr;
    return conv;
}

std::optional<std::string> icu_convert(std::string_view bytes, std::string_view charset,
                                       bool strict) {
    UErrorCode status = U_ZERO_ERROR;
    ConverterPtr conv;
    if (strict) {
        conv = open_strict_converter(charset);
    } else {
        std::string name(charset);
        conv.reset(ucnv_open(name.c_str(), &status));
        if (U_FAILURE(status)) conv.reset();
    }
    if (!conv) return std::nullopt;
    if (bytes.size() > static_cast<std::size_t>(INT32_MAX / 2)) return std::nullopt;
    status = U_ZERO_ERROR;
    icu::UnicodeString text(bytes.data(), static_cast<int32_t>(bytes.size()), conv.get(), status);
    if (U_FAILURE(status) || text.isBogus()) return std::nullopt;
    std::string out;
    text.toUTF8String(out);
    return out;
}

bool is_jis_byte(std::uint8_t b) { return b >= 0x21 && b <= 0x7E; }

// ISO-2022-JP (with CP50220 extensions) → CP932 bytes. Returns nullopt on a malformed
// escape or byte outside the current set, which callers treat as a conversion failure.
// JIS row/cell to Shift_JIS is the fixed arithmetic of JIS X 0208 Annex 1.
std::optional<std::string> iso2022jp_to_cp932(std::string_view in, bool lenient) {
    enum class Mode { Ascii, Kanji, Katakana, Unsupported };
    Mode mode = Mode::Ascii;
    bool shifted_out = false; // SO/SI katakana (CP50221)
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        auto b = static_cast<std::uint8_t>(in[i]);
        if (b == 0x1B) {
            std::string_view rest = in.substr(i + 1);
            if (rest.starts_with("(B") || rest.starts_with("(J") || rest.starts_with("(H")) {
                mode = Mode::Ascii;
                i += 2;
            } else if (rest.starts_with("(I")) {
                mode = Mode::Katakana;
                i += 2;
            } else if (rest.starts_with("$@") || rest.starts_with("$B")) {
                mode = Mode::Kanji;
                i += 2;
            } else if (rest.starts_with("$(Q") || rest.starts_with("$(O") ||
                       rest.starts_with("$(B")) {
                mode = Mode::Kanji; // JIS X 0213 plane 1 shares the JIS X 0208 rows we map
                i += 3;
            } else if (rest.starts_with("$(D") || rest.starts_with("$(P")) {
                mode = Mode::Unsupported; // JIS X 0212/0213 plane 2: no CP932 mapping
                i += 3;
            } else if (rest.starts_with("&@")) {
                i += 2; // JIS X 0208-1990 announcer, followed by ESC $ B
            } else {
                if (!lenient) return std::nullopt;
                out += '?';
            }
            continue;
        }
        if (b == 0x0E) {
            shifted_out = true;
            continue;
        }
        if (b == 0x0F) {
            shifted_out = false;
            continue;
        }
        if (b == '\r' || b == '\n') {
            // A line must end in ASCII; broken senders forget ESC ( B before the newline.
            mode = Mode::Ascii;
            shifted_out = false;
            out += static_cast<char>(b);
            continue;
        }
        if (b >= 0x80) {
            if (!lenient) return std::nullopt;
            out += '?';
            continue;
        }
        if (shifted_out || mode == Mode::Katakana) {
            if (b >= 0x21 && b <= 0x5F) {
                out += static_cast<char>(b + 0x80);
            } else {
                out += static_cast<char>(b);
            }
            continue;
        }
        if (mode == Mode::Ascii) {
            out += static_cast<char>(b);
            continue;
        }
        // Two-byte modes.
        if (i + 1 >= in.size() || !is_jis_byte(b) ||
            !is_jis_byte(static_cast<std::uint8_t>(in[i + 1]))) {
            if (!lenient) return std::nullopt;
            out += '?';
            continue;
        }
        auto j2 = static_cast<std::uint8_t>(in[i + 1]);
        ++i;
        if (mode == Mode::Unsupported) {
            out += "\x81\x9F"; // ◆ keeps the text readable; marks an unmappable character
            continue;
        }
        unsigned s1 = ((b - 0x21u) >> 1) + 0x81u;
        if (s1 > 0x9F) s1 += 0x40;
        unsigned s2 = 0;
        if (b & 1u) {
            s2 = j2 + 0x1Fu;
            if (s2 >= 0x7F) ++s2;
        } else {
            s2 = j2 + 0x7Eu;
        }
        out += static_cast<char>(s1);
        out += static_cast<char>(s2);
    }
    return out;
}

std::optional<std::string> convert_canonical(std::string_view bytes, std::string_view canonical,
                                             bool strict) {
    if (canonical == "utf-8") {
        if (is_valid_utf8(bytes)) return std::string(bytes);
        if (strict) return std::nullopt;
        return sanitize_utf8(bytes);
    }
    if (canonical == "iso-2022-jp") {
        auto sjis = iso2022jp_to_cp932(bytes, !strict);
        if (!sjis) return std::nullopt;
        return icu_convert(*sjis, "windows-31j", strict);
    }
    return icu_convert(bytes, canonical, strict);
}

bool has_8bit_or_escape(std::string_view bytes) {
    for (char c : bytes) {
        auto b = static_cast<std::uint8_t>(c);
        if (b >= 0x80 || b == 0x1B) return true;
    }
    return false;
}

bool has_multibyte_utf8(std::string_view bytes) {
    for (char c : bytes)
        if (static_cast<std::uint8_t>(c) >= 0x80) return true;
    return false;
}

// Counts kana (U+3040–U+30FF) and other non-ASCII code points in UTF-8 text.
struct ScriptCounts {
    std::size_t kana = 0;
    std::size_t non_ascii = 0;
    std::size_t replacement = 0;
};
ScriptCounts count_scripts(std::string_view utf8) {
    ScriptCounts counts;
    for (std::size_t i = 0; i < utf8.size();) {
        const char32_t cp = decode_utf8(utf8, i);
        if (cp < 0x80) continue;
        ++counts.non_ascii;
        if (cp >= 0x3040 && cp <= 0x30FF) ++counts.kana;
        if (cp == 0xFFFD) ++counts.replacement;
    }
    return counts;
}

bool is_japanese_charset(std::string_view canonical) {
    return canonical == "windows-31j" || canonical == "euc-jp" || canonical == "iso-2022-jp";
}

// Whether a decoding is plausibly the right one for Japanese bytes: Japanese text carries kana
// in nearly every sentence, a wrong decoding (or Chinese and Korean text) almost never. A
// share of the non-ASCII characters, so that a few stray kana in mojibake do not pass; not the
// language test, which is base::is_japanese_text.
bool is_plausible_japanese_decoding(std::string_view utf8) {
    ScriptCounts c = count_scripts(utf8);
    return c.non_ascii >= 4 && c.kana * 5 >= c.non_ascii;
}

std::string canonical_from_detector(std::string_view detected) {
    std::string lower = to_lower_ascii(detected);
    if (lower == "iso-8859-1") return "windows-1252";
    return canonical_charset(lower);
}

} // namespace

std::string canonical_charset(std::string_view label) {
    std::string lower = to_lower_ascii(trim(label));
    if (lower.size() >= 2 && lower.front() == '"' && lower.back() == '"')
        lower = lower.substr(1, lower.size() - 2);
    for (const auto& alias : kAliases)
        if (alias.label == lower) return std::string(alias.canonical);
    return lower;
}

std::optional<std::string> convert_strict(std::string_view bytes, std::string_view charset) {
    return convert_canonical(bytes, canonical_charset(charset), true);
}

DecodedText decode_to_utf8(std::string_view bytes, std::string_view declared) {
    DecodedText result;
    std::string canonical = canonical_charset(declared);
    bool has_label = !canonical.empty();

    // Pure 7-bit text without ISO-2022 escapes reads the same in every ASCII-compatible charset.
    if (!has_8bit_or_escape(bytes) && canonical != "utf-16" && canonical != "utf-16le" &&
        canonical != "utf-16be" && canonical != "utf-7") {
        result.utf8 = std::string(bytes);
        result.charset_used = has_label ? canonical : "us-ascii";
        return result;
    }

    std::optional<std::string> declared_text;
    if (has_label) declared_text = convert_canonical(bytes, canonical, true);

    // A declared charset that decodes cleanly is kept unless the bytes are plainly something
    // else: valid multi-byte UTF-8 under a single-byte label, or Japanese under a Chinese,
    // Korean or Western label (a frequent fault of Japanese bulk mailers).
    if (declared_text) {
        bool suspect_label = canonical == "windows-1252" || canonical.starts_with("iso-8859") ||
                             canonical == "gbk" || canonical == "big5" ||
                             canonical == "windows-949" || canonical == "gb18030" ||
                             canonical.starts_with("windows-125");
        if (!suspect_label) {
            result.utf8 = std::move(*declared_text);
            result.charset_used = canonical;
            return result;
        }
        bool single_byte = canonical == "windows-1252" || canonical.starts_with("iso-8859") ||
                           canonical.starts_with("windows-125");
        if (single_byte && has_multibyte_utf8(bytes) && is_valid_utf8(bytes)) {
            result.utf8 = std::string(bytes);
            result.charset_used = "utf-8";
            result.was_repaired = true;
            return result;
        }
        if (!is_plausible_japanese_decoding(*declared_text)) {
            for (std::string_view ja : {"windows-31j", "euc-jp"}) {
                auto ja_text = convert_canonical(bytes, ja, true);
                if (ja_text && is_plausible_japanese_decoding(*ja_text)) {
                    result.utf8 = std::move(*ja_text);
                    result.charset_used = std::string(ja);
                    result.was_repaired = true;
                    return result;
                }
            }
        }
        result.utf8 = std::move(*declared_text);
        result.charset_used = canonical;
        return result;
    }

    // The label is missing, unknown or does not fit: detect.
    result.was_repaired = true;
    if (is_valid_utf8(bytes)) {
        result.utf8 = std::string(bytes);
        result.charset_used = "utf-8";
        return result;
    }
    if (bytes.find('\x1B') != std::string_view::npos) {
        if (auto jis = convert_canonical(bytes, "iso-2022-jp", true)) {
            result.utf8 = std::move(*jis);
            result.charset_used = "iso-2022-jp";
            return result;
        }
    }
    UErrorCode status = U_ZERO_ERROR;
    UCharsetDetector* detector = ucsdet_open(&status);
    if (U_SUCCESS(status) && bytes.size() <= static_cast<std::size_t>(INT32_MAX)) {
        ucsdet_setText(detector, bytes.data(), static_cast<int32_t>(bytes.size()), &status);
        int32_t match_count = 0;
        const UCharsetMatch** matches = ucsdet_detectAll(detector, &match_count, &status);
        for (int32_t m = 0; U_SUCCESS(status) && m < match_count; ++m) {
            UErrorCode name_status = U_ZERO_ERROR;
            const char* name = ucsdet_getName(matches[m], &name_status);
            if (U_FAILURE(name_status) || !name) continue;
            std::string candidate = canonical_from_detector(name);
            if (candidate == "utf-16" || candidate == "utf-16le" || candidate == "utf-16be" ||
                candidate.starts_with("utf-32") || candidate.starts_with("ibm"))
                continue; // ICU proposes these for binary-ish bytes; never seen as wrong labels
            auto text = convert_canonical(bytes, candidate, true);
            if (!text) continue;
            // A Japanese guess must read as Japanese; ICU's statistics alone mix up CJK.
            if (is_japanese_charset(candidate) && !is_plausible_japanese_decoding(*text)) continue;
            ucsdet_close(detector);
            result.utf8 = std::move(*text);
            result.charset_used = candidate;
            return result;
        }
    }
    if (detector) ucsdet_close(detector);
    // Nothing fits strictly: decode leniently with the label (or Latin-1) and mark the loss.
    std::string fallback = has_label ? canonical : "windows-1252";
    auto lenient = convert_canonical(bytes, fallback, false);
    if (!lenient) {
        fallback = "utf-8";
        lenient = sanitize_utf8(bytes);
    }
    result.utf8 = sanitize_utf8(*lenient);
    result.charset_used = fallback;
    result.is_lossy = true;
    return result;
}

std::string utf16le_to_utf8(std::string_view bytes) {
    bytes = bytes.substr(0, bytes.size() & ~static_cast<std::size_t>(1));
    if (bytes.empty()) return {};
    // Non-strict ICU conversion substitutes U+FFFD for unpaired surrogates.
    std::optional<std::string> out = icu_convert(bytes, "UTF-16LE", false);
    if (!out) return {};
    return is_valid_utf8(*out) ? std::move(*out) : sanitize_utf8(*out);
}

std::string charset_for_windows_codepage(std::uint32_t codepage) {
    // Windows code page identifiers (the numbers MAPI and RTF store) to charset names that
    // canonical_charset() and ICU know.
    struct CodepageName {
        std::uint32_t codepage;
        std::string_view name;
    };
    static constexpr CodepageName kCodepages[] = {
        {437, "ibm437"},          {850, "ibm850"},          {852, "ibm852"},
        {866, "ibm866"},          {874, "windows-874"},     {932, "shift_jis"},
        {936, "gbk"},             {949, "windows-949"},     {950, "big5"},
        {1200, "utf-16le"},       {1201, "utf-16be"},       {1250, "windows-1250"},
        {1251, "windows-1251"},   {1252, "windows-1252"},   {1253, "windows-1253"},
        {1254, "windows-1254"},   {1255, "windows-1255"},   {1256, "windows-1256"},
        {1257, "windows-1257"},   {1258, "windows-1258"},   {10000, "macintosh"},
        {20127, "us-ascii"},      {20866, "koi8-r"},        {20932, "euc-jp"},
        {21866, "koi8-u"},        {28591, "iso-8859-1"},    {28592, "iso-8859-2"},
        {28593, "iso-8859-3"},    {28594, "iso-8859-4"},    {28595, "iso-8859-5"},
        {28596, "iso-8859-6"},    {28597, "iso-8859-7"},    {28598, "iso-8859-8"},
        {28599, "iso-8859-9"},    {28603, "iso-8859-13"},   {28605, "iso-8859-15"},
        {50220, "iso-2022-jp"},   {50221, "iso-2022-jp"},   {50222, "iso-2022-jp"},
        {50225, "iso-2022-kr"},   {51932, "euc-jp"},        {51936, "gbk"},
        {51949, "euc-kr"},        {52936, "hz-gb-2312"},    {54936, "gb18030"},
        {65000, "utf-7"},         {65001, "utf-8"},
    };
    for (const auto& entry : kCodepages)
        if (entry.codepage == codepage) return std::string(entry.name);
    return {};
}

} // namespace mikiwame::base

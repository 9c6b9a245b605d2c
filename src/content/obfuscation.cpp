// SPDX-License-Identifier: Apache-2.0
#include "content/obfuscation.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <array>
#include <cctype>

#include "base/confusable.h"
#include "base/text.h"

namespace mikiwame::content {

namespace {

constexpr std::size_t kMinDisguisedWordLetters = 3;

bool is_invisible(UChar32 c) { return u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT) != 0; }

bool is_mark(UChar32 c) {
    int8_t type = u_charType(c);
    return type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_COMBINING_SPACING_MARK;
}

bool is_word_letter(UChar32 c) { return u_isalpha(c) || u_isdigit(c); }

// Scripts where invisible joiners have no orthographic use (unlike ZWNJ/ZWJ in Arabic,
// Persian or Indic scripts, or ZWJ inside emoji sequences).
bool joiners_never_needed(UChar32 c) {
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript(c, &status);
    return script == USCRIPT_LATIN || script == USCRIPT_GREEK || script == USCRIPT_CYRILLIC ||
           (script == USCRIPT_COMMON && u_isdigit(c));
}

// A mark is foreign when its Script_Extensions name scripts and the letter's is not one of
// them: an Arabic kasra or a Syriac mark on a Latin letter. Inherited marks (accents) fit any.
bool is_foreign_mark(UChar32 mark, UChar32 base) {
    UErrorCode status = U_ZERO_ERROR;
    std::array<UScriptCode, 16> scripts{};
    int n = uscript_getScriptExtensions(mark, scripts.data(), static_cast<int32_t>(scripts.size()), &status);
    if (U_FAILURE(status) || n <= 0) return false;
    if (n == 1 && (scripts[0] == USCRIPT_INHERITED || scripts[0] == USCRIPT_COMMON)) return false;
    UScriptCode base_script = uscript_getScript(base, &status);
    if (U_FAILURE(status) || base_script == USCRIPT_COMMON || base_script == USCRIPT_INHERITED) return false;
    return uscript_hasScript(mark, base_script) == 0;
}

bool is_ascii(std::string_view s) {
    for (unsigned char ch : s)
        if (ch >= 0x80) return false;
    return true;
}

// A Latin word with a few letters of exactly one other script: the shape of a disguised
// word ("Аmazon" with a Cyrillic А, "ΝFT" with a Greek Ν). Text decoded with the wrong
// charset yields short runs of many scripts at random instead; that is a parse problem.
bool is_latin_plus_one_script(std::string_view word) {
    std::size_t latin = 0;
    std::size_t others = 0;
    UScriptCode other = USCRIPT_INVALID_CODE;
    for (std::size_t i = 0; i < word.size();) {
        const auto c = static_cast<UChar32>(base::decode_utf8(word, i));
        if (!u_isalpha(c)) continue;
        UErrorCode status = U_ZERO_ERROR;
        UScriptCode script = uscript_getScript(c, &status);
        if (U_FAILURE(status) || script == USCRIPT_COMMON || script == USCRIPT_INHERITED) continue;
        if (script == USCRIPT_LATIN) {
            ++latin;
            continue;
        }
        if (other != USCRIPT_INVALID_CODE && other != script) return false;
        other = script;
        ++others;
    }
    return others > 0 && latin > others && latin + others >= kMinDisguisedWordLetters;
}

bool fails_restriction_level(std::string_view word) {
    return !is_ascii(word) && is_latin_plus_one_script(word) && base::fails_moderate_restriction(word);
}

// The word with each letter outside Latin replaced by its confusable skeleton when that is
// plain ASCII (Cyrillic А → A, Greek υ → u); letters without an ASCII look-alike stay.
std::string latin_reading(std::string_view word) {
    std::string out;
    for (std::size_t i = 0; i < word.size();) {
        const std::size_t start = i;
        const auto c = static_cast<UChar32>(base::decode_utf8(word, i));
        std::string_view encoded = word.substr(start, i - start);
        UErrorCode status = U_ZERO_ERROR;
        if (c < 0x80 || uscript_getScript(c, &status) == USCRIPT_LATIN) {
            out += encoded;
            continue;
        }
        const std::string reading = base::confusable_skeleton(encoded).value_or("");
        bool ascii_letters = !reading.empty() && reading.size() <= 2;
        for (char ch : reading) ascii_letters = ascii_letters && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'));
        out += ascii_letters ? std::string_view(reading) : encoded;
    }
    return out;
}

} // namespace

ObfuscationSigns find_obfuscation(std::string_view utf8, bool allow_soft_hyphen, bool keep_reading) {
    ObfuscationSigns signs;
    if (keep_reading) signs.plain.reserve(utf8.size());
    // Text outside words goes to `plain` only when the reading is wanted.
    auto keep = [&](std::string_view text) {
        if (keep_reading) signs.plain += text;
    };
    UChar32 last_visible = U_SENTINEL; // the last code point that is neither invisible nor a mark
    UChar32 last_letter_base = U_SENTINEL;
    std::size_t pending_invisible = 0; // invisible code points since last_visible
    std::string word;                  // the current word, invisible characters and foreign marks removed

    // A word goes to `plain` when it ends: as written, or with its disguising letters read as
    // the Latin letters they imitate.
    auto end_word = [&] {
        if (word.empty()) return;
        if (fails_restriction_level(word)) {
            ++signs.mixed_script_count;
            signs.mixed_script_words.insert(word);
            if (keep_reading) signs.plain += latin_reading(word);
        } else {
            keep(word);
        }
        word.clear();
    };

    for (std::size_t i = 0; i < utf8.size();) {
        const std::size_t start = i;
        const auto c = static_cast<UChar32>(base::decode_utf8(utf8, i));
        if (c < 0x80) {
            // ASCII, most of any mail: never invisible, never a mark; letters and digits are
            // Latin or common, where joiners have no use. No ICU property lookups needed.
            const bool letter = std::isalnum(static_cast<unsigned char>(c)) != 0;
            if (pending_invisible > 0 && letter && last_visible != U_SENTINEL && is_word_letter(last_visible) &&
                joiners_never_needed(last_visible))
                signs.invisible_in_words += pending_invisible;
            pending_invisible = 0;
            last_visible = c;
            if (letter) {
                last_letter_base = c;
                word += static_cast<char>(c);
            } else {
                last_letter_base = U_SENTINEL;
                end_word();
                keep(utf8.substr(start, 1));
            }
            continue;
        }
        std::string_view encoded = utf8.substr(start, i - start);
        if (is_invisible(c) && !(allow_soft_hyphen && c == 0x00AD)) {
            ++pending_invisible;
            continue;
        }
        if (is_mark(c)) {
            if (last_letter_base != U_SENTINEL && is_foreign_mark(c, last_letter_base)) {
                ++signs.foreign_marks;
                continue;
            }
            if (word.empty()) {
                keep(encoded);
            } else {
                word += encoded;
            }
            continue;
        }
        if (pending_invisible > 0 && last_visible != U_SENTINEL && is_word_letter(last_visible) &&
            is_word_letter(c) && joiners_never_needed(last_visible) && joiners_never_needed(c))
            signs.invisible_in_words += pending_invisible;
        pending_invisible = 0;
        last_visible = c;
        if (is_word_letter(c)) {
            last_letter_base = c;
            word += encoded;
        } else {
            last_letter_base = U_SENTINEL;
            end_word();
            keep(encoded);
        }
    }
    end_word();
    return signs;
}

} // namespace mikiwame::content

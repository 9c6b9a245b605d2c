// SPDX-License-Identifier: Apache-2.0
#include "content/language.h"

#include <array>
#include <cstddef>
#include <string_view>

#include "base/text.h"
#include "content/text_normalize.h"

namespace mikiwame::content {

namespace {

// A Western language needs this many stop-word hits and a lead over the runner-up.
constexpr std::size_t kMinStopWords = 3;

struct Language {
    std::string_view code;
    std::array<std::string_view, 24> words;
};

// Frequent function words that the other three languages rarely use.
constexpr std::array kLanguages{
    Language{"en", {"the", "and", "you", "your", "is", "are", "of", "to", "this", "that", "with", "for",
                    "have", "will", "please", "we", "our", "not", "be", "from", "it", "was", "on", "account"}},
    Language{"pt", {"de", "que", "não", "nao", "para", "com", "uma", "seu", "sua", "você", "voce", "os",
                    "das", "dos", "em", "por", "mais", "está", "esta", "ao", "conta", "seus", "suas", "é"}},
    Language{"de", {"der", "die", "und", "sie", "ihr", "ihre", "nicht", "ist", "mit", "für", "auf", "den",
                    "das", "ein", "eine", "wir", "zu", "von", "bitte", "dem", "wird", "sind", "werden", "konto"}},
    Language{"nl", {"de", "het", "een", "en", "van", "uw", "je", "niet", "is", "met", "voor", "op", "wij",
                    "zijn", "wordt", "dat", "u", "te", "naar", "om", "kunt", "deze", "rekening", "bij"}},
};

bool is_word_byte(char c) {
    auto b = static_cast<unsigned char>(c);
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || b == 0xC3 || (b >= 0x80 && b <= 0xBF);
}

} // namespace

std::string detect_language(std::string_view utf8) {
    std::string_view sample = base::truncate_utf8(utf8, kMaxLanguageSampleBytes);
    if (base::is_japanese_text(sample)) return "ja";
    std::string clean = base::is_valid_utf8(sample) ? std::string(sample) : base::sanitize_utf8(sample);
    std::string lower = base::to_lower_ascii(clean);
    std::array<std::size_t, kLanguages.size()> counts{};
    std::size_t i = 0;
    while (i < lower.size()) {
        if (!is_word_byte(lower[i])) {
            ++i;
            continue;
        }
        std::size_t start = i;
        while (i < lower.size() && is_word_byte(lower[i])) ++i;
        std::string_view word(lower.data() + start, i - start);
        for (std::size_t l = 0; l < kLanguages.size(); ++l)
            for (auto w : kLanguages[l].words)
                if (w == word) ++counts[l];
    }
    std::size_t best = 0, second = 0, best_index = 0;
    for (std::size_t l = 0; l < counts.size(); ++l) {
        if (counts[l] > best) {
            second = best;
            best = counts[l];
            best_index = l;
        } else if (counts[l] > second) {
            second = counts[l];
        }
    }
    // Ties are undecided rather than guessed; "de" alone is both Portuguese and Dutch.
    if (best < kMinStopWords || best * 4 < second * 5) return "";
    return std::string(kLanguages[best_index].code);
}

} // namespace mikiwame::content

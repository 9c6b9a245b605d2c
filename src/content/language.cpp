// SPDX-License-Identifier: Apache-2.0
#include "content/language.h"

#include <vector>
#include <cstddef>
#include <string_view>

#include "base/text.h"
#include "content/text_normalize.h"

namespace mikiwame::content {

namespace {

// A Western language needs this many stop-word hits and a lead over the runner-up.
constexpr std::size_t kMinStopWords = 3;

bool is_word_byte(char c) {
    auto b = static_cast<unsigned char>(c);
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || b == 0xC3 || (b >= 0x80 && b <= 0xBF);
}

} // namespace

std::string detect_language(std::string_view utf8, const ContentWords& words) {
    std::string_view sample = base::truncate_utf8(utf8, kMaxLanguageSampleBytes);
    if (base::is_japanese_text(sample)) return "ja";
    std::string clean = base::is_valid_utf8(sample) ? std::string(sample) : base::sanitize_utf8(sample);
    std::string lower = base::to_lower_ascii(clean);
    const std::vector<StopWords>& languages = words.stop_words();
    std::vector<std::size_t> counts(languages.size());
    std::size_t i = 0;
    while (i < lower.size()) {
        if (!is_word_byte(lower[i])) {
            ++i;
            continue;
        }
        std::size_t start = i;
        while (i < lower.size() && is_word_byte(lower[i])) ++i;
        std::string_view word(lower.data() + start, i - start);
        for (std::size_t l : words.stop_word_languages(word)) ++counts[l];
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
    return languages[best_index].language;
}

} // namespace mikiwame::content

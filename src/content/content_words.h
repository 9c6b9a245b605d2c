// SPDX-License-Identifier: Apache-2.0
// ContentWords: the words of each language the content stage knows beside its phrase lists —
// stop words for language detection, greetings that are generic only before an address,
// honorifics, month names, the cue words and units of deadlines, era names — read from
// data/phrases/words.<lang>.toml. A new language is a new file. Loaded once at start with the
// PhraseCatalog; immutable, safe to share between threads.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/string_map.h"
#include "mikiwame/result.h"

namespace mikiwame::content {

// A same-day or next-day word (本日中, today, morgen).
struct DayWord {
    std::string word;
    int hours = 0;                      // from sending: 0 the same day, 24 the next
    bool is_deadline_by_itself = false; // 本日中 is; "today" needs a deadline word next to it
};

// A Japanese era: 令和 6 年 is 2018 + 6; its first year is written 元年.
struct Era {
    std::string name;
    int first_year = 0;
};

// The stop words of one language, for detect_language.
struct StopWords {
    std::string language;
    std::vector<std::string> words;
};

class ContentWords {
public:
    // Reads every words.<lang>.toml of `dir` (sorted by name); <lang> must equal the file's
    // `language`. A missing directory or no such file gives no words. Errors (ErrorCode::Config,
    // origin:line:col): malformed TOML, an unknown key, a wrong type, a month outside 1–12, one
    // word given two different months or unit lengths. Never a partial set of words.
    [[nodiscard]] static Result<ContentWords> load(const std::filesystem::path& dir);

    // Languages with a words file, sorted.
    [[nodiscard]] std::vector<std::string> languages() const;
    // Languages that read 11/12 as day/month ("numeric_dates = \"day-month\"").
    [[nodiscard]] bool is_day_first(std::string_view language) const;
    // Languages with stop words, in file order.
    [[nodiscard]] const std::vector<StopWords>& stop_words() const { return stop_words_; }
    // The languages (indexes into stop_words(), once per listing) that list `word` as a stop
    // word: one lookup per word of a text instead of a pass over every list.
    [[nodiscard]] const std::vector<std::size_t>& stop_word_languages(std::string_view word) const;

    // The following merge every language: mail mixes them, and a cue word of one language next
    // to a date written for another still makes a deadline. Lower case throughout.
    [[nodiscard]] const std::vector<std::string>& openers() const { return openers_; }
    [[nodiscard]] const std::vector<std::string>& honorifics() const { return honorifics_; }
    // 1–12 for a month name or abbreviation, 0 otherwise.
    [[nodiscard]] int month_of(std::string_view word) const;
    [[nodiscard]] const std::vector<std::string>& cues_before() const { return cues_before_; }
    [[nodiscard]] const std::vector<std::string>& cues_after() const { return cues_after_; }
    [[nodiscard]] const std::vector<std::string>& cues_near() const { return cues_near_; }
    // Longest first, so "within the next" is preferred over "next".
    [[nodiscard]] const std::vector<std::string>& relative_leads() const { return relative_leads_; }
    // Hours of a relative-deadline unit ("hours" 1, "dagen" 24), 0 when `word` is none.
    [[nodiscard]] int unit_hours(std::string_view word) const;
    [[nodiscard]] const std::vector<DayWord>& day_words() const { return day_words_; }
    [[nodiscard]] const std::vector<Era>& eras() const { return eras_; }

private:
    std::vector<std::string> languages_, day_first_;
    std::vector<StopWords> stop_words_;
    base::StringMap<std::vector<std::size_t>> stop_word_index_;
    std::vector<std::string> openers_, honorifics_, cues_before_, cues_after_, cues_near_, relative_leads_;
    std::map<std::string, int, std::less<>> months_, units_;
    std::vector<DayWord> day_words_;
    std::vector<Era> eras_;
};

} // namespace mikiwame::content

// SPDX-License-Identifier: Apache-2.0
#include "message/forwarded_date.h"

#include <fmt/format.h>

#include <vector>

#include "base/text.h"

namespace mikiwame::message {

namespace {

// RFC 5322 §3.3 month names, three letters each: the grammar of the Date field.
constexpr std::string_view kMonthNames = "JanFebMarAprMayJunJulAugSepOctNovDec";
constexpr std::size_t kMaxDateBytes = 200;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_ascii_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// 1-12 for a word that starts with a month's three letters ("nov", "november", "sept"), else 0.
int month_of_word(std::string_view word) {
    if (word.size() < 3) return 0;
    for (std::size_t m = 0; m < 12; ++m)
        if (base::iequals_ascii(word.substr(0, 3), kMonthNames.substr(m * 3, 3))) return static_cast<int>(m) + 1;
    return 0;
}

// `word` occurs in `text`; an ASCII word only between non-letters ("pm" is not in "sample").
bool contains_word(std::string_view text, std::string_view word) {
    if (word.empty()) return false;
    const bool ascii = is_ascii_letter(word.front());
    for (std::size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
        if (!ascii) return true;
        const bool starts = at == 0 || !is_ascii_letter(text[at - 1]);
        const std::size_t end = at + word.size();
        const bool ends = end >= text.size() || !is_ascii_letter(text[end]);
        if (starts && ends) return true;
    }
    return false;
}

// Digits at `i` (at most `max` of them) as a number; `i` moves past them.
int read_number(std::string_view s, std::size_t& i, std::size_t max, std::size_t* count = nullptr) {
    int value = 0;
    std::size_t n = 0;
    while (i < s.size() && is_digit(s[i]) && n < max) {
        value = value * 10 + (s[i] - '0');
        ++i;
        ++n;
    }
    if (count) *count = n;
    return value;
}

// "+9", "+09", "+0900", "+09:00", "+5:30" at `i` (the sign) as "+HHMM"; nullopt otherwise.
std::optional<std::string> read_offset(std::string_view s, std::size_t& i) {
    if (i >= s.size() || (s[i] != '+' && s[i] != '-')) return std::nullopt;
    const char sign = s[i];
    std::size_t j = i + 1, digits = 0;
    int first = read_number(s, j, 4, &digits);
    if (digits == 0) return std::nullopt;
    int hours = 0, minutes = 0;
    if (digits <= 2) {
        hours = first;
        if (j + 1 < s.size() && s[j] == ':' && is_digit(s[j + 1])) {
            ++j;
            minutes = read_number(s, j, 2);
        }
    } else if (digits == 4) {
        hours = first / 100;
        minutes = first % 100;
    } else {
        return std::nullopt;
    }
    if (hours > 14 || minutes > 59) return std::nullopt;
    i = j;
    return fmt::format("{}{:02d}{:02d}", sign, hours, minutes);
}

struct Number {
    int value = 0;
    std::size_t digits = 0;
};

} // namespace

std::optional<std::string> read_forwarded_date(std::string_view text, const ForwardMarkers& markers) {
    const std::string folded = fold_marker_text(base::truncate_utf8(text, kMaxDateBytes));
    const std::string_view s = folded;
    std::vector<Number> numbers;
    int month = 0;
    std::optional<int> hour, minute, second;
    std::optional<std::string> zone;
    for (std::size_t i = 0; i < s.size();) {
        const char c = s[i];
        if (is_digit(c)) {
            std::size_t digits = 0;
            const int value = read_number(s, i, 8, &digits);
            // A time: H:MM or H:MM:SS, the first one only.
            if (!hour && digits <= 2 && i + 1 < s.size() && s[i] == ':' && is_digit(s[i + 1])) {
                ++i;
                hour = value;
                minute = read_number(s, i, 2);
                if (i + 1 < s.size() && s[i] == ':' && is_digit(s[i + 1])) {
                    ++i;
                    second = read_number(s, i, 2);
                }
                continue;
            }
            numbers.push_back({value, digits});
            continue;
        }
        if ((c == '+' || c == '-') && hour && !zone) {
            std::size_t j = i;
            if (auto offset = read_offset(s, j)) {
                zone = std::move(offset);
                i = j;
                continue;
            }
        }
        if (is_ascii_letter(c)) {
            std::size_t end = i;
            while (end < s.size() && is_ascii_letter(s[end])) ++end;
            const std::string_view word = s.substr(i, end - i);
            i = end;
            // "GMT+9", "UTC+09:00": a zone written as an offset from UTC.
            if ((word == "gmt" || word == "utc") && i < s.size() && (s[i] == '+' || s[i] == '-') && !zone) {
                std::size_t j = i;
                if (auto offset = read_offset(s, j)) {
                    zone = std::move(offset);
                    i = j;
                    continue;
                }
            }
            if (!zone) {
                bool is_zone = false;
                for (const auto& [name, offset] : markers.zones)
                    if (word == name) {
                        zone = offset;
                        is_zone = true;
                        break;
                    }
                if (is_zone) continue;
            }
            if (!month) month = month_of_word(word);
            continue;
        }
        ++i;
    }

    // The year is the number of four digits; the others are month and day in the order written.
    std::optional<std::size_t> year_at;
    for (std::size_t k = 0; k < numbers.size() && !year_at; ++k)
        if (numbers[k].digits == 4 && numbers[k].value >= 1970 && numbers[k].value <= 2100) year_at = k;
    if (!year_at) return std::nullopt;
    const int year = numbers[*year_at].value;
    std::vector<int> rest;
    for (std::size_t k = 0; k < numbers.size(); ++k)
        if (k != *year_at && numbers[k].digits <= 2) rest.push_back(numbers[k].value);
    int day = 0;
    if (month) {
        if (rest.empty()) return std::nullopt;
        day = rest.front();
    } else {
        if (rest.size() < 2) return std::nullopt;
        const bool year_first = *year_at == 0;
        if (year_first || rest[0] <= 12) {
            month = rest[0];
            day = rest[1];
        } else {
            day = rest[0];
            month = rest[1];
        }
    }
    if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
    int h = hour.value_or(0), m = minute.value_or(0), sec = second.value_or(0);
    if (h > 23 || m > 59 || sec > 60) return std::nullopt;
    bool pm = false, am = false;
    for (const auto& w : markers.pm_words) pm = pm || contains_word(s, w);
    for (const auto& w : markers.am_words) am = am || contains_word(s, w);
    if (pm && h < 12) h += 12;
    if (am && !pm && h == 12) h = 0;
    return fmt::format("{} {} {:04d} {:02d}:{:02d}:{:02d} {}", day, kMonthNames.substr(static_cast<std::size_t>(month - 1) * 3, 3), year, h,
                       m, sec, zone.value_or("-0000"));
}

} // namespace mikiwame::message

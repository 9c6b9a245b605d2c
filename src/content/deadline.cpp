// SPDX-License-Identifier: Apache-2.0
#include "content/deadline.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdlib>

#include "base/text.h"

namespace mikiwame::content {

namespace {

using Ranges = std::vector<std::pair<std::size_t, std::size_t>>;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_alnum(char c) { return is_digit(c) || is_ascii_alpha(c); }

// Latin-1 letters (ä, ç, ó) are two-byte UTF-8 sequences led by 0xC3.
bool is_word_byte(char c) {
    auto b = static_cast<unsigned char>(c);
    return is_ascii_alpha(c) || b == 0xC3 || (b >= 0x80 && b <= 0xBF);
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
    static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && is_leap(y)) return 29;
    return kDays[static_cast<std::size_t>(m - 1)];
}

bool valid_month_day(int m, int d) { return m >= 1 && m <= 12 && d >= 1 && d <= 31; }

// Year 0 stands for "year unknown" and is a leap year, so 2/29 stays valid until resolved.
bool valid_date(int y, int m, int d) { return valid_month_day(m, d) && d <= days_in_month(y, m); }

// Cue words (ContentWords::cues_*) make a nearby date a deadline: the words before a date
// within kCueNearBytes of it, the words after it (まで) likewise, the nouns and verbs anywhere
// within kCueWindowBytes.
constexpr std::size_t kCueWindowBytes = 60;
constexpr std::size_t kCueNearBytes = 24;

class Finder {
public:
    Finder(std::string_view text, const ContentWords& words, std::string_view language,
           std::optional<CivilDate> reference, const Ranges& cue_ranges)
        : text_(text), lower_(base::to_lower_ascii(text)), words_(words), language_(language), reference_(reference),
          cue_ranges_(cue_ranges) {}

    std::vector<Deadline> run() {
        find_day_words();
        find_first_year_eras();
        std::size_t i = 0;
        while (i < lower_.size() && out_.size() < kMaxDeadlines) {
            if (!is_digit(lower_[i]) || (i > 0 && is_digit(lower_[i - 1]))) {
                ++i;
                continue;
            }
            std::size_t next = at_number(i);
            i = std::max(next, i + 1);
        }
        std::sort(out_.begin(), out_.end(), [](const Deadline& a, const Deadline& b) { return a.begin < b.begin; });
        return std::move(out_);
    }

private:
    std::string_view text_;
    std::string lower_;
    const ContentWords& words_;
    std::string_view language_;
    std::optional<CivilDate> reference_;
    const Ranges& cue_ranges_;
    std::vector<Deadline> out_;

    int month_of(std::string_view word) const {
        if (!word.empty() && word.back() == '.') word.remove_suffix(1);
        return words_.month_of(word);
    }

    bool at(std::size_t pos, std::string_view s) const {
        return pos <= lower_.size() && std::string_view(lower_).substr(pos).starts_with(s);
    }
    std::size_t skip_spaces(std::size_t pos) const {
        while (pos < lower_.size() && lower_[pos] == ' ') ++pos;
        return pos;
    }
    // Digits at pos: value and end (value capped, at most 4 digits counted).
    bool read_number(std::size_t pos, int& value, std::size_t& end, std::size_t& digits) const {
        end = pos;
        value = 0;
        while (end < lower_.size() && is_digit(lower_[end])) {
            if (end - pos < 6) value = value * 10 + (lower_[end] - '0');
            ++end;
        }
        digits = end - pos;
        return digits > 0 && digits <= 4;
    }
    bool overlaps_found(std::size_t begin, std::size_t end) const {
        return std::any_of(out_.begin(), out_.end(), [&](const Deadline& d) { return begin < d.end && d.begin < end; });
    }
    std::string_view word_before(std::size_t pos) const {
        std::size_t e = pos;
        while (e > 0 && (lower_[e - 1] == ' ' || lower_[e - 1] == ',')) --e;
        std::size_t b = e;
        while (b > 0 && (is_word_byte(lower_[b - 1]) || lower_[b - 1] == '.')) --b;
        return std::string_view(lower_).substr(b, e - b);
    }
    std::size_t word_end(std::size_t pos) const {
        while (pos < lower_.size() && (is_word_byte(lower_[pos]) || lower_[pos] == '.')) ++pos;
        return pos;
    }

    // `allow_prepositions` is off for day words: "Until tomorrow," closes a letter.
    bool has_cue(std::size_t begin, std::size_t end, bool allow_prepositions = true) const {
        std::string_view all(lower_);
        std::size_t near_begin = begin > kCueNearBytes ? begin - kCueNearBytes : 0;
        std::string_view before = base::trim(all.substr(near_begin, begin - near_begin));
        while (!before.empty() && (before.back() == ':' || before.back() == ',')) before = base::trim(before.substr(0, before.size() - 1));
        for (std::string_view cue : words_.cues_before()) {
            if (!allow_prepositions) break;
            if (!before.ends_with(cue)) continue;
            std::size_t at_pos = before.size() - cue.size();
            if (at_pos == 0 || !is_ascii_alnum(before[at_pos - 1])) return true;
        }
        std::string_view after = all.substr(end, std::min(kCueNearBytes, all.size() - end));
        for (const auto& cue : words_.cues_after())
            if (after.find(cue) != std::string_view::npos) return true;
        std::size_t win_begin = begin > kCueWindowBytes ? begin - kCueWindowBytes : 0;
        std::size_t win_end = std::min(all.size(), end + kCueWindowBytes);
        std::string_view window = all.substr(win_begin, win_end - win_begin);
        for (std::string_view cue : words_.cues_near()) {
            // ASCII stems start a word ("locked", not "flocked"); Japanese has no spaces.
            bool needs_word_start = is_ascii_alpha(cue.front());
            for (std::size_t at_pos = window.find(cue); at_pos != std::string_view::npos;
                 at_pos = window.find(cue, at_pos + 1)) {
                std::size_t abs = win_begin + at_pos;
                if (!needs_word_start || abs == 0 || !is_word_byte(all[abs - 1])) return true;
            }
        }
        return std::any_of(cue_ranges_.begin(), cue_ranges_.end(),
                           [&](const auto& r) { return r.first < win_end && win_begin < r.second; });
    }

    void add_date(std::size_t begin, std::size_t end, int y, int m, int d, bool has_year) {
        if (has_year) {
            if (y < 1900 || y > 2200 || !valid_date(y, m, d)) return;
        } else {
            if (!valid_date(0, m, d)) return;
            y = resolve_year(m, d);
        }
        if (overlaps_found(begin, end)) return;
        Deadline dl;
        dl.kind = DeadlineKind::Date;
        dl.begin = begin;
        dl.end = end;
        dl.text = std::string(text_.substr(begin, end - begin));
        dl.date = {y, m, d};
        dl.has_year = has_year;
        dl.has_cue = has_cue(begin, end);
        out_.push_back(std::move(dl));
    }

    void add_relative(std::size_t begin, std::size_t end, int hours, bool cue) {
        if (overlaps_found(begin, end)) return;
        Deadline dl;
        dl.kind = DeadlineKind::Relative;
        dl.begin = begin;
        dl.end = end;
        dl.text = std::string(text_.substr(begin, end - begin));
        dl.hours = hours;
        dl.has_cue = cue;
        out_.push_back(std::move(dl));
    }

    // A year-less date is the one nearest to the sending date (11/11 in a mail of 30 December
    // is 11 November of that year; 1/2 in it is 2 January of the next).
    int resolve_year(int m, int d) const {
        if (!reference_) return 0;
        int best_year = 0;
        std::int64_t best = -1;
        const std::int64_t sent = days_from_civil(*reference_);
        for (int y = reference_->year - 1; y <= reference_->year + 1; ++y) {
            if (!valid_date(y, m, d)) continue;
            std::int64_t distance = std::llabs(days_from_civil({y, m, d}) - sent);
            if (best < 0 || distance < best) {
                best = distance;
                best_year = y;
            }
        }
        return best_year;
    }

    bool day_first() const { return words_.is_day_first(language_); }

    // Looks at the number starting at i; returns where scanning continues.
    std::size_t at_number(std::size_t i) {
        int v = 0;
        std::size_t j = 0, digits = 0;
        bool ok = read_number(i, v, j, digits);
        if (!ok) return j;
        std::size_t k = skip_spaces(j);
        if (at(k, "年")) return japanese_date(i, v, digits, k + 3);
        if (at(k, "月")) {
            std::size_t after = japanese_month_day(i, v, k + 3, 0, false);
            if (after) return after;
            return k + 3;
        }
        if (at(k, "時間以内") || at(k, "時間内") || at(k, "時間後")) {
            std::size_t end = at(k, "時間以内") ? k + 12 : k + 9;
            add_relative(i, end, v, true);
            return end;
        }
        if (at(k, "日以内") || at(k, "日間以内")) {
            std::size_t end = at(k, "日以内") ? k + 9 : k + 12;
            add_relative(i, end, v * 24, true);
            return end;
        }
        if (std::size_t end = numeric_date(i, v, j, digits)) return end;
        if (std::size_t end = western_named(i, v, j, digits)) return end;
        western_relative(i, v, k);
        return j;
    }

    std::size_t japanese_date(std::size_t i, int v, std::size_t digits, std::size_t after_year) {
        std::size_t begin = i;
        int year = v;
        std::string_view head = base::trim(std::string_view(lower_).substr(0, i));
        const auto head_end = static_cast<std::size_t>(head.data() - lower_.data()) + head.size();
        const auto era = std::find_if(words_.eras().begin(), words_.eras().end(),
                                      [&](const Era& e) { return head.ends_with(e.name); });
        if (era != words_.eras().end()) {
            year = era->first_year - 1 + v; // 令和1年 = 2019
            begin = head_end - era->name.size();
        } else if (digits != 4) {
            return after_year;
        }
        std::size_t end = japanese_month_day(begin, 0, skip_spaces(after_year), year, true);
        return end ? end : after_year;
    }

    // "M月D日" at pos (or, with a month already read, "D日" after 月); 0 when not a date.
    std::size_t japanese_month_day(std::size_t begin, int month, std::size_t pos, int year, bool has_year) {
        std::size_t end = 0, digits = 0;
        if (has_year) {
            if (!read_number(pos, month, end, digits) || digits > 2) return 0;
            pos = skip_spaces(end);
            if (!at(pos, "月")) return 0;
            pos = skip_spaces(pos + 3);
        } else {
            pos = skip_spaces(pos);
        }
        int day = 0;
        if (!read_number(pos, day, end, digits) || digits > 2) return 0;
        pos = skip_spaces(end);
        if (!at(pos, "日")) return 0;
        add_date(begin, pos + 3, year, month, day, has_year);
        return pos + 3;
    }

    // 2024/11/11, 2024-11-11, 2024.11.11, 11/11/2024, 11.11.2024, 11/11.
    std::size_t numeric_date(std::size_t i, int v1, std::size_t j, std::size_t d1) {
        if (j >= lower_.size()) return 0;
        char sep = lower_[j];
        if (sep != '/' && sep != '-' && sep != '.') return 0;
        // Paths, versions and times: a number glued to a slash, dot, colon or letter before it.
        if (i > 0 && (lower_[i - 1] == '/' || lower_[i - 1] == '.' || lower_[i - 1] == ':' ||
                      lower_[i - 1] == '-' || is_ascii_alnum(lower_[i - 1])))
            return 0;
        int v2 = 0, v3 = 0;
        std::size_t e2 = 0, e3 = 0, d2 = 0, d3 = 0;
        if (!read_number(j + 1, v2, e2, d2) || d2 > 2) return 0;
        bool has_third = e2 + 1 < lower_.size() && lower_[e2] == sep && read_number(e2 + 1, v3, e3, d3);
        std::size_t end = has_third ? e3 : e2;
        if (end < lower_.size() && (is_ascii_alnum(lower_[end]) || lower_[end] == '/' ||
                                    (lower_[end] == '.' && end + 1 < lower_.size() && is_digit(lower_[end + 1]))))
            return 0;
        if (has_third) {
            if (d1 == 4 && d3 <= 2) {
                add_date(i, end, v1, v2, v3, true);
                return end;
            }
            if (d1 <= 2 && d3 == 4 && sep != '-') {
                bool dm = day_first() || sep == '.' || !valid_month_day(v1, v2);
                if (dm && valid_month_day(v2, v1))
                    add_date(i, end, v3, v2, v1, true);
                else
                    add_date(i, end, v3, v1, v2, true);
                return end;
            }
            return 0;
        }
        // Two numbers: only with a slash ("11.11" and "3-4" are numbers, not dates).
        if (sep != '/' || d1 > 2) return 0;
        bool dm = day_first() || !valid_month_day(v1, v2);
        if (dm && valid_month_day(v2, v1))
            add_date(i, end, 0, v2, v1, false);
        else
            add_date(i, end, 0, v1, v2, false);
        return end;
    }

    // "November 11, 2024", "Nov 11", "11 November 2024", "11. November", "11 de novembro de 2024".
    std::size_t western_named(std::size_t i, int day, std::size_t j, std::size_t digits) {
        if (digits > 2 || day < 1 || day > 31) return 0;
        // Day after the month name.
        std::string_view before = word_before(i);
        if (int month = month_of(before)) {
            std::size_t begin = static_cast<std::size_t>(before.data() - lower_.data());
            if (begin > 0 && is_word_byte(lower_[begin - 1])) return 0;
            std::size_t end = j;
            int year = 0;
            bool has_year = read_year(j, year, end);
            add_date(begin, end, year, month, day, has_year);
            return end;
        }
        // Day before the month name.
        std::size_t p = j;
        if (p < lower_.size() && lower_[p] == '.') ++p;
        p = skip_spaces(p);
        if (at(p, "de ")) p = skip_spaces(p + 3);
        std::size_t we = word_end(p);
        if (we == p) return 0;
        int month = month_of(std::string_view(lower_).substr(p, we - p));
        if (!month) return 0;
        std::size_t end = we;
        if (end > p && lower_[end - 1] == '.') --end;
        int year = 0;
        bool has_year = read_year(end, year, end);
        add_date(i, end, year, month, day, has_year);
        return end;
    }

    // ", 2024", " 2024", " de 2024" after a day and month.
    bool read_year(std::size_t pos, int& year, std::size_t& end) const {
        std::size_t p = pos;
        if (p < lower_.size() && lower_[p] == ',') ++p;
        p = skip_spaces(p);
        if (at(p, "de ")) p = skip_spaces(p + 3);
        std::size_t e = 0, digits = 0;
        if (p >= lower_.size() || !is_digit(lower_[p]) || !read_number(p, year, e, digits) || digits != 4) return false;
        if (e < lower_.size() && is_ascii_alnum(lower_[e])) return false;
        end = e;
        return true;
    }

    // "within 24 hours", "em 24 horas", "innerhalb von 24 Stunden", "binnen 48 uur", "24h".
    void western_relative(std::size_t i, int v, std::size_t k) {
        std::size_t we = k;
        while (we < lower_.size() && is_word_byte(lower_[we])) ++we;
        std::string_view word = std::string_view(lower_).substr(k, we - k);
        const int unit_hours = words_.unit_hours(word);
        if (unit_hours == 0) return;
        std::string_view head = std::string_view(lower_).substr(0, i);
        while (!head.empty() && (head.back() == ' ' || head.back() == '(')) head.remove_suffix(1);
        for (std::string_view lead : words_.relative_leads()) {
            if (!head.ends_with(lead)) continue;
            std::size_t lead_begin = head.size() - lead.size();
            if (lead_begin > 0 && is_word_byte(head[lead_begin - 1])) continue;
            add_relative(lead_begin, we, v * unit_hours, true);
            return;
        }
    }

    void find_day_words() {
        for (int pass = 0; pass < 2; ++pass) {
            for (const DayWord& w : words_.day_words()) {
                if (w.is_deadline_by_itself != (pass == 0)) continue;
                std::size_t pos = 0;
                while ((pos = lower_.find(w.word, pos)) != std::string::npos && out_.size() < kMaxDeadlines) {
                    std::size_t end = pos + w.word.size();
                    bool ascii_word = is_ascii_alpha(w.word.front());
                    bool bounded = !ascii_word || ((pos == 0 || !is_word_byte(lower_[pos - 1])) &&
                                                   (end >= lower_.size() || !is_word_byte(lower_[end])));
                    if (bounded && !overlaps_found(pos, end))
                        add_relative(pos, end, w.hours, w.is_deadline_by_itself || has_cue(pos, end, false));
                    pos = end;
                }
            }
        }
    }

    // 令和元年11月11日: the first year of an era is written 元 instead of 1.
    void find_first_year_eras() {
        for (const Era& e : words_.eras()) {
            const std::string era = e.name + "元年";
            const int base_year = e.first_year;
            std::size_t pos = 0;
            while ((pos = lower_.find(era, pos)) != std::string::npos && out_.size() < kMaxDeadlines) {
                japanese_month_day(pos, 0, skip_spaces(pos + era.size()), base_year, true);
                pos += era.size();
            }
        }
    }
};

} // namespace

std::int64_t days_from_civil(const CivilDate& date) {
    // The proleptic Gregorian calendar in 400-year eras starting on 1 March, so that the
    // leap day is the last day of a year.
    std::int64_t y = date.year - (date.month <= 2 ? 1 : 0);
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t year_of_era = y - era * 400;
    const std::int64_t m = date.month;
    const std::int64_t day_of_year = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + date.day - 1;
    const std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

CivilDate civil_from_days(std::int64_t days) {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const std::int64_t day_of_era = days - era * 146097;
    const std::int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const std::int64_t mp = (5 * day_of_year + 2) / 153;
    const std::int64_t d = day_of_year - (153 * mp + 2) / 5 + 1;
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = year_of_era + era * 400 + (m <= 2 ? 1 : 0);
    return {static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

CivilDate local_date(std::int64_t utc_seconds, int offset_minutes) {
    std::int64_t local = utc_seconds + static_cast<std::int64_t>(offset_minutes) * 60;
    std::int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    return civil_from_days(days);
}

std::string to_string(const CivilDate& date) {
    return fmt::format("{:04}-{:02}-{:02}", date.year, date.month, date.day);
}

std::vector<Deadline> find_deadlines(std::string_view text, const ContentWords& words, std::string_view language,
                                     std::optional<CivilDate> reference, const Ranges& cue_ranges) {
    return Finder(text, words, language, reference, cue_ranges).run();
}

bool is_pressing(const Deadline& d, std::optional<CivilDate> sent) {
    if (!d.has_cue) return false;
    if (d.kind == DeadlineKind::Relative) return d.hours >= 0 && d.hours <= kMaxRelativeHours;
    if (!sent || d.date.year == 0) return false;
    std::int64_t diff = days_from_civil(d.date) - days_from_civil(*sent);
    return diff >= -kDaysBefore && diff <= kDaysAfter;
}

} // namespace mikiwame::content

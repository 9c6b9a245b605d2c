// SPDX-License-Identifier: Apache-2.0
// Deadlines in mail text: Japanese dates (2024年11月11日, 令和6年11月11日, 11月11日), Western
// dates (2024/11/11, 11/11, 11.11.2024, November 11, 2024, 11 de novembro), same-day words
// (本日中, today) and relative deadlines (24時間以内, within 48 hours, binnen 24 uur), each with
// whether a deadline word stands next to it. Compared with the Date header by is_pressing().
// Pure functions on normalised text (normalize_for_scan); linear, bounded, thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "content/content_words.h"

namespace mikiwame::content {

struct CivilDate {
    int year = 1970;
    int month = 1; // 1..12
    int day = 1;   // 1..31
    friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

// Days since 1970-01-01 of a proleptic Gregorian date (negative before).
std::int64_t days_from_civil(const CivilDate& date);
CivilDate civil_from_days(std::int64_t days);
// The sender's local calendar date of a Date header: UTC seconds shifted by its zone offset.
CivilDate local_date(std::int64_t utc_seconds, int offset_minutes);
// "2024-11-11"
std::string to_string(const CivilDate& date);

enum class DeadlineKind { Date, Relative };

struct Deadline {
    DeadlineKind kind = DeadlineKind::Date;
    std::size_t begin = 0;  // byte range of the expression in the scanned text
    std::size_t end = 0;
    std::string text;       // the expression as written
    CivilDate date;         // kind Date: the date, its year inferred when not written
    bool has_year = false;  // kind Date: the year was written
    int hours = 0;          // kind Relative: hours from sending (0 for "today")
    bool has_cue = false;   // a deadline word is next to it, or it is one by itself (本日中)
};

// Every date and relative deadline in `text`. `words` (PhraseCatalog::words) supply month
// names, eras, cue words, units and day words of every language. `reference` (the local
// sending date) resolves dates written without a year to the nearest such date; without it
// the current year of the reference is unknown and such dates take year 0. `language` ("en",
// "pt", …) decides between month/day and day/month for 11/12 (words.<lang>.toml
// numeric_dates). `cue_ranges` are extra deadline-word ranges (matches of the deadline phrase
// list). At most kMaxDeadlines results.
[[nodiscard]] std::vector<Deadline> find_deadlines(std::string_view text, const ContentWords& words,
                                                   std::string_view language,
                                                   std::optional<CivilDate> reference,
                                                   const std::vector<std::pair<std::size_t, std::size_t>>& cue_ranges = {});

// True when `d` presses the reader: a relative deadline of at most kMaxRelativeHours, or a
// dated deadline with a cue from kDaysBefore days before to kDaysAfter day after `sent`.
// Dated deadlines need `sent`.
[[nodiscard]] bool is_pressing(const Deadline& d, std::optional<CivilDate> sent);

constexpr std::size_t kMaxDeadlines = 256;
constexpr int kMaxRelativeHours = 48;
constexpr int kDaysBefore = 3;
constexpr int kDaysAfter = 1;

} // namespace mikiwame::content

// SPDX-License-Identifier: Apache-2.0
// Mail date reading: scans alphanumeric runs and classifies each (month name, day, year,
// time, zone) instead of insisting on the RFC 5322 order, because MTAs reorder them.
#include "headers/mail_date.h"

#include "mikiwame/mail_date.h"

#include <array>
#include <cctype>
#include <string>

#include "base/text.h"

namespace mikiwame::headers {
namespace {

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

int month_index(std::string_view word) {
    static constexpr std::array<std::string_view, 12> kMonths{
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    if (word.size() < 3) return -1;
    for (std::size_t i = 0; i < kMonths.size(); ++i)
        if (base::istarts_with_ascii(word, kMonths[i])) return static_cast<int>(i) + 1;
    return -1;
}

// RFC 5322 §4.3 obsolete zone names, in minutes east of UTC.
std::optional<int> zone_minutes(std::string_view word) {
    static constexpr std::array<std::pair<std::string_view, int>, 11> kZones{{
        {"ut", 0}, {"utc", 0}, {"gmt", 0}, {"z", 0}, {"edt", -240}, {"est", -300},
        {"cdt", -300}, {"cst", -360}, {"mdt", -360}, {"mst", -420}, {"pdt", -420}}};
    for (const auto& [name, minutes] : kZones)
        if (base::iequals_ascii(word, name)) return minutes;
    if (base::iequals_ascii(word, "pst")) return -480;
    if (base::iequals_ascii(word, "jst")) return 540;
    return std::nullopt;
}

// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

int to_int(std::string_view digits) {
    int v = 0;
    for (char c : digits.substr(0, 9)) v = v * 10 + (c - '0');
    return v;
}

} // namespace

std::optional<std::int64_t> parse_mail_date(std::string_view text) {
    int day = -1, month = -1, year = -1, hour = -1, minute = -1, second = 0;
    int zone = 0;
    bool have_zone = false;
    std::size_t i = 0;
    const std::size_t n = std::min<std::size_t>(text.size(), 256);
    int comment_depth = 0;
    while (i < n) {
        char c = text[i];
        // Comments ("(version=TLSv1 …)", "(CEST)") carry digits that are not the date.
        if (c == '(' || (comment_depth > 0 && c != ')')) {
            comment_depth += c == '(';
            ++i;
            continue;
        }
        if (c == ')') {
            comment_depth = comment_depth > 0 ? comment_depth - 1 : 0;
            ++i;
            continue;
        }
        if ((c == '+' || c == '-') && i + 4 < n + 0 && is_digit(text[i + 1])) {
            std::size_t j = i + 1;
            while (j < n && is_digit(text[j])) ++j;
            if (j - i - 1 == 4 && !have_zone && hour >= 0) {
                int hhmm = to_int(text.substr(i + 1, 4));
                zone = (hhmm / 100) * 60 + hhmm % 100;
                if (c == '-') zone = -zone;
                have_zone = true;
            }
            i = j;
        } else if (is_digit(c)) {
            std::size_t j = i;
            while (j < n && is_digit(text[j])) ++j;
            std::string_view digits = text.substr(i, j - i);
            if (j < n && text[j] == ':' && hour < 0) {
                // hh:mm[:ss]
                hour = to_int(digits);
                std::size_t k = j + 1, start = k;
                while (k < n && is_digit(text[k])) ++k;
                minute = k > start ? to_int(text.substr(start, k - start)) : -1;
                if (k < n && text[k] == ':') {
                    std::size_t s0 = ++k;
                    while (k < n && is_digit(text[k])) ++k;
                    second = k > s0 ? to_int(text.substr(s0, k - s0)) : 0;
                }
                if (k < n && text[k] == '.') // fractional seconds
                    while (++k < n && is_digit(text[k])) {}
                i = k;
                continue;
            }
            if (digits.size() == 4 && year < 0) year = to_int(digits);
            else if (digits.size() <= 2 && day < 0) day = to_int(digits);
            else if (digits.size() <= 2 && year < 0 && month > 0) {
                // RFC 5322 §4.3: two-digit years, 00-49 → 2000s, 50-99 → 1900s.
                int yy = to_int(digits);
                year = yy < 50 ? 2000 + yy : 1900 + yy;
            }
            i = j;
        } else if (is_alpha(c)) {
            std::size_t j = i;
            while (j < n && is_alpha(text[j])) ++j;
            std::string_view word = text.substr(i, j - i);
            if (month < 0 && word.size() >= 3 && month_index(word) > 0) month = month_index(word);
            else if (!have_zone && hour >= 0)
                if (auto z = zone_minutes(word)) {
                    zone = *z;
                    have_zone = true;
                }
            i = j;
        } else {
            ++i;
        }
    }
    if (day < 1 || day > 31 || month < 1 || year < 1970 || year > 9999 || hour < 0 || hour > 23 ||
        minute < 0 || minute > 59 || second > 60)
        return std::nullopt;
    std::int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    return days * 86400 + hour * 3600 + minute * 60 + second - static_cast<std::int64_t>(zone) * 60;
}

} // namespace mikiwame::headers

namespace mikiwame {

std::optional<std::int64_t> mail_date_epoch(std::string_view text) { return headers::parse_mail_date(text); }

} // namespace mikiwame

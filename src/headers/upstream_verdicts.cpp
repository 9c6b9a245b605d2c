// SPDX-License-Identifier: Apache-2.0
// Upstream verdict reading. Tag and header lists live here, in one place, until they move to
// data/lists/spam_tags.txt with the catalogue. Stamps are read wherever they are: a sender
// gains nothing by calling its own mail spam, so no trust boundary is needed.
#include "headers/upstream_verdicts.h"

#include <array>
#include <charconv>
#include <cstdlib>
#include <optional>

#include "base/text.h"

namespace mikiwame::headers {
namespace {

constexpr double kSpamScoreThreshold = 5.0; // SpamAssassin's default required_score
constexpr int kSclSpam = 5;                 // Microsoft: SCL 5-6 spam, 9 high confidence
constexpr int kBclHigh = 7;                 // Microsoft's default high bulk complaint level

std::optional<double> leading_number(std::string_view s) {
    s = base::trim(s);
    std::size_t end = 0;
    while (end < s.size() && (std::isdigit(static_cast<unsigned char>(s[end])) || s[end] == '.' ||
                              (end == 0 && (s[end] == '-' || s[end] == '+'))))
        ++end;
    if (end == 0) return std::nullopt;
    std::string digits(s.substr(0, end));
    char* stop = nullptr;
    double v = std::strtod(digits.c_str(), &stop);
    if (stop == digits.c_str()) return std::nullopt;
    return v;
}

// Value of "KEY:value" inside a ';'-separated Microsoft report ("…;SFV:SPM;SCL:5;…").
std::optional<std::string_view> report_value(std::string_view report, std::string_view key) {
    for (auto part : base::split(report, ';')) {
        part = base::trim(part);
        if (part.size() > key.size() && base::istarts_with_ascii(part, key) && part[key.size()] == ':')
            return base::trim(part.substr(key.size() + 1));
    }
    return std::nullopt;
}

std::string stamp(const message::Header& h) {
    std::string v = base::collapse_whitespace(h.value);
    if (v.size() > 200) v = std::string(base::truncate_utf8(v, 200)) + "…";
    return h.name + ": " + v;
}

bool says_spam(const message::Header& h) {
    std::string_view name = h.name;
    std::string_view value = base::trim(h.value);
    auto is = [&](std::string_view n) { return base::iequals_ascii(name, n); };
    if (is("X-Spam-Flag") || is("X-Spam") || is("X-Barracuda-Spam-Flag"))
        return base::istarts_with_ascii(value, "yes") || base::istarts_with_ascii(value, "true") ||
               base::iequals_ascii(value, "spam") || base::iequals_ascii(value, "high");
    if (is("X-Spam-Status") || is("X-Barracuda-Spam-Status") || is("X-Spamd-Result"))
        return base::istarts_with_ascii(value, "yes") || base::icontains_ascii(value.substr(0, 64), "true [");
    if (is("X-Spam-Score") || is("X-Rspamd-Score") || is("X-Spamscore")) {
        auto v = leading_number(value);
        return v && *v >= kSpamScoreThreshold;
    }
    if (is("X-Spam-Level")) return value.find("*****") != std::string_view::npos;
    if (is("X-Rspamd-Action"))
        return base::iequals_ascii(value, "reject") || base::iequals_ascii(value, "add header") ||
               base::iequals_ascii(value, "rewrite subject") || base::iequals_ascii(value, "soft reject");
    if (is("X-MS-Exchange-Organization-SCL")) {
        auto v = leading_number(value);
        return v && *v >= kSclSpam;
    }
    if (is("X-Forefront-Antispam-Report") || is("X-Forefront-Antispam-Report-Untrusted")) {
        if (auto sfv = report_value(value, "SFV"); sfv && (*sfv == "SPM" || *sfv == "BLK")) return true;
        if (auto cat = report_value(value, "CAT"))
            for (std::string_view c : {"SPM", "HSPM", "PHSH", "HPHSH", "HPHISH", "SPOOF", "MALW"})
                if (*cat == c) return true;
        if (auto scl = report_value(value, "SCL")) {
            auto v = leading_number(*scl);
            return v && *v >= kSclSpam;
        }
        return false;
    }
    if (is("X-Microsoft-Antispam")) {
        if (auto bcl = report_value(value, "BCL")) {
            auto v = leading_number(*bcl);
            return v && *v >= kBclHigh;
        }
        return false;
    }
    // Google's stamps in exported mailboxes; Yahoo's bulk-folder marker.
    if (is("X-Gm-Spam") || is("X-Gm-Phishy")) return base::trim(value) == "1";
    if (is("X-YahooFilteredBulk")) return !value.empty();
    return false;
}

} // namespace

UpstreamVerdicts read_upstream_verdicts(const message::Message& msg) {
    UpstreamVerdicts out;
    for (const auto& h : msg.headers)
        if (says_spam(h)) out.spam_flags.push_back(stamp(h));
    return out;
}

} // namespace mikiwame::headers

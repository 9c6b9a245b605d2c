// SPDX-License-Identifier: Apache-2.0
#include "mail_headers.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace mikiwame::milter {

namespace {

constexpr std::string_view kOwnPrefix = "x-mikiwame-";
// RFC 2047 §2: an encoded word is at most 75 characters; "=?UTF-8?B?" and "?=" take 12, which
// leaves 63 for base64, i.e. 45 bytes of text (60 characters).
constexpr std::size_t kWordTextBytes = 45;
constexpr std::size_t kLineColumns = 78; // RFC 5322 §2.1.1 SHOULD
constexpr std::size_t kTopReasons = 3;

bool is_ascii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Structural UTF-8 check (RFC 3629 lead and continuation bytes); enough to decide whether a
// raw 8-bit subject may get a raw UTF-8 tag next to it.
bool is_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || i + len > s.size()) return false;
        for (std::size_t k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
        i += len;
    }
    return true;
}

std::string base64(std::string_view in) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= in.size(); i += 3) {
        const unsigned v = static_cast<unsigned>(static_cast<unsigned char>(in[i])) << 16 |
                           static_cast<unsigned>(static_cast<unsigned char>(in[i + 1])) << 8 |
                           static_cast<unsigned char>(in[i + 2]);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    if (const std::size_t rest = in.size() - i; rest > 0) {
        unsigned v = static_cast<unsigned>(static_cast<unsigned char>(in[i])) << 16;
        if (rest == 2) v |= static_cast<unsigned>(static_cast<unsigned char>(in[i + 1])) << 8;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

// Header values must not carry a line break of their own (a report summary never should, but
// evidence quotes mail text).
std::string one_line(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) out += (c == '\r' || c == '\n' || c == '\t') ? ' ' : c;
    return out;
}

const Finding* find(const Report& report, std::string_view id) {
    for (const auto& f : report.findings)
        if (f.id == id) return &f;
    return nullptr;
}

// A value that is ASCII is folded; anything else becomes encoded words.
std::string header_text(std::string_view name, std::string_view text) {
    return is_ascii(text) ? fold_value(name, text) : encode_words(text);
}

} // namespace

bool is_mikiwame_header(std::string_view name) noexcept {
    if (name.size() < kOwnPrefix.size()) return false;
    for (std::size_t i = 0; i < kOwnPrefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(name[i])) != kOwnPrefix[i]) return false;
    return true;
}

std::string encode_words(std::string_view utf8) {
    std::string out;
    std::size_t i = 0;
    while (i < utf8.size()) {
        std::size_t end = std::min(utf8.size(), i + kWordTextBytes);
        // Back off to a character boundary: never split a multi-byte sequence (RFC 2047 §5).
        while (end < utf8.size() && end > i + 1 && (static_cast<unsigned char>(utf8[end]) & 0xC0) == 0x80) --end;
        if (!out.empty()) out += "\n ";
        out += "=?UTF-8?B?" + base64(utf8.substr(i, end - i)) + "?=";
        i = end;
    }
    return out;
}

std::string tag_subject(std::string_view raw_subject, std::string_view tag) {
    if (tag.empty()) return std::string(raw_subject);
    if (raw_subject.empty()) return is_ascii(tag) ? std::string(tag) : encode_words(tag);
    if (is_ascii(tag)) return std::string(tag) + " " + std::string(raw_subject);
    // A raw 8-bit subject (sent without RFC 2047) that is UTF-8: the tag joins it as raw UTF-8,
    // as the reader will decode the whole line the same way.
    if (!is_ascii(raw_subject) && is_utf8(raw_subject)) return std::string(tag) + " " + std::string(raw_subject);
    const std::size_t first = raw_subject.find_first_not_of(" \t");
    const bool starts_encoded = first != std::string_view::npos && raw_subject.substr(first).rfind("=?", 0) == 0;
    if (starts_encoded) return encode_words(std::string(tag) + " ") + " " + std::string(raw_subject);
    return encode_words(tag) + " " + std::string(raw_subject);
}

std::string fold_value(std::string_view name, std::string_view value) {
    std::string out;
    std::size_t column = name.size() + 2; // "Name: "
    std::size_t i = 0;
    while (i < value.size()) {
        std::size_t space = value.find(' ', i + 1);
        const std::size_t word_end = space == std::string_view::npos ? value.size() : space;
        const std::string_view word = value.substr(i, word_end - i); // starts with its space, except the first
        if (!out.empty() && column + word.size() > kLineColumns && word.front() == ' ') {
            out += '\n';
            column = 0;
        }
        out += word;
        column += word.size();
        i = word_end;
    }
    return out;
}

std::string format_score(double score) {
    return fmt::format("{:.1f}", score);
}

std::vector<HeaderField> verdict_headers(const Report& report, std::string_view authserv_id) {
    std::vector<HeaderField> out;
    const std::string verdict = to_string(report.verdict);
    out.push_back({"X-Mikiwame-Verdict", verdict});
    out.push_back({"X-Mikiwame-Score", format_score(report.score)});

    std::string ids;
    for (const auto& f : report.findings) ids += (ids.empty() ? "" : ", ") + f.id;
    out.push_back({"X-Mikiwame-Findings", ids.empty() ? std::string("none") : fold_value("X-Mikiwame-Findings", ids)});

    // "<verdict> (score S, claims Brand): reason; reason; reason", in English: the line has to
    // be readable by every site, and its ids are in X-Mikiwame-Findings for machines.
    std::string line = fmt::format("{} (score {}", verdict, format_score(report.score));
    if (!report.brands.empty()) line += ", claims " + report.brands.front().name;
    line += ")";
    std::string reasons;
    std::size_t count = 0;
    for (const auto& id : report.top_reasons) {
        if (count == kTopReasons) break;
        const Finding* f = find(report, id);
        const std::string& summary = f && !f->summary.en.empty() ? f->summary.en : id;
        reasons += (reasons.empty() ? "" : "; ") + summary;
        ++count;
    }
    line += reasons.empty() ? ": no finding" : ": " + reasons;
    out.push_back({"X-Mikiwame-Report", header_text("X-Mikiwame-Report", one_line(line))});

    // RFC 8601 syntax for what the engine read: methods with no trusted result are left out.
    std::string results;
    const std::array<std::pair<const char*, const std::optional<AuthResult>*>, 3> methods = {
        {{"spf", &report.auth.spf}, {"dkim", &report.auth.dkim}, {"dmarc", &report.auth.dmarc}}};
    for (const auto& [method, result] : methods)
        if (*result) results += fmt::format("; {}={}", method, to_string(**result));
    const std::string id = authserv_id.empty() ? std::string("mikiwame") : one_line(authserv_id);
    const char* how = report.auth.source == "verified" ? "(verified by mikiwame)"
                                                       : "(as read by mikiwame from the message's own headers)";
    std::string ar = results.empty() ? id + "; none " + how : id + results + " " + how;
    out.push_back({"X-Mikiwame-Authentication-Results", fold_value("X-Mikiwame-Authentication-Results", ar)});
    return out;
}

} // namespace mikiwame::milter

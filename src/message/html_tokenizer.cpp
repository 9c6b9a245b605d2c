// SPDX-License-Identifier: Apache-2.0
#include "message/html_tokenizer.h"

#include <libxml/HTMLparser.h>

#include <array>
#include <cstdint>
#include <cstring>

#include "base/text.h"

namespace mikiwame::message::html {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_alnum(char c) {
    return is_alpha(c) || (c >= '0' && c <= '9');
}

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Numeric references to C1 controls name the windows-1252 characters at those bytes
// (WHATWG "numeric character reference end state"); 0 means the code point stays.
constexpr std::array<std::uint16_t, 32> kC1Replacements = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

// A named reference's code point: libxml2's table of the HTML 4 entities, and &apos;.
std::uint32_t lookup_entity(std::string_view name) {
    if (name == "apos") return 0x27;
    char buffer[40];
    if (name.size() >= sizeof buffer) return 0;
    std::memcpy(buffer, name.data(), name.size());
    buffer[name.size()] = '\0';
    const htmlEntityDesc* entity = htmlEntityLookup(reinterpret_cast<const xmlChar*>(buffer));
    return entity ? entity->value : 0;
}

// Names a browser decodes without the semicolon (the Latin-1 entities of HTML 3.2 and the
// four markup ones): everything in libxml2's table below U+0100.
bool is_legacy_entity(std::string_view name, std::uint32_t cp) {
    return cp < 0x100 || name == "amp" || name == "lt" || name == "gt" || name == "quot";
}

} // namespace

std::size_t decode_reference(std::string_view s, std::size_t at, bool in_attribute, std::string& out) {
    std::size_t i = at + 1;
    if (i >= s.size()) return 0;
    if (s[i] == '#') {
        ++i;
        const bool hex = i < s.size() && (s[i] == 'x' || s[i] == 'X');
        if (hex) ++i;
        const std::size_t digits_start = i;
        std::uint32_t cp = 0;
        bool overflow = false;
        for (; i < s.size(); ++i) {
            const char c = s[i];
            unsigned digit;
            if (c >= '0' && c <= '9') digit = static_cast<unsigned>(c - '0');
            else if (hex && c >= 'a' && c <= 'f') digit = static_cast<unsigned>(c - 'a' + 10);
            else if (hex && c >= 'A' && c <= 'F') digit = static_cast<unsigned>(c - 'A' + 10);
            else break;
            if (cp > 0x10FFFF) overflow = true;
            else cp = cp * (hex ? 16 : 10) + digit;
        }
        if (i == digits_start) return 0; // "&#" or "&#x" without digits stays as written
        if (i < s.size() && s[i] == ';') ++i;
        if (overflow || cp > 0x10FFFF || cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
        else if (cp >= 0x80 && cp <= 0x9F && kC1Replacements[cp - 0x80]) cp = kC1Replacements[cp - 0x80];
        base::append_utf8(out, static_cast<char32_t>(cp));
        return i - at;
    }
    std::size_t end = i;
    while (end < s.size() && end - i < 32 && is_alnum(s[end])) ++end;
    if (end == i) return 0;
    const std::string_view name = s.substr(i, end - i);
    if (end < s.size() && s[end] == ';') {
        if (std::uint32_t cp = lookup_entity(name)) {
            base::append_utf8(out, static_cast<char32_t>(cp));
            return end + 1 - at;
        }
    }
    // Without a semicolon: the longest legacy name the text starts with ("&copy2024" is ©2024).
    for (std::size_t length = name.size(); length >= 2; --length) {
        const std::string_view prefix = name.substr(0, length);
        const std::uint32_t cp = lookup_entity(prefix);
        if (!cp || !is_legacy_entity(prefix, cp)) continue;
        const std::size_t after = i + length;
        // In an attribute value "&copy=1" and "&copyx" are a query string's text, not ©.
        if (in_attribute && after < s.size() && (s[after] == '=' || is_alnum(s[after]))) return 0;
        base::append_utf8(out, static_cast<char32_t>(cp));
        return after - at;
    }
    return 0;
}

bool Tokenizer::flush_text() {
    if (text_.empty()) return true;
    const bool go_on = sink_.text(text_);
    text_.clear();
    return go_on;
}

std::size_t Tokenizer::read_tag(std::string_view html, std::size_t at, bool is_end, bool& keep_going) {
    std::size_t i = at;
    name_.clear();
    while (i < html.size() && !is_space(html[i]) && html[i] != '/' && html[i] != '>') name_ += lower(html[i++]);
    values_.clear();
    value_spans_.clear();
    names_.clear();
    bool self_closing = false;
    for (;;) {
        while (i < html.size() && (is_space(html[i]) || html[i] == '/')) {
            self_closing = html[i] == '/';
            ++i;
        }
        if (i >= html.size()) return std::string_view::npos; // a tag cut by the end is dropped
        if (html[i] == '>') {
            ++i;
            break;
        }
        self_closing = false;
        std::string attribute_name;
        // The first character of a name may be '=' ("<a =x>"); after it, '=' starts the value.
        do attribute_name += lower(html[i++]);
        while (i < html.size() && !is_space(html[i]) && html[i] != '/' && html[i] != '>' && html[i] != '=');
        while (i < html.size() && is_space(html[i])) ++i;
        const std::size_t value_start = values_.size();
        if (i < html.size() && html[i] == '=') {
            ++i;
            while (i < html.size() && is_space(html[i])) ++i;
            if (i >= html.size()) return std::string_view::npos;
            const char quote = html[i];
            auto take = [&](auto stop) {
                while (i < html.size() && !stop(html[i])) {
                    if (html[i] == '&') {
                        if (std::size_t used = decode_reference(html, i, true, values_)) {
                            i += used;
                            continue;
                        }
                    }
                    values_ += html[i++];
                }
            };
            if (quote == '"' || quote == '\'') {
                ++i;
                take([quote](char c) { return c == quote; });
                if (i >= html.size()) return std::string_view::npos;
                ++i;
            } else {
                take([](char c) { return is_space(c) || c == '>'; });
            }
        }
        names_.push_back(std::move(attribute_name));
        value_spans_.emplace_back(value_start, values_.size() - value_start);
    }
    if (is_end) {
        keep_going = sink_.end_tag(name_);
        return i;
    }
    attributes_.clear();
    for (std::size_t k = 0; k < names_.size(); ++k)
        attributes_.push_back({names_[k], std::string_view(values_).substr(value_spans_[k].first, value_spans_[k].second)});
    StartTag tag{name_, attributes_, self_closing};
    keep_going = sink_.start_tag(tag);
    return i;
}

std::size_t Tokenizer::skip_raw_text(std::string_view html, std::size_t at, std::string_view name, bool decode, bool& keep_going) {
    // The end is "</name" followed by a space, '/' or '>' (any case).
    std::size_t end = at;
    for (;;) {
        end = html.find("</", end);
        if (end == std::string_view::npos) break;
        const std::size_t after = end + 2 + name.size();
        bool same = after <= html.size();
        for (std::size_t k = 0; same && k < name.size(); ++k) same = lower(html[end + 2 + k]) == name[k];
        if (same && (after == html.size() || is_space(html[after]) || html[after] == '/' || html[after] == '>')) break;
        end += 2;
    }
    const std::string_view raw = html.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
    if (decode) {
        for (std::size_t i = 0; i < raw.size();) {
            if (raw[i] == '&')
                if (std::size_t used = decode_reference(raw, i, false, text_)) {
                    i += used;
                    continue;
                }
            text_ += raw[i++];
        }
    } else {
        text_.append(raw);
    }
    keep_going = flush_text();
    return end == std::string_view::npos ? html.size() : end;
}

void Tokenizer::run(std::string_view html) {
    std::size_t i = 0;
    bool keep_going = true;
    while (i < html.size() && keep_going) {
        const char c = html[i];
        if (c == '&') {
            if (std::size_t used = decode_reference(html, i, false, text_)) {
                i += used;
                continue;
            }
            text_ += c;
            ++i;
            continue;
        }
        if (c != '<' || i + 1 >= html.size()) {
            // Plain text up to the next markup or reference, appended in one piece.
            std::size_t next = i + 1;
            while (next < html.size() && html[next] != '<' && html[next] != '&') ++next;
            text_.append(html.substr(i, next - i));
            i = next;
            continue;
        }
        const char n = html[i + 1];
        if (is_alpha(n) || n == '/') {
            const bool is_end = n == '/';
            const std::size_t name_at = i + (is_end ? 2 : 1);
            if (is_end && (name_at >= html.size() || !is_alpha(html[name_at]))) {
                if (!flush_text()) return;
                if (name_at < html.size() && html[name_at] == '>') { // "</>" is nothing
                    i = name_at + 1;
                    continue;
                }
                const std::size_t close = html.find('>', name_at); // "</3" … is a bogus comment
                keep_going = sink_.comment();
                i = close == std::string_view::npos ? html.size() : close + 1;
                continue;
            }
            if (!flush_text()) return;
            const std::size_t after = read_tag(html, name_at, is_end, keep_going);
            if (after == std::string_view::npos) return;
            i = after;
            if (is_end || !keep_going || foreign_) continue;
            // What follows some start tags is text up to their end tag.
            const std::string name = name_;
            if (name == "script" || name == "style" || name == "xmp" || name == "iframe" || name == "noembed" || name == "noframes")
                i = skip_raw_text(html, i, name, false, keep_going);
            else if (name == "title" || name == "textarea")
                i = skip_raw_text(html, i, name, true, keep_going);
            else if (name == "plaintext") {
                text_.append(html.substr(i));
                keep_going = flush_text();
                i = html.size();
            }
            continue;
        }
        if (n == '!' || n == '?') {
            if (!flush_text()) return;
            std::size_t close;
            if (html.substr(i, 4) == "<!--") {
                const std::size_t body = i + 4;
                if (html.substr(body, 1) == ">") close = body; // "<!-->"
                else if (html.substr(body, 2) == "->") close = body + 1; // "<!--->"
                else {
                    close = html.find("-->", body);
                    const std::size_t bang = html.find("--!>", body);
                    if (bang != std::string_view::npos && (close == std::string_view::npos || bang < close)) close = bang + 3;
                    else if (close != std::string_view::npos) close += 2;
                }
            } else {
                close = html.find('>', i + 2); // DOCTYPE, CDATA, processing instructions: skipped
            }
            keep_going = sink_.comment();
            i = close == std::string_view::npos ? html.size() : close + 1;
            continue;
        }
        text_ += c; // '<' not starting markup is text
        ++i;
    }
    if (keep_going) flush_text();
}

} // namespace mikiwame::message::html

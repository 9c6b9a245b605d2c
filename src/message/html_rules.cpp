// SPDX-License-Identifier: Apache-2.0
#include "message/html_rules.h"

#include <array>
#include <cctype>

#include <fmt/format.h>

#include "base/text.h"

namespace mikiwame::message::html {

namespace {

// Elements whose end tag the HTML parser implies: they do not nest when left open, so they
// do not count towards the nesting estimate.
constexpr std::array<std::string_view, 30> kNonNesting = {
    "br", "img", "input", "meta", "link", "hr", "area", "base", "col", "embed", "param",
    "source", "track", "wbr", "p", "li", "td", "th", "tr", "option", "optgroup", "dt", "dd",
    "tbody", "thead", "tfoot", "colgroup", "rb", "rt", "rp"};

bool is_non_nesting(std::string_view name) {
    for (auto n : kNonNesting)
        if (base::iequals_ascii(n, name)) return true;
    return false;
}

} // namespace

std::size_t find_excessive_nesting(std::string_view html, std::size_t max_depth) {
    std::size_t depth = 0;
    for (std::size_t i = 0; i + 1 < html.size(); ++i) {
        if (html[i] != '<') continue;
        bool closing = html[i + 1] == '/';
        std::size_t name_begin = i + (closing ? 2 : 1);
        std::size_t name_end = name_begin;
        while (name_end < html.size() && name_end - name_begin < 16 &&
               ((html[name_end] >= 'a' && html[name_end] <= 'z') || (html[name_end] >= 'A' && html[name_end] <= 'Z') ||
                (html[name_end] >= '0' && html[name_end] <= '9')))
            ++name_end;
        if (name_end == name_begin) continue;
        std::string_view name = html.substr(name_begin, name_end - name_begin);
        if (is_non_nesting(name)) continue;
        if (closing) {
            if (depth > 0) --depth;
            continue;
        }
        std::size_t tag_end = html.find('>', name_end);
        if (tag_end != std::string_view::npos && tag_end > 0 && html[tag_end - 1] == '/') continue;
        if (++depth > max_depth) return i;
    }
    return std::string_view::npos;
}

std::string_view cut_excessive_nesting(std::string_view html, std::vector<ParseIssue>& issues) {
    const std::size_t cut = find_excessive_nesting(html, kMaxHtmlDepth);
    if (cut == std::string_view::npos) return html;
    issues.push_back(ParseIssue{IssueKind::LimitExceeded, "max_html_depth",
                                fmt::format("max_html_depth={} (HTML cut at offset {})", kMaxHtmlDepth, cut), 0});
    return html.substr(0, cut);
}

std::string compact_style(std::string_view style) {
    std::string compact;
    for (char c : style)
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') compact += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return compact;
}

bool is_hidden(bool has_hidden_attribute, const std::string& compact) {
    if (has_hidden_attribute) return true;
    return compact.find("display:none") != std::string::npos ||
           compact.find("visibility:hidden") != std::string::npos || compact.find("opacity:0;") != std::string::npos ||
           (compact.size() >= 9 && compact.ends_with("opacity:0"));
}

bool has_zero_font(const std::string& compact, bool parent_zero) {
    std::size_t at = compact.rfind("font-size:");
    if (at == std::string::npos) return parent_zero;
    std::size_t value = at + 10;
    std::size_t end = value;
    while (end < compact.size() && (std::isdigit(static_cast<unsigned char>(compact[end])) || compact[end] == '.')) ++end;
    if (end == value) return parent_zero; // a keyword (small, inherit) or a variable
    bool all_zero = true;
    for (std::size_t i = value; i < end; ++i) all_zero = all_zero && (compact[i] == '0' || compact[i] == '.');
    return all_zero;
}

std::optional<std::string> refresh_url(std::string_view content) {
    const std::size_t url_pos = base::to_lower_ascii(content).find("url=");
    if (url_pos == std::string::npos) return std::nullopt;
    std::string url(base::trim(content.substr(url_pos + 4)));
    if (url.size() >= 2 && (url.front() == '\'' || url.front() == '"')) url = url.substr(1, url.size() - 2);
    return url;
}

bool is_block(std::string_view name) {
    static constexpr std::array<std::string_view, 20> kBlocks = {"p",  "div", "br", "tr", "li", "h1",  "h2",  "h3",     "h4", "h5",
                                                                 "h6", "table", "blockquote", "hr", "ul", "ol", "pre", "center", "td", "title"};
    for (auto b : kBlocks)
        if (b == name) return true;
    return false;
}

void append_text(std::string& out, std::string_view text) {
    for (char c : text) {
        bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
        if (space) {
            if (!out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
        } else {
            out += c;
        }
    }
}

void append_break(std::string& out) {
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (!out.empty() && out.back() != '\n') out += '\n';
}

} // namespace mikiwame::message::html

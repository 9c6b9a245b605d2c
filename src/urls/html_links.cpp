// SPDX-License-Identifier: Apache-2.0
// HTML link extraction on the HtmlDocument the message stage built (Gumbo did the parsing).
#include "urls/html_links.h"

#include <algorithm>
#include <optional>

#include "base/base64.h"
#include "base/text.h"
#include "message/html_document.h"
#include "urls/text_links.h"
#include "urls/url_parser.h"

namespace mikiwame::urls {

namespace {

constexpr std::size_t kMaxLiteralBytes = 8192;
constexpr std::size_t kMaxDataUriBytes = 2048;     // kept in the report; the rest is payload
constexpr std::size_t kMaxDataHtmlBytes = 1 << 20; // decoded HTML of a data:text/html URI

// Reads a JS string literal starting at s[i] (a quote); nullopt when there is none.
std::optional<std::string> read_literal(std::string_view s, std::size_t i) {
    if (i >= s.size() || (s[i] != '"' && s[i] != '\'' && s[i] != '`')) return std::nullopt;
    const char quote = s[i];
    std::string out;
    for (std::size_t k = i + 1; k < s.size() && out.size() < kMaxLiteralBytes; ++k) {
        if (s[k] == '\\' && k + 1 < s.size()) {
            out.push_back(s[++k]); // "\/" → "/"; other escapes are rare in targets
        } else if (s[k] == quote) {
            return out;
        } else if (s[k] == '\n') {
            return std::nullopt;
        } else {
            out.push_back(s[k]);
        }
    }
    return std::nullopt;
}

std::size_t skip_spaces(std::string_view s, std::size_t i) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    return i;
}

class Collector {
public:
    Collector(std::string_view found_in, const Limits& limits, std::size_t max_links)
        : found_in_(found_in), limits_(limits), max_links_(max_links) {}

    std::vector<RawLink> take() { return std::move(links_); }

    void add_document(const message::HtmlDocument& doc, int depth) {
        std::optional<ParsedUrl> base;
        if (!doc.base_href.empty()) base = parse_url(doc.base_href);
        const ParsedUrl* base_ptr = base ? &*base : nullptr;
        for (const auto& link : doc.links) {
            std::optional<std::string> text;
            if ((link.element == "a" || link.element == "area") && !base::trim(link.text).empty())
                text = std::string(base::trim(link.text));
            add(link.url, text, link.element, base_ptr, depth);
        }
        for (const auto& css : doc.styles)
            for (const auto& url : extract_css_urls(css, max_links_)) add(url, std::nullopt, "css", base_ptr, depth);
        for (const auto& script : doc.scripts)
            for (const auto& url : extract_script_urls(script, max_links_))
                add(url, std::nullopt, "script", base_ptr, depth);
    }

private:
    std::string found_in_;
    const Limits& limits_;
    std::size_t max_links_;
    std::vector<RawLink> links_;

    void push(std::string url, std::optional<std::string> text, std::string element,
              std::vector<std::string> flags = {}) {
        if (links_.size() >= max_links_) return;
        links_.push_back(RawLink{std::move(url), std::move(text), found_in_, std::move(element),
                                 std::move(flags), {}});
    }

    void add(std::string_view written, const std::optional<std::string>& text,
             const std::string& element, const ParsedUrl* base, int depth) {
        const std::string_view url = base::trim(written);
        if (url.empty() || url.front() == '#' || links_.size() >= max_links_) return;
        const std::string lower = base::to_lower_ascii(url.substr(0, std::min<std::size_t>(url.size(), 16)));
        for (const char* ignored : {"cid:", "about:", "tel:", "sms:", "mailto:", "callto:", "mid:"})
            if (lower.rfind(ignored, 0) == 0) return;
        if (lower.rfind("javascript:", 0) == 0) {
            push(std::string(url.substr(0, kMaxDataUriBytes)), text, element, {"javascript_uri"});
            for (const auto& target : extract_script_urls(base::percent_decode(url.substr(11)), max_links_))
                add(target, std::nullopt, "script", base, depth);
            return;
        }
        if (lower.rfind("data:", 0) == 0) {
            add_data_uri(url, text, element, depth);
            return;
        }
        if (auto absolute = parse_url(url)) {
            std::vector<std::string> flags;
            if (host_written_with_mapped_characters(url, *absolute)) flags.emplace_back("mapped_host");
            push(absolute->href(), text, element, std::move(flags));
        } else if (base != nullptr) {
            if (auto resolved = parse_url(url, base)) push(resolved->href(), text, element);
        } else if (url.substr(0, 2) == "//") {
            // Protocol-relative without a base: webmail shows mail over https.
            if (auto resolved = parse_url("https:" + std::string(url))) push(resolved->href(), text, element);
        }
    }

    void add_data_uri(std::string_view url, const std::optional<std::string>& text,
                      const std::string& element, int depth) {
        // Inline images are content, not links.
        if (element == "img") return;
        push(std::string(url.substr(0, kMaxDataUriBytes)), text, element, {"data_uri"});
        const std::size_t comma = url.find(',');
        if (comma == std::string_view::npos || depth > 0) return;
        const std::string header = base::to_lower_ascii(url.substr(5, comma - 5));
        if (header.rfind("text/html", 0) != 0) return;
        std::string_view payload = url.substr(comma + 1);
        std::string html = header.find(";base64") != std::string::npos
                               ? base::decode_base64_lenient(base::percent_decode(payload))
                               : base::percent_decode(payload);
        if (html.size() > kMaxDataHtmlBytes) html.resize(kMaxDataHtmlBytes);
        std::vector<message::ParseIssue> issues;
        const auto doc = message::parse_html_document(base::sanitize_utf8(html), limits_, issues);
        add_document(doc, depth + 1);
    }
};

} // namespace

std::vector<std::string> extract_css_urls(std::string_view css, std::size_t max_urls) {
    std::vector<std::string> out;
    const std::string lower = base::to_lower_ascii(css);
    for (std::size_t pos = lower.find("url("); pos != std::string::npos && out.size() < max_urls;
         pos = lower.find("url(", pos + 4)) {
        std::size_t i = skip_spaces(css, pos + 4);
        std::string target;
        if (auto literal = read_literal(css, i)) {
            target = *literal;
        } else {
            const std::size_t close = css.find(')', i);
            if (close == std::string_view::npos) break;
            target = std::string(css.substr(i, std::min(close - i, kMaxLiteralBytes)));
        }
        target = std::string(base::trim(target));
        if (!target.empty()) out.push_back(std::move(target));
    }
    return out;
}

std::vector<std::string> extract_script_urls(std::string_view script, std::size_t max_urls) {
    std::vector<std::string> out;
    auto add = [&](std::string url) {
        if (out.size() < max_urls && !url.empty() && std::find(out.begin(), out.end(), url) == out.end())
            out.push_back(std::move(url));
    };
    // location = "…", location.href = "…", location.replace("…"), location.assign("…")
    for (std::size_t pos = script.find("location"); pos != std::string_view::npos;
         pos = script.find("location", pos + 8)) {
        std::size_t i = pos + 8;
        if (script.substr(i, 5) == ".href") i += 5;
        i = skip_spaces(script, i);
        if (i < script.size() && script[i] == '=' && (i + 1 >= script.size() || script[i + 1] != '=')) {
            if (auto literal = read_literal(script, skip_spaces(script, i + 1))) add(*literal);
        } else if (script.substr(i, 9) == ".replace(" || script.substr(i, 8) == ".assign(") {
            i = skip_spaces(script, script.find('(', i) + 1);
            if (auto literal = read_literal(script, i)) add(*literal);
        }
    }
    for (std::size_t pos = script.find("open("); pos != std::string_view::npos;
         pos = script.find("open(", pos + 5)) {
        if (auto literal = read_literal(script, skip_spaces(script, pos + 5))) add(*literal);
    }
    for (const auto& link : extract_text_links(script, max_urls)) {
        if (!link.is_schemeless && !link.is_email && link.url.rfind("//", 0) != 0) add(link.url);
    }
    return out;
}

std::vector<RawLink> extract_html_links(const message::HtmlDocument& doc, std::string_view found_in,
                                        const Limits& limits, std::size_t max_links) {
    Collector collector(found_in, limits, max_links);
    collector.add_document(doc, 0);
    return collector.take();
}

} // namespace mikiwame::urls

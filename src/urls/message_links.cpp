// SPDX-License-Identifier: Apache-2.0
// Walks a Message for links. Identical links found twice in the same place (the text and
// HTML alternatives repeat each other) are kept once per place, so max_urls counts links,
// not repetitions.
#include "urls/message_links.h"

#include <algorithm>

#include <unordered_set>

#include "base/text.h"
#include "message/html_document.h"
#include "urls/html_links.h"
#include "urls/text_links.h"
#include "urls/url_parser.h"

namespace mikiwame::urls {

namespace {

constexpr int kMaxEmbeddedDepth = 8; // message/rfc822 inside message/rfc822 …

// A scheme-less name in plain text (`url` is the linkifier's, "http://" prepended) that a
// reader would type into a browser: one starting with "www." or carrying a path, query or
// fragment ("bit.ly/abc", "example.top/login"), or written as "//host". A bare name in prose
// is a mention, not a link: the recipient's own domain in a greeting, the company domain of
// a footer ("example.co.jp"), a version number or an address ("1.8.3.1", "from 192.0.2.7").
bool is_typed_address(std::string_view url) {
    constexpr std::string_view kAdded = "http://";
    if (url.rfind(kAdded, 0) != 0) return true; // "//host": written as a network path
    const std::string_view rest = url.substr(kAdded.size());
    return base::istarts_with_ascii(rest, "www.") || rest.find_first_of("/?#") != std::string_view::npos;
}

class Walker {
public:
    explicit Walker(const Limits& limits) : limits_(limits), cap_(limits.max_urls + 1) {}

    std::vector<RawLink> take() { return std::move(links_); }
    bool full() const { return links_.size() >= cap_; }

    void add(RawLink link) {
        if (full()) return;
        std::string key = link.found_in + '\x1f' + link.element + '\x1f' + link.url + '\x1f' +
                          link.display_text.value_or("");
        if (!seen_.insert(std::move(key)).second) return;
        links_.push_back(std::move(link));
    }

    void add_headers(const message::Message& message) {
        for (const auto* header : message.find_headers("List-Unsubscribe")) {
            // RFC 2369: a comma-separated list of <URL>s.
            const std::string& value = header->value;
            for (std::size_t open = value.find('<'); open != std::string::npos && !full();
                 open = value.find('<', open + 1)) {
                const std::size_t close = value.find('>', open);
                if (close == std::string::npos) break;
                const std::string inner(base::trim(std::string_view(value).substr(open + 1, close - open - 1)));
                if (base::istarts_with_ascii(inner, "mailto:")) continue;
                if (auto url = parse_url(inner)) add(RawLink{url->href(), std::nullopt, "header", "list-unsubscribe", {}, {}});
            }
        }
    }

    void add_parts(const message::Message& message, bool inside_attachment, int depth) {
        for (const auto& part : message.parts) {
            if (full()) return;
            if (part.is_multipart) continue;
            const bool is_attachment = inside_attachment || part.is_attachment;
            if (part.html) {
                add_html(*part.html, is_attachment);
            } else if (part.content_type == "text/html" && !part.text.empty()) {
                std::vector<message::ParseIssue> issues;
                add_html(message::parse_html_document(part.text, limits_, issues), is_attachment);
            } else if (part.content_type.rfind("text/", 0) == 0 && !part.text.empty()) {
                add_text(part.text, is_attachment ? "attachment" : "text");
            }
            if (part.embedded && depth < kMaxEmbeddedDepth) add_parts(*part.embedded, true, depth + 1);
        }
    }

private:
    const Limits& limits_;
    std::size_t cap_;
    std::vector<RawLink> links_;
    std::unordered_set<std::string> seen_;

    void add_html(const message::HtmlDocument& doc, bool is_attachment) {
        const char* found_in = is_attachment ? "attachment" : "html";
        std::vector<std::string> anchor_texts;
        for (auto& link : extract_html_links(doc, found_in, limits_, cap_ - links_.size())) {
            if (link.display_text) anchor_texts.push_back(*link.display_text);
            add(std::move(link));
        }
        // A URL written as text outside any link ("copy this into your browser: https://…")
        // is one the reader can follow too. Only with a scheme: bare domains in HTML prose are
        // mostly the sender's own footer. A URL that is some anchor's visible text is that
        // anchor's display text, judged with it (url.text_href_mismatch).
        for (auto& link : extract_text_links(doc.visible_text, cap_ - links_.size())) {
            if (link.is_email || link.is_schemeless || full()) continue;
            bool is_anchor_text = std::any_of(anchor_texts.begin(), anchor_texts.end(), [&](const std::string& text) {
                return text.find(link.url) != std::string::npos;
            });
            if (is_anchor_text) continue;
            add_text_link(link, found_in);
        }
    }

    void add_text(std::string_view text, const char* found_in) {
        for (auto& link : extract_text_links(text, cap_ - links_.size())) {
            // Addresses are not links a reader visits; the sender stage reads them.
            if (link.is_email) continue;
            // A name written without a scheme is a mention unless a reader would type it in.
            if (link.is_schemeless && !is_typed_address(link.url)) continue;
            add_text_link(link, found_in);
        }
    }

    // One link found in text (plain text, or HTML text outside anchors), with what the text
    // showed about it: defanged, wrapped over lines, a host written in look-alike characters.
    void add_text_link(TextLink& link, const char* found_in) {
        RawLink raw{std::move(link.url), std::nullopt, found_in, "text", {}, {}};
        if (link.is_defanged) raw.flags.emplace_back("defanged");
        if (link.is_rewrapped) raw.flags.emplace_back("rewrapped");
        if (auto parsed = parse_url(raw.url); parsed && host_written_with_mapped_characters(link.raw, *parsed))
            raw.flags.emplace_back("mapped_host");
        add(std::move(raw));
    }
};

} // namespace

std::vector<RawLink> extract_message_links(const message::Message& message, const Limits& limits) {
    Walker walker(limits);
    walker.add_headers(message);
    walker.add_parts(message, false, 0);
    return walker.take();
}

} // namespace mikiwame::urls

// SPDX-License-Identifier: Apache-2.0
#include "message/html_document.h"

#include <gumbo.h>

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <cstring>

#include "base/text.h"

namespace mikiwame::message {

namespace {

// Elements whose end tag the HTML parser implies: they do not nest when left open, so they
// do not count towards the nesting estimate.
constexpr std::array<std::string_view, 30> kNonNesting = {
    "br", "img", "input", "meta", "link", "hr", "area", "base", "col", "embed", "param",
    "source", "track", "wbr", "p", "li", "td", "th", "tr", "option", "optgroup", "dt", "dd",
    "tbody", "thead", "tfoot", "colgroup", "rb", "rt", "rp"};

// Gumbo frees its tree recursively and checks scope by walking the open-element stack, so
// depth bounds both stack use and time per tag. Obfuscated phishing HTML reaches a few
// hundred unclosed elements; browsers themselves flatten beyond 512 (Blink).
constexpr std::size_t kMaxHtmlDepth = 1024;
constexpr std::size_t kMaxScriptBytes = 256u * 1024;

bool is_non_nesting(std::string_view name) {
    for (auto n : kNonNesting)
        if (base::iequals_ascii(n, name)) return true;
    return false;
}

// Estimates open-element depth from tags alone and returns the offset at which it first
// exceeds `max_depth`, or npos. Over-estimates only, so real documents pass.
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

const char* attribute(const GumboElement& element, const char* name) {
    const GumboAttribute* attr = gumbo_get_attribute(&element.attributes, name);
    return attr ? attr->value : nullptr;
}

std::string attribute_or_empty(const GumboElement& element, const char* name) {
    const char* value = attribute(element, name);
    return value ? std::string(base::trim(value)) : std::string();
}

std::string tag_name(const GumboElement& element) {
    if (element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(element.tag);
    GumboStringPiece piece = element.original_tag;
    gumbo_tag_from_original_text(&piece);
    return base::to_lower_ascii(std::string_view(piece.data, piece.length));
}

std::string compact_style(const GumboElement& element) {
    const char* style = attribute(element, "style");
    if (!style) return {};
    std::string compact;
    for (char c : std::string_view(style))
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') compact += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return compact;
}

// Hidden with everything inside: nothing below can show it again.
bool is_hidden(const GumboElement& element, const std::string& compact) {
    if (gumbo_get_attribute(&element.attributes, "hidden")) return true;
    return compact.find("display:none") != std::string::npos ||
           compact.find("visibility:hidden") != std::string::npos || compact.find("opacity:0;") != std::string::npos ||
           (compact.size() >= 9 && compact.ends_with("opacity:0"));
}

// font-size:0 is inherited but a descendant's own font size shows its text again: e-mail
// layouts put it on table cells to remove the gaps between inline blocks and set the real
// size on the paragraphs inside. Returns whether this element's text has zero size.
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

bool is_block(GumboTag tag) {
    switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_BR: case GUMBO_TAG_TR: case GUMBO_TAG_LI:
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_TABLE: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_HR:
    case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_PRE: case GUMBO_TAG_CENTER: case GUMBO_TAG_TD:
    case GUMBO_TAG_TITLE:
        return true;
    default:
        return false;
    }
}

void append_text(std::string& out, std::string_view text) {
    // Collapse runs of whitespace as layout would, keeping line breaks we add for blocks.
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

// Visible text of a subtree (anchor text), iterative.
std::string subtree_text(const GumboNode* root) {
    std::string out;
    std::vector<const GumboNode*> stack{root};
    while (!stack.empty()) {
        const GumboNode* node = stack.back();
        stack.pop_back();
        if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE || node->type == GUMBO_NODE_CDATA) {
            append_text(out, node->v.text.text);
        } else if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) {
            const GumboElement& el = node->v.element;
            if (el.tag == GUMBO_TAG_SCRIPT || el.tag == GUMBO_TAG_STYLE) continue;
            if (el.tag == GUMBO_TAG_IMG) {
                if (const char* alt = attribute(el, "alt")) append_text(out, alt);
            }
            for (unsigned i = el.children.length; i-- > 0;)
                stack.push_back(static_cast<const GumboNode*>(el.children.data[i]));
        }
    }
    return base::collapse_whitespace(out);
}

struct WalkItem {
    const GumboNode* node;
    bool hidden;     // by this element or an ancestor, for good (display:none, hidden, …)
    bool closing;    // a marker pushed to add a line break after a block element
    bool zero_font;  // font-size:0 from here or inherited, until a descendant sets a size
};

} // namespace

HtmlDocument parse_html_document(std::string_view utf8_html, const Limits& limits,
                                 std::vector<ParseIssue>& issues) {
    HtmlDocument doc;
    std::string_view html = utf8_html;
    std::size_t cut = find_excessive_nesting(html, kMaxHtmlDepth);
    if (cut != std::string_view::npos) {
        issues.push_back(ParseIssue{IssueKind::LimitExceeded, "max_html_depth",
                                    fmt::format("max_html_depth={} (HTML cut at offset {})", kMaxHtmlDepth, cut), 0});
        html = html.substr(0, cut);
    }
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 1000; // errors are not used; bounding them bounds memory
    GumboOutput* output = gumbo_parse_with_options(&options, html.data(), html.size());
    if (!output) return doc;

    std::size_t visited = 0;
    std::vector<WalkItem> stack{{output->root, false, false, false}};
    std::string& visible = doc.visible_text;
    while (!stack.empty()) {
        WalkItem item = stack.back();
        stack.pop_back();
        if (item.closing) {
            append_break(visible);
            continue;
        }
        if (++visited > limits.max_html_nodes) {
            issues.push_back(ParseIssue{IssueKind::LimitExceeded, "max_html_nodes",
                                        fmt::format("max_html_nodes={} (rest of the HTML not read)", limits.max_html_nodes), 0});
            break;
        }
        const GumboNode* node = item.node;
        if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE || node->type == GUMBO_NODE_CDATA) {
            append_text(item.hidden || item.zero_font ? doc.hidden_text : visible, node->v.text.text);
            continue;
        }
        if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) continue;
        const GumboElement& el = node->v.element;
        const std::string style = compact_style(el);
        const bool hidden_for_good = item.hidden || is_hidden(el, style);
        const bool zero_font = has_zero_font(style, item.zero_font);
        bool hidden = hidden_for_good || zero_font;
        std::string name = tag_name(el);
        switch (el.tag) {
        case GUMBO_TAG_SCRIPT: {
            ++doc.script_count;
            if (el.children.length > 0) {
                auto* child = static_cast<const GumboNode*>(el.children.data[0]);
                if (child->type == GUMBO_NODE_TEXT && doc.scripts.size() < 64)
                    doc.scripts.emplace_back(base::truncate_utf8(child->v.text.text, kMaxScriptBytes));
            }
            continue;
        }
        case GUMBO_TAG_STYLE: {
            ++doc.style_count;
            if (el.children.length > 0) {
                auto* child = static_cast<const GumboNode*>(el.children.data[0]);
                if (child->type == GUMBO_NODE_TEXT && doc.styles.size() < 64)
                    doc.styles.emplace_back(base::truncate_utf8(child->v.text.text, kMaxScriptBytes));
            }
            continue;
        }
        case GUMBO_TAG_TITLE:
            doc.title = subtree_text(node);
            continue;
        case GUMBO_TAG_A:
        case GUMBO_TAG_AREA:
            if (const char* href = attribute(el, "href"))
                doc.links.push_back({name, "href", std::string(base::trim(href)), subtree_text(node)});
            break;
        case GUMBO_TAG_FORM: {
            HtmlForm form;
            form.action = attribute_or_empty(el, "action");
            form.method = base::to_lower_ascii(attribute_or_empty(el, "method"));
            // Inputs are found by walking this form's subtree (iteratively).
            std::vector<const GumboNode*> inner{node};
            while (!inner.empty()) {
                const GumboNode* n = inner.back();
                inner.pop_back();
                if (n->type != GUMBO_NODE_ELEMENT) continue;
                const GumboElement& e = n->v.element;
                if (e.tag == GUMBO_TAG_INPUT) {
                    std::string type = base::to_lower_ascii(attribute_or_empty(e, "type"));
                    if (type.empty()) type = "text";
                    if (type == "password") form.has_password = true;
                    form.input_types.push_back(type);
                    form.input_names.push_back(attribute_or_empty(e, "name"));
                }
                for (unsigned i = 0; i < e.children.length && inner.size() < 100000; ++i)
                    inner.push_back(static_cast<const GumboNode*>(e.children.data[i]));
            }
            doc.links.push_back({name, "action", form.action, {}});
            doc.forms.push_back(std::move(form));
            break;
        }
        case GUMBO_TAG_INPUT:
            // Password fields outside any form still matter (script-driven phishing pages).
            break;
        case GUMBO_TAG_IMG: {
            HtmlImage image{attribute_or_empty(el, "src"), attribute_or_empty(el, "alt")};
            if (!image.src.empty()) doc.links.push_back({name, "src", image.src, image.alt});
            if (!hidden && !image.alt.empty()) append_text(visible, image.alt);
            doc.images.push_back(std::move(image));
            break;
        }
        case GUMBO_TAG_IFRAME:
        case GUMBO_TAG_FRAME:
        case GUMBO_TAG_EMBED:
            if (const char* src = attribute(el, "src"))
                doc.links.push_back({name, "src", std::string(base::trim(src)), {}});
            break;
        case GUMBO_TAG_META: {
            std::string equiv = base::to_lower_ascii(attribute_or_empty(el, "http-equiv"));
            if (equiv == "refresh") {
                std::string content = attribute_or_empty(el, "content");
                std::string lower = base::to_lower_ascii(content);
                std::size_t url_pos = lower.find("url=");
                if (url_pos != std::string::npos) {
                    std::string url(base::trim(std::string_view(content).substr(url_pos + 4)));
                    if (url.size() >= 2 && (url.front() == '\'' || url.front() == '"')) url = url.substr(1, url.size() - 2);
                    doc.meta_refresh_urls.push_back(url);
                    doc.links.push_back({name, "content", url, {}});
                }
            }
            break;
        }
        case GUMBO_TAG_BASE:
            if (doc.base_href.empty()) doc.base_href = attribute_or_empty(el, "href");
            break;
        case GUMBO_TAG_LINK:
            if (const char* href = attribute(el, "href"))
                doc.links.push_back({name, "href", std::string(base::trim(href)), {}});
            break;
        default:
            break;
        }
        if (is_block(el.tag)) {
            append_break(hidden ? doc.hidden_text : visible);
            stack.push_back({node, hidden_for_good, true, zero_font});
        }
        for (unsigned i = el.children.length; i-- > 0;)
            stack.push_back({static_cast<const GumboNode*>(el.children.data[i]), hidden_for_good, false, zero_font});
    }
    gumbo_destroy_output(&options, output);
    while (!visible.empty() && (visible.back() == '\n' || visible.back() == ' ')) visible.pop_back();
    return doc;
}

} // namespace mikiwame::message

// SPDX-License-Identifier: Apache-2.0
// The oracle of the HTML extraction: the same walk over Gumbo's HTML5 tree (a browser's
// reading of the markup). Not on the analysis path; the differential test and the fuzz target
// compare parse_html_document with it (html_document.h).
#include "message/html_document.h"

#include <gumbo.h>

#include <fmt/format.h>

#include <cctype>

#include "base/text.h"
#include "message/html_rules.h"

namespace mikiwame::message {

namespace {

using namespace html;

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

std::string element_style(const GumboElement& element) {
    const char* style = attribute(element, "style");
    return style ? compact_style(style) : std::string();
}

bool is_block(GumboTag tag) {
    return tag != GUMBO_TAG_UNKNOWN && html::is_block(gumbo_normalized_tagname(tag));
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

HtmlDocument parse_html_document_gumbo(std::string_view utf8_html, const Limits& limits, std::vector<ParseIssue>& issues) {
    HtmlDocument doc;
    std::string_view html = cut_excessive_nesting(utf8_html, issues);
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
        const std::string style = element_style(el);
        const bool hidden_for_good = item.hidden || is_hidden(gumbo_get_attribute(&el.attributes, "hidden") != nullptr, style);
        const bool zero_font = has_zero_font(style, item.zero_font);
        bool hidden = hidden_for_good || zero_font;
        std::string name = tag_name(el);
        switch (el.tag) {
        case GUMBO_TAG_SCRIPT: {
            ++doc.script_count;
            if (el.children.length > 0) {
                auto* child = static_cast<const GumboNode*>(el.children.data[0]);
                if (child->type == GUMBO_NODE_TEXT && doc.scripts.size() < kMaxScripts)
                    doc.scripts.emplace_back(base::truncate_utf8(child->v.text.text, kMaxScriptBytes));
            }
            continue;
        }
        case GUMBO_TAG_STYLE: {
            ++doc.style_count;
            if (el.children.length > 0) {
                auto* child = static_cast<const GumboNode*>(el.children.data[0]);
                if (child->type == GUMBO_NODE_TEXT && doc.styles.size() < kMaxScripts)
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
            if (equiv == "refresh")
                if (auto url = refresh_url(attribute_or_empty(el, "content"))) {
                    doc.meta_refresh_urls.push_back(*url);
                    doc.links.push_back({name, "content", std::move(*url), {}});
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

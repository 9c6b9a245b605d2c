// SPDX-License-Identifier: Apache-2.0
// The HTML extraction as a stream: our tokenizer (html_tokenizer.h) calls us per start tag,
// end tag and text run, and a stack of the open elements carries what the tree walk of the
// oracle (html_document_gumbo.cpp) inherits from ancestors — hidden, zero font size, the
// anchors and forms a text or an input belongs to. No tree is built: the message stage needs
// text, links, forms, images, refresh, base and styles, not a DOM (docs/performance.md). The
// few tree-building rules that change what an element contains are kept: void elements, the
// end tags a new start tag implies (p, li, td, option, a…), end tags that close what is open
// inside them, and self-closing tags in SVG and MathML.
#include "message/html_document.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "base/string_map.h"
#include "base/text.h"
#include "message/html_rules.h"
#include "message/html_tokenizer.h"

namespace mikiwame::message {

namespace {

using namespace html;

template <std::size_t N>
bool one_of(std::string_view name, const std::array<std::string_view, N>& names) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

// Elements without content or end tag.
constexpr std::array<std::string_view, 16> kVoid = {"area", "base", "br", "col", "embed", "hr", "img", "input",
                                                    "keygen", "link", "meta", "param", "source", "track", "wbr", "frame"};
// Start tags that close an open <p> (WHATWG: "close a p element" in button scope).
constexpr std::array<std::string_view, 32> kClosesP = {
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "fieldset",
    "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol", "p", "section", "summary",
    "ul", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table"};
// Elements a search for an open element to close does not look beyond (the scopes).
// Formatting elements: their end tag does not close a block opened inside them (the adoption
// agency moves the block out instead), it only ends the formatting.
constexpr std::array<std::string_view, 14> kFormatting = {"a", "b", "big", "code", "em", "font", "i", "nobr",
                                                          "s", "small", "strike", "strong", "tt", "u"};
constexpr std::array<std::string_view, 11> kScopeBoundaries = {"table", "td", "th", "caption", "html", "marquee",
                                                               "object", "applet", "template", "svg", "math"};

enum class Raw { None, Script, Style, Title, Inside };

struct OpenElement {
    std::string name;
    bool hidden = false;    // by this element or an ancestor, for good
    bool zero_font = false; // font-size:0 here or inherited
    bool block = false;
    bool capture = false;   // opened an anchor-text capture (captures.back() while open)
    bool form = false;      // opened a form (open_forms.back() while open)
    bool foreign = false;   // svg or math, or inside one
    bool boundary = false;  // a scope boundary (kScopeBoundaries)
    Raw raw = Raw::None;
};

// Anchor texts are collected for at most this many anchors open at once, each up to this many
// bytes: nested anchors in hostile markup would otherwise copy every text once per anchor.
constexpr std::size_t kMaxOpenCaptures = 32;
constexpr std::size_t kMaxCaptureBytes = 16 * 1024;

// An anchor collecting the text of everything inside it.
struct Capture {
    std::size_t link;
    std::string text;
};

std::string trimmed(const StartTag& tag, std::string_view name) {
    const std::string_view* value = tag.find(name);
    return value ? std::string(base::trim(*value)) : std::string();
}

class Walk : public TokenSink {
public:
    Walk(HtmlDocument& doc, const Limits& limits, std::vector<ParseIssue>& issues) : doc_(doc), limits_(limits), issues_(issues) {}

    // Reads the whole document, then closes what is still open as the oracle's walk closes it.
    void run(std::string_view html) {
        tokenizer_.run(html);
        if (stopped_) return;
        while (!open_.empty()) pop();
    }

    bool start_tag(const StartTag& tag) override {
        if (!count_node()) return false;
        const std::string_view name = tag.name;
        if (raw_open_ > 0) {
            // Markup inside a title or script of SVG: its text is that element's.
            push({std::string(name), hidden(), zero_font(), false, false, false, true, false, Raw::Inside});
            if (tag.self_closing) pop();
            return true;
        }
        const bool foreign = (!open_.empty() && open_.back().foreign) || name == "svg" || name == "math";
        if (!foreign) imply_end_tags(name);
        if (name == "form" && !open_forms_.empty()) return true; // a form inside a form is ignored
        const std::string_view* style_attribute = tag.find("style");
        const std::string style = style_attribute ? compact_style(*style_attribute) : std::string();
        OpenElement element;
        element.name = std::string(name);
        element.foreign = foreign;
        element.hidden = hidden() || is_hidden(tag.find("hidden") != nullptr, style);
        element.zero_font = has_zero_font(style, zero_font());
        const bool hidden_here = element.hidden || element.zero_font;
        if (name == "script" || name == "style" || name == "title") {
            if (name == "script") ++doc_.script_count;
            if (name == "style") ++doc_.style_count;
            element.raw = name == "script" ? Raw::Script : name == "style" ? Raw::Style : Raw::Title;
            raw_text_.clear();
            push(std::move(element));
            if (foreign && tag.self_closing) pop();
            return true;
        }
        if (name == "a" || name == "area") {
            if (const std::string_view* href = tag.find("href")) {
                doc_.links.push_back({element.name, "href", std::string(base::trim(*href)), {}});
                if (name == "a" && captures_.size() < kMaxOpenCaptures) {
                    captures_.push_back({doc_.links.size() - 1, {}});
                    element.capture = true;
                }
            }
        } else if (name == "form") {
            HtmlForm form;
            form.action = trimmed(tag, "action");
            form.method = base::to_lower_ascii(trimmed(tag, "method"));
            doc_.links.push_back({element.name, "action", form.action, {}});
            doc_.forms.push_back(std::move(form));
            open_forms_.push_back(doc_.forms.size() - 1);
            element.form = true;
        } else if (name == "input") {
            // Each form the input is inside lists it (a form's inputs are those below it).
            std::string type = base::to_lower_ascii(trimmed(tag, "type"));
            if (type.empty()) type = "text";
            for (std::size_t f : open_forms_) {
                HtmlForm& form = doc_.forms[f];
                if (type == "password") form.has_password = true;
                form.input_types.push_back(type);
                form.input_names.push_back(trimmed(tag, "name"));
            }
        } else if (name == "img") {
            HtmlImage image{trimmed(tag, "src"), trimmed(tag, "alt")};
            if (!image.src.empty()) doc_.links.push_back({element.name, "src", image.src, image.alt});
            if (!hidden_here && !image.alt.empty()) append_text(doc_.visible_text, image.alt);
            if (const std::string_view* alt = tag.find("alt")) append_to_captures(*alt);
            doc_.images.push_back(std::move(image));
        } else if (name == "iframe" || name == "frame" || name == "embed") {
            if (const std::string_view* src = tag.find("src")) doc_.links.push_back({element.name, "src", std::string(base::trim(*src)), {}});
        } else if (name == "meta") {
            if (base::to_lower_ascii(trimmed(tag, "http-equiv")) == "refresh")
                if (auto url = refresh_url(trimmed(tag, "content"))) {
                    doc_.meta_refresh_urls.push_back(*url);
                    doc_.links.push_back({element.name, "content", std::move(*url), {}});
                }
        } else if (name == "base") {
            if (doc_.base_href.empty()) doc_.base_href = trimmed(tag, "href");
        } else if (name == "link") {
            if (const std::string_view* href = tag.find("href")) doc_.links.push_back({element.name, "href", std::string(base::trim(*href)), {}});
        }
        if (!foreign && is_block(name)) {
            append_break(hidden_here ? doc_.hidden_text : doc_.visible_text);
            element.block = true;
        }
        const bool has_no_content = foreign ? tag.self_closing : one_of(name, kVoid);
        push(std::move(element));
        if (has_no_content) pop();
        return true;
    }

    bool end_tag(std::string_view name) override {
        // The document's own frame stays open: text after </body> is still the body's.
        if (name == "html" || name == "body" || name == "head") return true;
        if (name == "br" && raw_open_ == 0) { // "</br>" is read as <br>
            append_break(hidden() || zero_font() ? doc_.hidden_text : doc_.visible_text);
            append_break(doc_.visible_text);
            return true;
        }
        if (name == "p" && raw_open_ == 0 && find_open("p", false) == npos) { // "</p>" alone is an empty paragraph
            append_break(hidden() || zero_font() ? doc_.hidden_text : doc_.visible_text);
            append_break(doc_.visible_text);
            return true;
        }
        const std::size_t at = find_open(name, raw_open_ > 0);
        if (at == npos) return true; // an end tag with nothing open to close is ignored
        if (raw_open_ == 0 && one_of(name, kFormatting) && encloses_block(at)) {
            remove(at);
            return true;
        }
        while (open_.size() > at) pop();
        return true;
    }

    bool text(std::string_view run) override {
        if (raw_open_ > 0) {
            if (raw_text_.size() <= kMaxScriptBytes + 4) raw_text_.append(run.substr(0, kMaxScriptBytes + 4 - raw_text_.size()));
            return true;
        }
        if (!count_node()) return false;
        append_text(hidden() || zero_font() ? doc_.hidden_text : doc_.visible_text, run);
        append_to_captures(run);
        return true;
    }

    bool comment() override { return count_node(); }

    void append_to_captures(std::string_view text) {
        for (auto& c : captures_)
            if (c.text.size() < kMaxCaptureBytes) append_text(c.text, base::truncate_utf8(text, kMaxCaptureBytes - c.text.size()));
    }

private:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    HtmlDocument& doc_;
    const Limits& limits_;
    std::vector<ParseIssue>& issues_;
    Tokenizer tokenizer_{*this};
    std::vector<OpenElement> open_;
    std::vector<Capture> captures_;
    std::vector<std::size_t> open_forms_;
    std::string raw_text_;   // the open script, style or title's text
    std::size_t raw_open_ = 0; // open elements whose text is raw_text_
    std::size_t nodes_ = 0;
    bool stopped_ = false;
    // How many elements of each name are open: a search for one that is not open costs nothing,
    // however deep the stack (hostile markup nests a thousand elements).
    base::StringMap<std::size_t> open_names_;

    bool hidden() const { return !open_.empty() && open_.back().hidden; }
    bool zero_font() const { return !open_.empty() && open_.back().zero_font; }

    // Counts a node; past max_html_nodes the rest of the document is not read.
    bool count_node() {
        if (stopped_) return false;
        if (++nodes_ <= limits_.max_html_nodes) return true;
        issues_.push_back(ParseIssue{IssueKind::LimitExceeded, "max_html_nodes",
                                     fmt::format("max_html_nodes={} (rest of the HTML not read)", limits_.max_html_nodes), 0});
        stopped_ = true;
        return false;
    }

    // The index of the innermost open element named `name`, not looking past a scope boundary
    // (unless `anywhere`); npos when none.
    std::size_t find_open(std::string_view name, bool anywhere) const {
        auto it = open_names_.find(name);
        if (it == open_names_.end() || it->second == 0) return npos;
        for (std::size_t k = open_.size(); k-- > 0;) {
            if (open_[k].name == name) return k;
            if (!anywhere && open_[k].boundary) return npos;
        }
        return npos;
    }

    // Whether a block element is open inside open_[at].
    bool encloses_block(std::size_t at) const {
        for (std::size_t k = at + 1; k < open_.size(); ++k)
            if (open_[k].block || open_[k].boundary || open_[k].name == "form" || open_[k].name == "ul" ||
                open_[k].name == "ol" || open_[k].name == "dl")
                return true;
        return false;
    }

    // Ends the formatting element open_[at] and leaves what is open inside it open: its anchor
    // text and form end here, the elements above keep what they inherited.
    void remove(std::size_t at) {
        OpenElement element = std::move(open_[at]);
        open_.erase(open_.begin() + static_cast<std::ptrdiff_t>(at));
        --open_names_[element.name];
        if (element.capture) {
            // Its capture is the innermost one opened at or below it.
            std::size_t inner = 0;
            for (std::size_t k = at; k < open_.size(); ++k) inner += open_[k].capture ? 1 : 0;
            if (captures_.size() > inner) {
                const std::size_t c = captures_.size() - 1 - inner;
                doc_.links[captures_[c].link].text = base::collapse_whitespace(captures_[c].text);
                captures_.erase(captures_.begin() + static_cast<std::ptrdiff_t>(c));
            }
        }
    }

    void close_open(std::string_view name) {
        const std::size_t at = find_open(name, false);
        if (at != npos)
            while (open_.size() > at) pop();
    }

    // The end tags a start tag implies (WHATWG tree construction, "in body" and table modes).
    void imply_end_tags(std::string_view name) {
        if (one_of(name, kClosesP) || name == "hr" || name == "form" || name == "li" || name == "dd" || name == "dt" ||
            name == "listing" || name == "plaintext" || name == "xmp")
            close_open("p");
        if (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !open_.empty()) {
            const std::string& current = open_.back().name;
            if (current.size() == 2 && current[0] == 'h' && current[1] >= '1' && current[1] <= '6') pop();
        }
        if (name == "li") close_in_list("li", {"ul", "ol"});
        if (name == "dd" || name == "dt") {
            close_in_list("dd", {"dl"});
            close_in_list("dt", {"dl"});
        }
        if (name == "a") close_open("a"); // an <a> inside an open <a> ends it
        if (name == "option" || name == "optgroup") {
            if (!open_.empty() && open_.back().name == "option") pop();
        }
        if (name == "tr" || name == "tbody" || name == "thead" || name == "tfoot") {
            close_in_table("td");
            close_in_table("th");
            if (name == "tr") close_in_table("tr");
            else {
                close_in_table("tr");
                close_in_table("tbody");
                close_in_table("thead");
                close_in_table("tfoot");
            }
        }
        if (name == "td" || name == "th") {
            close_in_table("td");
            close_in_table("th");
        }
    }

    // Closes an open `name` up to the nearest list element (li ends the previous li).
    void close_in_list(std::string_view name, std::initializer_list<std::string_view> lists) {
        if (find_open(name, true) == npos) return;
        for (std::size_t k = open_.size(); k-- > 0;) {
            if (open_[k].name == name) {
                while (open_.size() > k) pop();
                return;
            }
            if (std::find(lists.begin(), lists.end(), open_[k].name) != lists.end() || open_[k].boundary) return;
            // Only through phrasing and address/div/p, as the spec's "special" rule allows.
            if (open_[k].name != "p" && open_[k].name != "div" && open_[k].name != "address" && open_[k].block) return;
        }
    }

    // Closes an open `name` of the innermost table (not beyond it).
    void close_in_table(std::string_view name) {
        if (find_open(name, true) == npos) return;
        for (std::size_t k = open_.size(); k-- > 0;) {
            if (open_[k].name == name) {
                while (open_.size() > k) pop();
                return;
            }
            if (open_[k].name == "table") return;
        }
    }

    void push(OpenElement element) {
        if (element.raw != Raw::None) ++raw_open_;
        element.boundary = one_of(element.name, kScopeBoundaries);
        ++open_names_[element.name];
        tokenizer_.set_foreign(element.foreign && element.raw == Raw::None);
        open_.push_back(std::move(element));
    }

    // Closes the innermost open element.
    void pop() {
        OpenElement element = std::move(open_.back());
        open_.pop_back();
        --open_names_[element.name];
        if (element.raw != Raw::None) --raw_open_;
        tokenizer_.set_foreign(!open_.empty() && open_.back().foreign);
        switch (element.raw) {
        case Raw::Script:
        case Raw::Style: {
            auto& list = element.raw == Raw::Script ? doc_.scripts : doc_.styles;
            const bool has_text = raw_text_.find_first_not_of(" \t\n\r\f") != std::string::npos;
            if (has_text && list.size() < kMaxScripts) list.emplace_back(base::truncate_utf8(raw_text_, kMaxScriptBytes));
            raw_text_.clear();
            return;
        }
        case Raw::Title:
            doc_.title = base::collapse_whitespace(raw_text_);
            raw_text_.clear();
            return;
        case Raw::Inside: return;
        case Raw::None: break;
        }
        if (element.capture && !captures_.empty()) {
            doc_.links[captures_.back().link].text = base::collapse_whitespace(captures_.back().text);
            captures_.pop_back();
        }
        if (element.form && !open_forms_.empty()) open_forms_.pop_back();
        if (element.block) append_break(doc_.visible_text);
    }
};

// The input stream as the tokenizer expects it: CR LF and lone CR become LF.
std::string_view normalize_newlines(std::string_view html, std::string& storage) {
    if (html.find('\r') == std::string_view::npos) return html;
    storage.reserve(html.size());
    for (std::size_t i = 0; i < html.size(); ++i) {
        if (html[i] != '\r') storage += html[i];
        else {
            storage += '\n';
            if (i + 1 < html.size() && html[i + 1] == '\n') ++i;
        }
    }
    return storage;
}

} // namespace

HtmlDocument parse_html_document(std::string_view utf8_html, const Limits& limits, std::vector<ParseIssue>& issues) {
    HtmlDocument doc;
    std::string_view html = cut_excessive_nesting(utf8_html, issues);
    std::string normalized;
    html = normalize_newlines(html, normalized);
    Walk walk(doc, limits, issues);
    walk.run(html);
    std::string& visible = doc.visible_text;
    while (!visible.empty() && (visible.back() == '\n' || visible.back() == ' ')) visible.pop_back();
    return doc;
}

} // namespace mikiwame::message

// SPDX-License-Identifier: Apache-2.0
// An HTML tokenizer after the WHATWG tokenization rules, as far as reading mail needs them:
// start tags with their attributes (names lower-cased, values with character references
// decoded), end tags, text runs (references decoded), comments, DOCTYPE and other markup
// declarations skipped; raw text in script, style, xmp, iframe, noembed and noframes, escapable
// raw text in title and textarea, everything after plaintext. No tree: the caller keeps what
// it needs of the open elements (html_document.cpp). Never allocates per character; the
// tokens point into the input or into one reused buffer, valid until the next callback.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mikiwame::message::html {

struct Attribute {
    std::string_view name;  // lower-case
    std::string_view value; // references decoded
};

struct StartTag {
    std::string_view name; // lower-case
    const std::vector<Attribute>& attributes;
    bool self_closing;
    // The value of the first attribute named `name` (as HTML keeps the first of duplicates);
    // nullptr when there is none.
    const std::string_view* find(std::string_view attribute) const {
        for (const auto& a : attributes)
            if (a.name == attribute) return &a.value;
        return nullptr;
    }
};

class TokenSink {
public:
    virtual ~TokenSink() = default;
    // Return false to stop tokenizing (a limit was reached).
    virtual bool start_tag(const StartTag& tag) = 0;
    virtual bool end_tag(std::string_view name) = 0;
    virtual bool text(std::string_view text) = 0;
    virtual bool comment() = 0;
};

// Tokenizes `html` (UTF-8) into `sink`. The raw-text state after a start tag is the
// tokenizer's own (as a browser's tree builder would set it), except inside SVG or MathML,
// which the sink tells by `in_foreign_content` at each start tag.
class Tokenizer {
public:
    explicit Tokenizer(TokenSink& sink) : sink_(sink) {}
    // Whether the next start tag is inside SVG/MathML (then script/style are not raw text).
    void set_foreign(bool foreign) { foreign_ = foreign; }
    void run(std::string_view html);

private:
    TokenSink& sink_;
    bool foreign_ = false;
    std::string text_;       // the current text run, references decoded
    std::string name_;       // the current tag or attribute name, lower-cased
    std::string values_;     // every attribute value of the current tag, back to back
    std::vector<std::pair<std::size_t, std::size_t>> value_spans_; // into values_
    std::vector<std::string> names_;
    std::vector<Attribute> attributes_;

    bool flush_text();
    // Reads a tag starting after '<' (or "</"); returns the offset after it, or npos at EOF.
    std::size_t read_tag(std::string_view html, std::size_t at, bool is_end, bool& keep_going);
    std::size_t skip_raw_text(std::string_view html, std::size_t at, std::string_view name, bool decode, bool& keep_going);
};

// Decodes one character reference at `s[at]` == '&' into `out`; returns the bytes consumed
// (0 when it is not a reference and the '&' stands for itself). `in_attribute`: the legacy
// rule that keeps "&amp=" and "&copy1" literal in attribute values.
std::size_t decode_reference(std::string_view s, std::size_t at, bool in_attribute, std::string& out);

} // namespace mikiwame::message::html

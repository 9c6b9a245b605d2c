// SPDX-License-Identifier: Apache-2.0
// What the HTML walk decides per element and text run, shared by the parser we run
// (html_document.cpp, libxml2's SAX interface) and the oracle it is checked against
// (html_document_gumbo.cpp, Gumbo's HTML5 tree): which styles hide, which elements break
// lines, how text collapses, where nesting is cut. One definition, so the two can only differ
// in how they read the markup.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "message/message.h"

namespace mikiwame::message::html {

// Nesting beyond this is cut before parsing: obfuscated phishing HTML reaches a few hundred
// unclosed elements; browsers themselves flatten beyond 512 (Blink).
constexpr std::size_t kMaxHtmlDepth = 1024;
constexpr std::size_t kMaxScriptBytes = 256u * 1024;
constexpr std::size_t kMaxScripts = 64;

// Estimates open-element depth from tags alone and returns the offset at which it first
// exceeds `max_depth`, or npos. Over-estimates only, so real documents pass.
std::size_t find_excessive_nesting(std::string_view html, std::size_t max_depth);
// `html` cut where its nesting first exceeds kMaxHtmlDepth, with a max_html_depth issue then.
std::string_view cut_excessive_nesting(std::string_view html, std::vector<ParseIssue>& issues);

// A style attribute lower-cased without whitespace ("display:none;color:red").
std::string compact_style(std::string_view style);
// Hidden with everything inside: nothing below can show it again.
bool is_hidden(bool has_hidden_attribute, const std::string& compact);
// font-size:0 is inherited but a descendant's own font size shows its text again: e-mail
// layouts put it on table cells to remove the gaps between inline blocks and set the real
// size on the paragraphs inside. Returns whether this element's text has zero size.
bool has_zero_font(const std::string& compact, bool parent_zero);
// The URL of a <meta http-equiv="refresh"> content attribute ("0; url='https://…'"), quotes
// taken off; nullopt when it names none.
std::optional<std::string> refresh_url(std::string_view content);
// Elements whose start and end break the visible text into lines (`name` lower-case).
bool is_block(std::string_view name);

// Appends text collapsing runs of whitespace as layout would, keeping the line breaks added
// for blocks.
void append_text(std::string& out, std::string_view text);
// Ends the current line (trailing spaces dropped), once.
void append_break(std::string& out);

} // namespace mikiwame::message::html

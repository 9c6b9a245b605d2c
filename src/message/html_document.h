// SPDX-License-Identifier: Apache-2.0
// HTML part → HtmlDocument (message.h): the text a reader sees, what is hidden, every link
// with its visible text, forms, images, meta refresh and base href. Read as a stream of tags
// and text (libxml2's HTML SAX parser) with a stack of the open elements: no tree is built.
// Nesting deeper than the limit is cut before parsing.
#pragma once

#include <string_view>
#include <vector>

#include "message/message.h"
#include "mikiwame/limits.h"

namespace mikiwame::message {

[[nodiscard]] HtmlDocument parse_html_document(std::string_view utf8_html, const Limits& limits,
                                               std::vector<ParseIssue>& issues);

// The same extraction over Gumbo's HTML5 tree, as a browser builds it: the oracle the
// differential test (tests/message/html_differential_test.cpp) and the fuzz target compare
// parse_html_document with. Not used by the analysis.
[[nodiscard]] HtmlDocument parse_html_document_gumbo(std::string_view utf8_html, const Limits& limits,
                                                     std::vector<ParseIssue>& issues);

} // namespace mikiwame::message

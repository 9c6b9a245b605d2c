// SPDX-License-Identifier: Apache-2.0
// HTML part → HtmlDocument (message.h): the text a reader sees, what is hidden, every link
// with its visible text, forms, images, meta refresh and base href. Gumbo parses as a
// browser would; our walk over its tree is iterative, and nesting deeper than the limit is
// cut before parsing, because Gumbo frees its tree recursively.
#pragma once

#include <string_view>
#include <vector>

#include "message/message.h"
#include "mikiwame/limits.h"

namespace mikiwame::message {

[[nodiscard]] HtmlDocument parse_html_document(std::string_view utf8_html, const Limits& limits,
                                               std::vector<ParseIssue>& issues);

} // namespace mikiwame::message

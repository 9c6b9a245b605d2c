// SPDX-License-Identifier: Apache-2.0
// The lexical layer of structured header fields (RFC 5322 §3.2.2 comments, §3.2.4 quoted
// strings), shared by the stages that read such fields: the auth stage's Authentication-Results
// and DKIM-Signature readers, and origin detection's look at an authserv-id. Syntax only.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mikiwame::message {

// Splits `s` on `sep` outside comments and quoted strings, and removes the comments (each
// replaced by one space). Quoted strings keep their quotes; a quoted-pair inside one is
// unescaped. An unterminated comment or quote runs to the end. Always at least one part.
// One pass, linear; never throws on any input but std::bad_alloc.
[[nodiscard]] std::vector<std::string> split_outside_comments(std::string_view s, char sep);

// The whitespace-separated words of `s`, with "a = b" read as "a=b" and quoted strings kept
// whole (quotes removed). One pass, linear.
[[nodiscard]] std::vector<std::string> field_words(std::string_view s);

} // namespace mikiwame::message

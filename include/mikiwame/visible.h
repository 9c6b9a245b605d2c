// SPDX-License-Identifier: Apache-2.0
// Untrusted text made safe to show on a terminal or in Markdown, as `less` and `git` do: C0 and
// C1 control characters, DEL, bidirectional overrides and other invisible format characters
// are written out visibly (`\x1b`, `U+202E`) instead of acting on the reader's screen; broken
// UTF-8 bytes become `\xHH`. The one sanitising function of every text and Markdown output.
#pragma once

#include <string>
#include <string_view>

namespace mikiwame {

// `keep_line_breaks`: TAB and LF stay as they are (multi-line output); otherwise they are
// shown as `\t` and `\n` too (one-line contexts such as error messages).
[[nodiscard]] std::string make_visible(std::string_view untrusted, bool keep_line_breaks = true);

} // namespace mikiwame

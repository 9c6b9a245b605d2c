// SPDX-License-Identifier: Apache-2.0
// What a reader of the mail would see, for a viewer that must not render it live (the web
// page's text preview and its sandboxed HTML frame): the decoded body text and the HTML body
// as the sender wrote it. Nothing here is made safe to display: the caller shows text as text
// and HTML only in a sandbox that runs, loads and navigates nothing.
#pragma once
#include <string>
#include <string_view>
#include "mikiwame/limits.h"
#include "mikiwame/result.h"

namespace mikiwame {

struct MessagePreview {
    std::string subject;   // decoded UTF-8
    std::string text;      // the text/plain body (the HTML body's visible text when none), decoded UTF-8
    std::string html;      // the first text/html part, decoded UTF-8; empty when none
    std::string html_hidden_text; // text the HTML hides from the reader (display:none, tiny fonts…)
    bool truncated = false; // the mail was longer than the limits allow: a prefix is shown
};

// Decodes `raw` under `limits` (the same stage as analysis). Malformed mail yields what could
// be read; only an internal failure (out of memory) is an error.
[[nodiscard]] Result<MessagePreview> preview_message(std::string_view raw, const Limits& limits) noexcept;

} // namespace mikiwame

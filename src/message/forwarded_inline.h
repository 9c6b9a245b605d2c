// SPDX-License-Identifier: Apache-2.0
// An inline forward in the text of a mail: the marker line a client writes above the forwarded
// message ("---------- Forwarded message ---------", "-----Original Message-----", "転送された
// メッセージ:", or Outlook's bare From:/Sent:/To:/Subject: block), its header block and its body,
// found only when the forwarder's own text before it is short. Part of the forwarded-report
// reconstruction (forwarded_report.h); reads text only.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "message/forward_markers.h"

namespace mikiwame::message {

struct InlineForward {
    ForwardStyle style = ForwardStyle::Generic;
    // The header block's fields in the order written; values unfolded and trimmed, as written.
    std::vector<std::pair<ForwardField, std::string>> fields;
    // The forwarded text after the header block, up to an end marker; one quoting level ("> ")
    // removed when the client quoted the forwarded part (Apple Mail).
    std::string body;
    // How the HTML version of the mail may show the marker: the marker's words (decoration
    // removed) or, for a bare header block, its first label with the colon ("差出人:").
    std::string html_hint;
};

// The inline forward of `text` (the outer mail's text), or nullopt: no marker unquoted among the
// first markers.max_scan_lines lines; the forwarder wrote more than max_forwarder_lines /
// max_forwarder_bytes before it (a signature after "-- " not counted); a marker replies use too
// (reply_too, a bare header block) under a Subject without a forward's prefix; no header field
// after the marker; more than max_trailing_lines lines after an end marker. The first marker
// decides. Linear in `text`; never throws.
[[nodiscard]] std::optional<InlineForward> find_inline_forward(std::string_view text, std::string_view outer_subject,
                                                               const ForwardMarkers& markers);

// True when `subject` starts with a forward's prefix of `markers` ("Fwd:", "FW :", "転送：").
[[nodiscard]] bool has_forward_prefix(std::string_view subject, const ForwardMarkers& markers);

// True when the non-blank lines of `text` (a signature after a "-- " line of at most
// max_signature_lines lines not counted) are within max_forwarder_lines and max_forwarder_bytes.
[[nodiscard]] bool is_short_forwarder_text(std::string_view text, const ForwardMarkers& markers);

} // namespace mikiwame::message

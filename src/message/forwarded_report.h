// SPDX-License-Identifier: Apache-2.0
// Forwarded reports: an abuse desk receives phishing mail its customers forwarded, attached
// (message/rfc822, an .eml or an Outlook .msg file) or written into the body ("---------- Forwarded
// message ---------", "-----Original Message-----", "転送されたメッセージ", Outlook's bare header
// block, Thunderbird's header table, Apple Mail's quoted part). When the forward is all the mail
// says, the forwarded message is the subject of the report: this finds it and gives its bytes —
// the attached message itself, or a message rebuilt from the inline header block (From, Date,
// Subject, To, Cc, Reply-To as far as they survived), the text from the marker on, the HTML from
// where the client opened the forwarded part (its links survive), and the outer mail's
// attachments. Runs after parse_message on the outer Message; the engine parses the result again.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/deadline.h"
#include "message/forward_markers.h"
#include "message/message.h"
#include "mikiwame/limits.h"

namespace mikiwame::message {

// Who forwarded the report: the outer mail's own identity, kept apart from the analysis.
struct Forwarder {
    std::string address;
    std::string display_name;
    std::string subject;
    std::optional<std::string> date; // the Date field as written
};

struct ForwardedReport {
    ForwardKind kind = ForwardKind::Inline;
    ForwardStyle style = ForwardStyle::Generic;
    Forwarder forwarder;
    // The forwarded message as RFC 5322 bytes: the attached message as written back, a converted
    // .msg, or the rebuilt inline message (UTF-8 header values, RFC 6532).
    std::string inner_raw;
    // What did not survive the forward or the reconstruction, one English sentence each.
    std::vector<std::string> notes;
};

// The forwarded report `outer` is, or nullopt. Attachment: exactly one attached message (pictures
// beside it allowed, any other attachment makes it more than a forward) and the outer text short
// (is_short_forwarder_text). Inline: find_inline_forward on the outer text (the first text/plain
// part, else the first HTML part's visible text). The rebuilt message stays within
// limits.max_message_bytes (attachments that do not fit are left out, with a note). Never throws;
// thread-safe; linear in the outer message's text.
[[nodiscard]] std::optional<ForwardedReport> find_forwarded_report(const Message& outer, const ForwardMarkers& markers,
                                                                   const Limits& limits);

struct UnwrappedMessage {
    // The subject of the report: the innermost forwarded message, or the input as it was.
    Message message;
    // The forwards unwrapped, outermost first (inner_raw emptied); empty when none.
    std::vector<ForwardedReport> layers;
};

// Unwraps forwarded reports from `outer`, at most limits.max_forward_depth of them (a forward of
// a forward of …); a deeper one is left as it is and named by a max_forward_depth issue of the
// returned message (message.limit_exceeded). Each layer is parsed with parse_message under
// `deadline`. max_forward_depth 0 unwraps nothing.
[[nodiscard]] UnwrappedMessage unwrap_forwarded(Message outer, const ForwardMarkers& markers, const Limits& limits,
                                                const base::Deadline& deadline = {});

} // namespace mikiwame::message

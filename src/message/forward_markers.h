// SPDX-License-Identifier: Apache-2.0
// What a forwarded message looks like inside the body of a mail: the marker lines mail clients
// write above it, the labels of its header block, the subject prefixes of a forward and the
// thresholds of "the forward is all the mail says". Plain data from data/phrases/forward.toml
// (the engine loads it, engine/forward_markers_file.h); find_forwarded_report reads it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mikiwame::message {

// How the forwarded message reached the abuse desk: as an attached message, or written into the
// body of the forwarder's mail.
enum class ForwardKind { Attachment, Inline };

// Inline: which client's marker it is. Attachment: what was attached (message/rfc822 part, an
// .eml file, an Outlook .msg).
enum class ForwardStyle { Gmail, Outlook, Thunderbird, Apple, Generic, Rfc822, Eml, OutlookMsg };

// The fields a forwarded header block can carry.
enum class ForwardField { From, Date, Subject, To, Cc, ReplyTo };

const char* to_string(ForwardKind kind);
const char* to_string(ForwardStyle style);
// "from", "date", "subject", "to", "cc", "reply_to".
const char* to_string(ForwardField field);

struct ForwardMarker {
    ForwardStyle style = ForwardStyle::Generic;
    std::vector<std::string> lines;   // exact marker lines, folded (fold_marker_text), trimmed
    std::vector<std::string> phrases; // marker words without their decoration, folded
    bool reply_too = false;           // also written above replies: needs a forward's Subject prefix
};

struct ForwardMarkers {
    std::vector<ForwardMarker> markers;
    std::vector<std::string> end_phrases;      // folded
    std::vector<std::string> subject_prefixes; // folded, without the colon
    std::vector<std::pair<std::string, ForwardField>> labels; // folded label → field
    std::vector<std::string> html_anchors;     // lower-case ASCII
    std::vector<std::string> pm_words, am_words;              // folded
    std::vector<std::pair<std::string, std::string>> zones;   // folded name → "+0900"

    std::size_t max_forwarder_lines = 8;
    std::size_t max_forwarder_bytes = 600;
    std::size_t max_signature_lines = 10;
    std::size_t max_scan_lines = 60;
    std::size_t max_header_lines = 16;
    std::size_t max_trailing_lines = 6;
};

// How marker lines, labels, prefixes and date words are compared: ASCII lower case, full-width
// ASCII forms (U+FF01–U+FF5E) as ASCII, the ideographic and no-break spaces as spaces. Cheaper
// than NFKC, which the few hundred bytes read per message do not need. Invalid UTF-8 is kept.
[[nodiscard]] std::string fold_marker_text(std::string_view text);

// `markers` with every string folded as find_forwarded_report compares them (fold_marker_text;
// ASCII lower case for the HTML anchors). Loaders and tests call this once; it is idempotent.
[[nodiscard]] ForwardMarkers prepare_forward_markers(ForwardMarkers markers);

} // namespace mikiwame::message

// SPDX-License-Identifier: Apache-2.0
// Outlook .msg files (MS-OXMSG: MAPI properties in an OLE2 compound file, MS-CFB) turned
// into the RFC 5322 message they stand for, so that parse_message() and every later stage
// read them like any other mail. Runs before parse_message(); libgsf reads the compound file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mikiwame/limits.h"
#include "mikiwame/result.h"

namespace mikiwame::message {

struct OutlookConversion {
    // The reconstructed message: header section (PR_TRANSPORT_MESSAGE_HEADERS, or headers
    // synthesised from the MAPI properties), then a MIME body we build: multipart/alternative
    // of the plain and HTML (or RTF) bodies, attachments as base64 parts, embedded messages
    // as message/rfc822 parts converted the same way. CRLF line ends.
    std::string mime;
    // What was read from where, one sentence each, for the report: "input was an Outlook
    // .msg", "headers from PR_TRANSPORT_MESSAGE_HEADERS", "HTML body de-encapsulated from
    // PR_RTF_COMPRESSED", "2 attachments, 1 embedded message", limits hit, …
    std::vector<std::string> notes;
};

// True when `bytes` are an OLE2 compound file (signature D0 CF 11 E0 A1 B1 1A E1) whose root
// storage has the MS-OXMSG layout: a __properties_version1.0 stream and __substg1.0_ property
// streams. Other OLE2 files (Word, Excel, Thumbs.db) are false. Reads the compound file's
// directory only; never fails, thread-safe.
[[nodiscard]] bool looks_like_outlook_msg(std::string_view bytes);

// Converts an Outlook .msg to RFC 5322 bytes (see OutlookConversion). Hostile input is
// expected: every stream read is capped at limits.max_message_bytes, the reconstructed
// message is kept within max_message_bytes (attachments that do not fit are left out and
// said so in `notes`), embedded messages nest at most max_mime_depth deep and parts stop at
// max_mime_parts (also noted). A file that is not an OLE2 compound file, is truncated, has
// a corrupt or implausibly large directory (more than 65,536 entries or 4,096 in one
// storage, which libgsf would read in quadratic time and with deep recursion), or lacks
// the MAPI property streams is ErrorCode::InputRejected with a one-line message
// "damaged Outlook .msg: …". Never throws; thread-safe; `bytes` need only live for the call.
[[nodiscard]] Result<OutlookConversion> convert_outlook_msg(std::string_view bytes, const Limits& limits);

} // namespace mikiwame::message

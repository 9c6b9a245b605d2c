// SPDX-License-Identifier: Apache-2.0
// Public API (implemented by the message stage, src/message/input_kind.cpp).
// What an input is before it is analysed: an RFC 5322 message, an mbox of several, an Outlook
// .msg, or something that is not mail at all (empty, a binary, a PDF…). Judged by content
// (the first line, libmagic), never by file name. Also the mbox splitter (mboxo/mboxrd).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "mikiwame/limits.h"
#include "mikiwame/result.h"

namespace mikiwame {

enum class InputKind { Mail, Empty, Mbox, OutlookMsg, NotMail };

struct InputInspection {
    InputKind kind = InputKind::Mail;
    // One line for the user: "empty input", "binary data (ELF 64-bit LSB executable)",
    // "PDF document", "mbox with 3 messages", "Outlook .msg file", "" for mail.
    std::string description;
    std::size_t mbox_messages = 0; // for Mbox
};

// Looks at the start of `bytes` (and counts mbox messages). Linear, never fails.
[[nodiscard]] InputInspection inspect_input(std::string_view bytes);

struct MboxMessage {
    std::size_t offset = 0; // byte offset of the "From " line in the mbox
    std::string text;       // the message without its "From " line, ">From " lines unquoted
};

// Splits an mbox (mboxo or mboxrd) at "From " lines that start the file or follow an empty line
// and carry a sender and a date; Content-Length is not trusted. At most `max_messages`.
[[nodiscard]] std::vector<MboxMessage> split_mbox(std::string_view bytes, std::size_t max_messages);

// Where each message of an mbox lies, without copying it: the scanner indexes mailboxes of any
// size this way and reads one message at a time.
struct MboxSpan {
    std::size_t offset = 0; // byte offset of the "From " line in the mbox
    std::size_t length = 0; // bytes up to the next "From " line (or the end), its empty line excluded
    // The mbox ends inside this message's header section or in the middle of a line: a file
    // cut short (a copy interrupted, a disk full), whose last message is not whole.
    bool truncated = false;
};
[[nodiscard]] std::vector<MboxSpan> index_mbox(std::string_view bytes, std::size_t max_messages);
// The message of one span (`span` = the mbox's bytes at offset, length): without its "From "
// line, ">From " lines unquoted.
[[nodiscard]] std::string mbox_message_text(std::string_view span);

// The identity of a message as reports give it (Report::message.sha256): SHA-256 of the raw
// bytes, lower-case hex. The scanner's resume state and the workers' results are keyed by it.
[[nodiscard]] std::string message_sha256(std::string_view raw);

// An Outlook .msg rebuilt as an RFC 5322 message (MS-OXMSG: transport headers, plain/HTML/RTF
// bodies, attachments and embedded messages), with notes saying what was reconstructed.
struct ConvertedMessage {
    std::string mime;
    std::vector<std::string> notes;
};

// InputRejected error ("damaged Outlook .msg: …") when the file cannot be read as one. Bounded
// by `max_bytes` per stream and `max_depth` / `max_parts` for embedded messages and parts.
[[nodiscard]] Result<ConvertedMessage> convert_outlook_msg(std::string_view bytes, const Limits& limits);

} // namespace mikiwame

// SPDX-License-Identifier: Apache-2.0
// The messages of mailboxes as `scan` finds them: Maildir folders (cur/ and new/; tmp/ holds
// mail still being written), mbox files (mboxo and mboxrd, split at "From " lines, never by
// Content-Length), MH folders (numbered files, in numeric order), folders of .eml files at any
// depth, single messages and Outlook .msg files — judged by content, never by file name. The
// list holds only where each message is; its bytes are read when it is analysed, so memory does
// not grow with the size of the archive.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mikiwame/limits.h"
#include "mikiwame/result.h"

namespace mikiwame::cli {

struct MailLocation {
    std::string file;                    // the file as found (the path given, then below it)
    std::optional<std::uint64_t> offset; // for a message of an mbox: where its "From " line starts
    std::uint64_t length = 0;            // for a message of an mbox: its bytes from there
};

// A file or folder that could not be read, a truncated mbox: said on standard error and left out.
struct MailboxProblem {
    std::string location;
    std::string message;
};

struct MailboxListing {
    std::vector<MailLocation> messages; // in a stable order: the paths as given, then by name
    std::vector<MailboxProblem> problems;
    std::size_t ignored_files = 0;      // mailbox bookkeeping (.mh_sequences, dovecot.index, …)
};

// Finds every message under `paths` ("-": read the paths to scan from standard input, one per
// line). A path given twice, or a file reached twice, is listed once. Files whose first line is
// neither a header field nor an mbox "From " line stay in the list: reading them says what they
// are (an Outlook .msg, or not mail) — the listing reads only the first bytes of each file.
MailboxListing list_mailboxes(const std::vector<std::string>& paths);

// "file" or "file#offset": how reports, errors and the summary name a message.
std::string location_name(const MailLocation& location);

struct LoadedMail {
    std::string raw;                 // the message itself (mbox quoting undone, .msg rebuilt as MIME)
    std::vector<std::string> notes;  // what was done to the input (for AnalyzeRequest::input_notes)
};

// Reads one message. Errors: CannotOpen (unreadable, vanished since the listing), InputRejected
// (not mail, damaged .msg, larger than `hard_cap_bytes`).
[[nodiscard]] Result<LoadedMail> load_mail(const MailLocation& location, const Limits& limits, std::size_t hard_cap_bytes);

} // namespace mikiwame::cli

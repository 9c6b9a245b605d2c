// SPDX-License-Identifier: Apache-2.0
// `mikiwame scan PATH…`: every message of Maildir folders, mbox files, MH folders, folders of
// .eml files and lists of paths on standard input, analysed on every core; one JSON line (the
// report with the mail's location) or one CSV row per mail, in the order the mail was found
// whatever the number of jobs. A progress line on a terminal, a summary, indicators for
// blocklists and CSIRTs, and a resume state so that a rerun analyses only new mail.
//
// Exit status (as clamscan's): 0 no phishing found, 1 phishing found, 2 some files, folders or
// messages could not be read (said on standard error; takes precedence over 1), 130
// interrupted (Ctrl-C or SIGTERM; what was done is written and said); and as every command:
// 64 usage, 66 nothing to scan (every path missing or unreadable), 74 write error, 78
// configuration or state-file error.
#pragma once

#include <string>
#include <vector>

#include "mikiwame/engine.h"

namespace mikiwame::cli {

struct ScanArgs {
    std::vector<std::string> paths;
    unsigned jobs = 0;                   // 0: one per core
    std::string format = "jsonl";        // jsonl | csv
    std::string output;                  // empty: standard output
    std::string summary;                 // "", text, json
    std::vector<std::string> indicators; // files: *.json a STIX 2.1 bundle, else CSV
    std::string state;                   // SQLite resume state; empty: none
    bool quiet = false;                  // no progress line, no closing tally
    // A customer's forwarded report is analysed as the message it forwards (the report says so).
    bool unwrap_forwarded = true;
};

int run_scan(const Engine& engine, const ScanArgs& args);

} // namespace mikiwame::cli

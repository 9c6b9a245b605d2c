// SPDX-License-Identifier: Apache-2.0
// What one analysis is asked to do: the raw message and, when a mail server hands it over,
// the SMTP envelope it saw, a time budget and whether network checks are allowed.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mikiwame {

// The SMTP transaction as the receiving server saw it (a milter's connection facts). Present
// only when mikiwame runs at the receiver: then the client is the first hop nobody upstream
// could forge, and origin detection and alignment start from it. Every field is optional
// (empty when unknown).
struct Envelope {
    std::string client_ip;             // the connecting client's address
    std::string client_name;           // its reverse DNS name as the server resolved it
    std::string helo;                  // HELO/EHLO argument
    std::string mail_from;             // MAIL FROM reverse path without <>; empty: null sender
    std::vector<std::string> rcpt_to;  // RCPT TO addresses without <>
    std::string receiving_host;        // the receiving server's own name (the Received "by")
    std::optional<std::int64_t> arrival_time; // seconds since the epoch
};

struct AnalyzeRequest {
    std::string_view raw;              // the message as received; must outlive analyze()
    std::optional<Envelope> envelope;
    // Time allowed for the analysis; none: Limits::max_analysis_ms. When it runs out the
    // analysis ends with the facts found so far and message.limit_exceeded names the budget.
    std::optional<std::chrono::milliseconds> time_budget;
    // Allow network lookups (DNS authentication, blocklists). Off by default: an offline
    // analysis sends no packet.
    bool online = false;
    // What the caller did to the input before analysis (e.g. "input was an Outlook .msg; …"):
    // shown among the report's notes.
    std::vector<std::string> input_notes;
    // An abuse desk's mail is mostly its customers' forwards of what they received. When the
    // message's only substantial content is a forwarded message (attached, or inline under a
    // client's "Forwarded message" marker), analyse that message as the subject of the report
    // (Report::forwarded says so; the forwarder's identity stays there, and the envelope, which
    // describes the forward's transport, is not applied to it). false: the mail as it is.
    bool unwrap_forwarded = true;
};

} // namespace mikiwame

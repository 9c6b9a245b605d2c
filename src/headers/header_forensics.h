// SPDX-License-Identifier: Apache-2.0
// Header forensics, the stage facade: Received chain → origin, sender identity, trusted
// authentication verdicts and upstream filter verdicts, with the findings they support.
// Reads only message::Message; fills the sender/origin/received/auth parts of the Report.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/finding_hit.h"
#include "headers/auth_verdicts.h"
#include "headers/header_lists.h"
#include "headers/origin.h"
#include "headers/received_parser.h"
#include "headers/sender_identity.h"
#include "headers/upstream_verdicts.h"
#include "message/message.h"
#include "mikiwame/limits.h"
#include "mikiwame/report.h"

namespace mikiwame::headers {

struct HeaderOptions {
    OriginOptions origin;
};

struct HeaderFacts {
    std::vector<ReceivedHop> hops;        // header order, at most Limits::max_received_hops
    std::size_t received_field_count = 0; // Received fields in the message
    std::optional<std::size_t> origin_index;
    std::optional<std::string> origin_ip;
    std::optional<std::string> origin_helo;
    std::optional<std::string> origin_rdns;
    std::size_t trusted_hop_count = 0;
    std::vector<std::string> receiver_domains;
    SenderIdentity sender;
    AuthVerdicts auth;
    UpstreamVerdicts upstream;
    std::vector<base::FindingHit> hits; // SPEC §3 ids: subject.*, upstream.*, sender.*, received.*, auth.*
};

// Runs every header check on `msg`. Never fails and never throws on any message; work is
// linear in the header bytes, with at most limits.max_received_hops hops parsed (more are
// reported as message.limit_exceeded). `lists` (HeaderLists::load) are the domain and word
// lists of data/lists/ the checks judge with. Thread-safe.
[[nodiscard]] HeaderFacts analyze_headers(const message::Message& msg, const HeaderLists& lists,
                                          const HeaderOptions& options, const Limits& limits);

// Fills report.sender, report.origin (ip/helo/rdns; country and ASN left for IP
// intelligence), report.received (in header order) and report.auth (source "header").
void fill_report(const HeaderFacts& facts, Report& report);

} // namespace mikiwame::headers

// SPDX-License-Identifier: Apache-2.0
// Header forensics, the stage facade: Received chain → origin, sender identity and upstream
// filter verdicts, with the findings they support. Reads only message::Message (and the
// envelope); the engine turns the facts into the report. Which authentication fields to
// believe is the auth stage's (auth/auth_verdicts.h), from the trust boundary found here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/finding_hit.h"
#include "catalog/brand_catalog.h"
#include "headers/header_lists.h"
#include "headers/origin.h"
#include "headers/received_parser.h"
#include "headers/sender_identity.h"
#include "headers/upstream_verdicts.h"
#include "message/message.h"
#include "mikiwame/limits.h"
#include "mikiwame/report.h"
#include "mikiwame/request.h"

namespace mikiwame::headers {

struct HeaderOptions {
    OriginOptions origin;
    // The SMTP envelope when the analysis runs at the receiving server (a milter). A public
    // client outside origin.trusted_networks is then the origin: nothing in the headers is
    // trusted, since every field was written before the mail reached us.
    const Envelope* envelope = nullptr;
    // The brand catalogue: domains of one brand family (a bank and its card company) belong
    // together in the sender checks. Null: only the domains' own names relate them.
    const catalog::BrandCatalog* brands = nullptr;
};

struct HeaderFacts {
    std::vector<ReceivedHop> hops;        // header order, at most Limits::max_received_hops
    std::vector<std::size_t> hop_header_index; // index in Message::headers of each hop's field
    std::size_t received_field_count = 0; // Received fields in the message
    std::optional<std::size_t> origin_index;
    std::optional<std::string> origin_ip;
    std::optional<std::string> origin_helo;
    std::optional<std::string> origin_rdns;
    std::size_t trusted_hop_count = 0;
    // The trust boundary (OriginResult::boundary_header_index): fields above it were added on
    // the receiving side. With the envelope's client as origin, 0 (every field is the sender's).
    std::optional<std::size_t> boundary_header_index;
    bool origin_from_envelope = false;    // the origin is the envelope's client, not a header hop
    std::vector<std::string> receiver_domains;
    SenderIdentity sender;
    UpstreamVerdicts upstream;
    std::vector<base::FindingHit> hits; // SPEC §3 ids: upstream.*, sender.*, received.*, message.limit_exceeded
};

// Runs every header check on `msg`. Never fails and never throws on any message; work is
// linear in the header bytes, with at most limits.max_received_hops hops parsed (more are
// reported as message.limit_exceeded). `lists` (HeaderLists::load) are the domain and word
// lists of data/lists/ the checks judge with. Thread-safe.
[[nodiscard]] HeaderFacts analyze_headers(const message::Message& msg, const HeaderLists& lists,
                                          const HeaderOptions& options, const Limits& limits);

} // namespace mikiwame::headers

// SPDX-License-Identifier: Apache-2.0
// Origin detection: walks the Received chain from the top (written by the receiver) down to
// the first hop whose client is outside the receiving organisation. Offline, no configuration
// needed; OriginOptions can pin the receiving organisation's networks and domains.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "base/finding_hit.h"
#include "headers/header_lists.h"
#include "headers/received_parser.h"
#include "message/message.h"
#include "net/ip_address.h"
#include "mikiwame/limits.h"

namespace mikiwame::headers {

struct OriginOptions {
    // Networks of the receiving organisation (parsed once when the engine loads). Clients in
    // them are internal.
    std::vector<net::Cidr> trusted_networks;
    // Domains of the receiving organisation. When set, they replace the heuristic that takes
    // the receiver's domain from the top hop and the Authentication-Results authserv-id.
    std::vector<std::string> internal_domains;
};

struct ReceivedChain {
    std::vector<ReceivedHop> hops;          // header order: hops[0] is the newest (top) field
    std::vector<std::size_t> header_index;  // index in Message::headers of each hop's field
    std::size_t field_count = 0;            // Received fields in the message, parsed or not
    std::vector<base::FindingHit> hits;     // message.limit_exceeded when fields were dropped
};

// Parses the top-level Received fields in order, at most limits.max_received_hops of them
// (the newest ones: those are the receiver's). Never fails; thread-safe.
[[nodiscard]] ReceivedChain parse_received_chain(const message::Message& msg, const Limits& limits);

struct OriginResult {
    std::optional<std::size_t> origin_index; // index into ReceivedChain::hops
    // Hops [0, trusted_hop_count) were written by the receiving organisation (when an origin is
    // found: origin_index + 1). Headers above the field of hop trusted_hop_count - 1 were added
    // on the receiving side; anything below it the sender could have written.
    std::size_t trusted_hop_count = 0;
    std::optional<std::size_t> boundary_header_index; // Message::headers index of that field
    std::vector<std::string> receiver_domains;        // registrable domains judged internal
    std::vector<std::string> reasons;                 // why each skipped hop was internal
};

// Finds the origin hop of `chain` in `msg` (the message supplies Authentication-Results
// authserv-ids). Pure function of its inputs; thread-safe.
// `lists` names the shared providers and inbound gateways (data/lists/).
[[nodiscard]] OriginResult find_origin(const message::Message& msg, const ReceivedChain& chain,
                                       const HeaderLists& lists, const OriginOptions& options);

} // namespace mikiwame::headers

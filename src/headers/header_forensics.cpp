// SPDX-License-Identifier: Apache-2.0
// Header forensics facade: runs the parsers and checks of this stage in order and collects
// their findings.
#include "headers/header_forensics.h"

#include "headers/received_checks.h"
#include "headers/sender_checks.h"
#include "net/domain.h"
#include "net/ip_address.h"

namespace mikiwame::headers {
namespace {

void add(std::vector<base::FindingHit>& hits, std::optional<base::FindingHit> hit) {
    if (hit) hits.push_back(std::move(*hit));
}

// The envelope's client as the origin, when it is one: a public address outside the receiving
// organisation's networks. A client inside them (an internal relay, a local submission) hands
// over mail whose Received chain the organisation wrote, so the chain is read as usual.
std::optional<ReceivedHop> envelope_origin(const Envelope* envelope, const OriginOptions& options) {
    if (!envelope) return std::nullopt;
    auto ip = net::parse_ip(envelope->client_ip);
    if (!ip || !ip->is_public()) return std::nullopt;
    for (const auto& network : options.trusted_networks)
        if (net::cidr_contains(network, *ip)) return std::nullopt;
    ReceivedHop hop;
    hop.from_ip = ip->to_string();
    if (!envelope->helo.empty()) hop.from_helo = envelope->helo;
    if (!envelope->client_name.empty() && envelope->client_name != "unknown") hop.from_rdns = envelope->client_name;
    hop.rdns_unknown = envelope->client_name.empty() || envelope->client_name == "unknown";
    if (!envelope->receiving_host.empty()) hop.by = envelope->receiving_host;
    if (!envelope->mail_from.empty()) hop.envelope_from = envelope->mail_from;
    return hop;
}

} // namespace

HeaderFacts analyze_headers(const message::Message& msg, const HeaderLists& lists, const HeaderOptions& options,
                            const Limits& limits) {
    HeaderFacts facts;
    ReceivedChain chain = parse_received_chain(msg, limits);
    const std::optional<ReceivedHop> envelope_hop = envelope_origin(options.envelope, options.origin);
    OriginResult origin;
    if (envelope_hop) {
        // Every header field is below the first trusted hop: the boundary is the top.
        origin.boundary_header_index = 0;
        for (const auto& d : options.origin.internal_domains) origin.receiver_domains.push_back(net::registrable_domain(d));
        if (envelope_hop->by) origin.receiver_domains.push_back(net::registrable_domain(*envelope_hop->by));
    } else {
        origin = find_origin(msg, chain, lists, options.origin);
    }
    facts.received_field_count = chain.field_count;
    facts.hits = chain.hits;
    facts.origin_index = origin.origin_index;
    facts.trusted_hop_count = origin.trusted_hop_count;
    facts.receiver_domains = origin.receiver_domains;
    facts.sender = extract_sender_identity(msg);
    facts.boundary_header_index = origin.boundary_header_index;
    facts.upstream = read_upstream_verdicts(msg);

    if (!facts.upstream.spam_flags.empty())
        facts.hits.push_back({"upstream.spam_flag", facts.upstream.spam_flags});

    add(facts.hits, check_display_domain_mismatch(facts.sender, options.brands));
    add(facts.hits, check_reply_to_divergent(facts.sender, msg, lists, options.brands));
    add(facts.hits, check_return_path_divergent(facts.sender, msg, lists, options.brands));
    add(facts.hits, check_message_id_divergent(facts.sender, chain.hops, lists, options.brands));

    if (envelope_hop || origin.origin_index) {
        const ReceivedHop& hop = envelope_hop ? *envelope_hop : chain.hops[*origin.origin_index];
        facts.origin_from_envelope = envelope_hop.has_value();
        facts.origin_ip = hop.from_ip;
        facts.origin_helo = hop.from_helo;
        facts.origin_rdns = hop.from_rdns;
        add(facts.hits, check_suspicious_helo(hop, origin.receiver_domains, lists));
        add(facts.hits, check_generic_rdns(hop, lists));
    }
    add(facts.hits, check_chain_anomaly(chain, origin));
    facts.hops = std::move(chain.hops);
    facts.hop_header_index = std::move(chain.header_index);
    return facts;
}

} // namespace mikiwame::headers

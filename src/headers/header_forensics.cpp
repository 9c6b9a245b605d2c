// SPDX-License-Identifier: Apache-2.0
// Header forensics facade: runs the parsers and checks of this stage in order and collects
// their findings.
#include "headers/header_forensics.h"

#include "headers/received_checks.h"
#include "headers/sender_checks.h"

namespace mikiwame::headers {
namespace {

void add(std::vector<base::FindingHit>& hits, std::optional<base::FindingHit> hit) {
    if (hit) hits.push_back(std::move(*hit));
}

void add_auth_hits(const AuthVerdicts& auth, std::vector<base::FindingHit>& hits) {
    auto with_evidence = [&](std::string id, std::string first) {
        base::FindingHit hit{std::move(id), {std::move(first)}};
        hit.evidence.insert(hit.evidence.end(), auth.evidence.begin(), auth.evidence.end());
        hits.push_back(std::move(hit));
    };
    if (auth.spf == "fail") with_evidence("auth.spf_fail", "spf=fail");
    if (auth.spf == "softfail") with_evidence("auth.spf_softfail", "spf=softfail");
    if (auth.dkim == "fail") with_evidence("auth.dkim_fail", "dkim=fail");
    if (auth.dmarc == "fail") with_evidence("auth.dmarc_fail", "dmarc=fail");
    // Nothing authenticated the sender: the receiver checked (it wrote results) and neither
    // SPF nor DKIM nor DMARC came out as anything but none.
    auto is_none = [](const std::optional<std::string>& r) { return !r || *r == "none"; };
    if (!auth.evidence.empty() && is_none(auth.spf) && is_none(auth.dkim) && is_none(auth.dmarc))
        with_evidence("auth.none", "spf=" + auth.spf.value_or("none") + " dkim=" +
                                       auth.dkim.value_or("none") + " dmarc=" +
                                       auth.dmarc.value_or("none"));
}

} // namespace

HeaderFacts analyze_headers(const message::Message& msg, const HeaderLists& lists, const HeaderOptions& options,
                            const Limits& limits) {
    HeaderFacts facts;
    ReceivedChain chain = parse_received_chain(msg, limits);
    OriginResult origin = find_origin(msg, chain, lists, options.origin);
    facts.received_field_count = chain.field_count;
    facts.hits = chain.hits;
    facts.origin_index = origin.origin_index;
    facts.trusted_hop_count = origin.trusted_hop_count;
    facts.receiver_domains = origin.receiver_domains;
    facts.sender = extract_sender_identity(msg);
    facts.auth = evaluate_authentication(msg, origin);
    facts.upstream = read_upstream_verdicts(msg);

    if (!facts.upstream.spam_flags.empty())
        facts.hits.push_back({"upstream.spam_flag", facts.upstream.spam_flags});

    add(facts.hits, check_display_domain_mismatch(facts.sender));
    add(facts.hits, check_reply_to_divergent(facts.sender, msg, lists));
    add(facts.hits, check_return_path_divergent(facts.sender, msg, lists));
    add(facts.hits, check_message_id_divergent(facts.sender, chain.hops, lists));

    if (origin.origin_index) {
        const ReceivedHop& hop = chain.hops[*origin.origin_index];
        facts.origin_ip = hop.from_ip;
        facts.origin_helo = hop.from_helo;
        facts.origin_rdns = hop.from_rdns;
        add(facts.hits, check_suspicious_helo(hop, origin.receiver_domains, lists));
        add(facts.hits, check_generic_rdns(hop, lists));
    }
    add(facts.hits, check_chain_anomaly(chain, origin));
    add_auth_hits(facts.auth, facts.hits);
    facts.hops = std::move(chain.hops);
    return facts;
}

void fill_report(const HeaderFacts& facts, Report& report) {
    const SenderIdentity& s = facts.sender;
    if (s.from) {
        report.sender.from.address = s.from->address;
        report.sender.from.display_name = s.from->display_name;
        report.sender.from.domain = s.from->domain;
        report.sender.from.registrable_domain = s.from->registrable_domain;
    }
    report.sender.return_path = s.return_path ? std::optional(s.return_path->address) : std::nullopt;
    report.sender.reply_to = s.reply_to ? std::optional(s.reply_to->address) : std::nullopt;
    report.sender.message_id_domain = s.message_id_domain;

    report.origin.reset();
    if (facts.origin_ip) {
        OriginInfo origin;
        origin.ip = *facts.origin_ip;
        origin.helo = facts.origin_helo;
        origin.rdns = facts.origin_rdns;
        report.origin = std::move(origin);
    }
    report.received.clear();
    for (const auto& hop : facts.hops) {
        ReceivedInfo info;
        info.from_helo = hop.from_helo;
        info.from_rdns = hop.from_rdns;
        info.from_ip = hop.from_ip;
        info.by = hop.by;
        info.with = hop.with;
        info.id = hop.id;
        info.for_address = hop.for_address;
        info.date = hop.date;
        info.raw = hop.raw;
        report.received.push_back(std::move(info));
    }
    report.auth.spf = facts.auth.spf;
    report.auth.dkim = facts.auth.dkim;
    report.auth.dmarc = facts.auth.dmarc;
    report.auth.source = "header";
}

} // namespace mikiwame::headers

// SPDX-License-Identifier: Apache-2.0
// Origin detection. A Received field is only as trustworthy as the machine that wrote it, so
// the walk starts at the top (our own MTA) and moves down only while the client each hop
// names is itself inside the receiving organisation; the first outside client is the origin.
#include "headers/origin.h"

#include <algorithm>
#include <charconv>

#include "base/text.h"
#include "message/field_syntax.h"
#include "net/domain.h"
#include "net/ip_address.h"

namespace mikiwame::headers {
namespace {

std::string registrable_of(std::string_view host) {
    auto ascii = net::domain_to_ascii(host);
    if (!ascii || !net::has_known_public_suffix(*ascii)) return {};
    if (ascii->find('.') == std::string::npos) return {};
    return net::registrable_domain(*ascii);
}

bool has(const std::vector<std::string>& v, std::string_view s) {
    return !s.empty() && std::find(v.begin(), v.end(), s) != v.end();
}

void add_unique(std::vector<std::string>& v, std::string s) {
    if (!s.empty() && !has(v, s)) v.push_back(std::move(s));
}

// Microsoft 365 relays its tenants' mail internally over IPv6 from 2603:1000::/24 and
// 2a01:111::/32 (or private IPv4), under *.outlook.com / *.office365.com host names. Its
// outbound frontends (*.outbound.protection.outlook.com) speak for the *sending* tenant.
bool is_microsoft_internal(const ReceivedHop& hop, const net::IpAddress& ip) {
    const std::string& name = hop.from_rdns ? *hop.from_rdns : hop.from_helo.value_or("");
    std::string lower = base::to_lower_ascii(name);
    bool ms_name = lower.ends_with(".outlook.com") || lower.ends_with(".office365.com") ||
                   lower.ends_with(".exchangelabs.com");
    if (!ms_name || lower.ends_with(".outbound.protection.outlook.com")) return false;
    if (!ip.is_public()) return true;
    if (!ip.is_v6) return false;
    bool ms_v6 = (ip.bytes[0] == 0x26 && ip.bytes[1] == 0x03 && ip.bytes[2] == 0x10) ||
                 (ip.bytes[0] == 0x2a && ip.bytes[1] == 0x01 && ip.bytes[2] == 0x01 &&
                  ip.bytes[3] == 0x11);
    return ms_v6;
}

// The authserv-id an Authentication-Results value starts with (RFC 8601 §2.2), read here only
// as a name of the receiving organisation; the auth stage reads the results themselves.
// Microsoft 365 writes none and starts with "spf=…": a first word with '=' is a result.
std::optional<std::string> leading_authserv_id(std::string_view value) {
    const std::vector<std::string> words = message::field_words(message::split_outside_comments(value, ';').front());
    if (words.empty() || words.front().find('=') != std::string::npos) return std::nullopt;
    return base::to_lower_ascii(words.front());
}

// Local retrieval (fetchmail, POP3/IMAP) records the mailbox server, not a relay.
bool is_local_retrieval(const ReceivedHop& hop) {
    if (!hop.with) return false;
    return base::istarts_with_ascii(*hop.with, "IMAP") || base::istarts_with_ascii(*hop.with, "POP") ||
           base::icontains_ascii(hop.raw, "(fetchmail");
}

} // namespace

ReceivedChain parse_received_chain(const message::Message& msg, const Limits& limits) {
    ReceivedChain chain;
    for (std::size_t i = 0; i < msg.headers.size(); ++i) {
        if (!base::iequals_ascii(msg.headers[i].name, "Received")) continue;
        ++chain.field_count;
        if (chain.hops.size() >= limits.max_received_hops) continue;
        chain.hops.push_back(parse_received_hop(msg.headers[i].value));
        chain.header_index.push_back(i);
    }
    if (chain.field_count > limits.max_received_hops)
        chain.hits.push_back(
            {"message.limit_exceeded",
             {"max_received_hops=" + std::to_string(limits.max_received_hops),
              "Received fields: " + std::to_string(chain.field_count)}});
    return chain;
}

OriginResult find_origin(const message::Message& msg, const ReceivedChain& chain, const HeaderLists& lists,
                         const OriginOptions& options) {
    OriginResult out;
    const auto& hops = chain.hops;
    const std::vector<net::Cidr>& trusted = options.trusted_networks;

    const bool configured = !options.internal_domains.empty();
    for (const auto& d : options.internal_domains) add_unique(out.receiver_domains, registrable_of(d));
    if (!configured) {
        // The receiver's domain: the first BY name with a real public suffix…
        for (const auto& hop : hops) {
            if (is_local_retrieval(hop) || !hop.by) continue;
            std::string reg = registrable_of(*hop.by);
            if (reg.empty()) continue;
            add_unique(out.receiver_domains, reg);
            break;
        }
        // …and the authserv-id of Authentication-Results fields above the first hop with a
        // public client: only receiving-side software can have prepended those.
        std::size_t limit = msg.headers.size();
        for (std::size_t k = 0; k < hops.size(); ++k) {
            auto ip = hops[k].from_ip ? net::parse_ip(*hops[k].from_ip) : std::nullopt;
            if (ip && ip->is_public()) {
                limit = chain.header_index[k];
                break;
            }
        }
        for (std::size_t i = 0; i < limit && i < msg.headers.size(); ++i) {
            if (!base::iequals_ascii(msg.headers[i].name, "Authentication-Results")) continue;
            if (auto id = leading_authserv_id(msg.headers[i].value)) add_unique(out.receiver_domains, registrable_of(*id));
        }
    }

    // The domain of a mailing list the mail came through (List-Id: <name.lists.example.org>).
    std::string list_domain;
    if (const message::Header* list_id = msg.find_header("List-Id")) {
        std::string_view v = list_id->value;
        std::size_t open = v.rfind('<'), close = v.rfind('>');
        if (open != std::string_view::npos && close != std::string_view::npos && close > open + 1)
            list_domain = registrable_of(v.substr(open + 1, close - open - 1));
    }

    for (std::size_t k = 0; k < hops.size(); ++k) {
        const ReceivedHop& hop = hops[k];
        out.trusted_hop_count = k + 1;
        out.boundary_header_index = chain.header_index[k];
        if (is_local_retrieval(hop)) {
            out.reasons.push_back("hop " + std::to_string(k) + ": local retrieval");
            continue;
        }
        auto ip = hop.from_ip ? net::parse_ip(*hop.from_ip) : std::nullopt;
        if (!ip) {
            // A hop without a client (qmail's "invoked by uid", Google's "by 2002:…") adds no
            // machine to the path. A client we cannot place ends the walk: trusting the hops
            // below it would trust whatever that unknown machine wrote.
            std::string name = base::to_lower_ascii(hop.from_rdns.value_or(hop.from_helo.value_or("")));
            // qmail-scanner and similar filters write "from user@domain by host": an
            // envelope address, not a machine.
            bool is_local = name.empty() || name == "localhost" ||
                            name.find('@') != std::string::npos ||
                            has(out.receiver_domains, registrable_of(name));
            if (!is_local) break;
            out.reasons.push_back("hop " + std::to_string(k) + ": no client address");
            continue;
        }
        std::string reason;
        std::string rdns_reg = hop.from_rdns ? registrable_of(*hop.from_rdns) : std::string();
        bool is_trusted_net = std::any_of(trusted.begin(), trusted.end(),
                                          [&](const net::Cidr& c) { return net::cidr_contains(c, *ip); });
        if (is_trusted_net) reason = "trusted network";
        else if (!ip->is_public()) reason = "non-public address";
        else if (is_microsoft_internal(hop, *ip)) reason = "Microsoft 365 internal relay";
        else if (has(out.receiver_domains, rdns_reg) && !lists.is_shared_provider(rdns_reg))
            reason = "client in receiver domain " + rdns_reg;
        else if (lists.is_inbound_gateway(rdns_reg) && k + 1 < hops.size() && hops[k + 1].by &&
                 registrable_of(*hops[k + 1].by) == rdns_reg)
            reason = "inbound filtering gateway " + rdns_reg;
        else if (!list_domain.empty() && rdns_reg == list_domain && k + 1 < hops.size() && hops[k + 1].by &&
                 registrable_of(*hops[k + 1].by) == rdns_reg)
            // A mailing list the recipient subscribed to forwards mail it received itself; like
            // SpamAssassin's trusted forwarders, its own Received line names the real origin.
            // The list is recognised only by its verified reverse DNS matching List-Id and
            // the next hop down, so a sender cannot claim to be one by header alone.
            reason = "mailing list server " + rdns_reg + " (List-Id)";
        if (reason.empty()) {
            out.origin_index = k;
            break;
        }
        out.reasons.push_back("hop " + std::to_string(k) + ": " + reason);
        // The next hop down was written by this internal client: its BY names the
        // organisation too.
        if (!configured && k + 1 < hops.size() && hops[k + 1].by) {
            std::string reg = registrable_of(*hops[k + 1].by);
            if (!lists.is_shared_provider(reg) && !lists.is_inbound_gateway(reg))
                add_unique(out.receiver_domains, reg);
        }
    }
    return out;
}

} // namespace mikiwame::headers

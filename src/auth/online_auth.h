// SPDX-License-Identifier: Apache-2.0
// The online checks of one message, on a Resolver (the caller's budgeted recorder): SPF for the
// origin IP against the envelope-from and the HELO, every DKIM signature, DMARC, the ARC chain
// (RFC 8617), and — each
// optional — forward-confirmed reverse DNS of the origin and DNS blocklists of its address.
// URI blocklists of link domains are asked later by the engine (links come after this stage).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/arc.h"
#include "auth/dkim.h"
#include "auth/dmarc.h"
#include "auth/resolver.h"
#include "auth/spf.h"

namespace mikiwame::auth {

struct OnlineInputs {
    std::string_view raw;                 // the message bytes (DKIM)
    std::optional<std::string> client_ip; // the envelope's client, else the origin hop's
    std::string helo;
    // The SPF identity: MAIL FROM (the envelope's, the receiving hop's envelope-from, else
    // Return-Path); nullopt when none is known, "" for the null sender.
    std::optional<std::string> mail_from;
    std::string mail_from_source;         // "envelope", "Received envelope-from", "Return-Path"
    std::string from_domain;              // RFC 5322 From (DMARC)
    std::string dmarc_sample_key;         // the Message-ID, else the message's SHA-256 (pct=)
    bool fcrdns = false;
    std::vector<std::string> dnsbl_zones;
    std::int64_t now = 0;                 // for DKIM x=; 0: not checked
};

struct ListHit {
    std::string zone;    // the list's zone ("zen.example.org")
    std::string item;    // the IP or domain looked up
    std::string answer;  // the 127.0.0.x code(s)
    std::string reason;  // the list's TXT, when it gives one
};

struct OnlineAuth {
    std::optional<SpfCheck> spf;      // nullopt: no client IP or no identity to check
    std::optional<SpfCheck> spf_helo;
    std::string spf_identity_source;
    std::vector<DkimVerification> dkim;
    AuthResult dkim_result = AuthResult::None;
    DmarcCheck dmarc;
    ArcVerification arc;              // result none when the message has no ARC set
    // FCrDNS (when asked): the names the origin's PTR gives and the one that resolves back.
    bool fcrdns_checked = false;
    std::vector<std::string> ptr_names;
    std::optional<std::string> fcrdns_name;
    std::vector<ListHit> dnsbl;
};

[[nodiscard]] OnlineAuth check_online(const OnlineInputs& in, Resolver& resolver);

// DNSBL lookup of an IP in each zone (reversed octets/nibbles + zone, A; TXT for the reason when
// listed). Answers outside 127.0.0.0/8, and 127.255.255.x (the lists' "query refused" codes),
// do not count as listings.
[[nodiscard]] std::vector<ListHit> check_dnsbl(std::string_view ip, const std::vector<std::string>& zones, Resolver& resolver);
// URIBL lookup of domains (domain + zone, A).
[[nodiscard]] std::vector<ListHit> check_uribl(const std::vector<std::string>& domains, const std::vector<std::string>& zones,
                                               Resolver& resolver);

} // namespace mikiwame::auth

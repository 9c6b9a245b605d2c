// SPDX-License-Identifier: Apache-2.0
// Which authentication results to believe. A sender can write any Authentication-Results it
// likes into the message it submits, so a field counts only where the receiving side wrote it:
// above the trust boundary found by origin detection, or — the Gmail, Proton and Postfix+milter
// layouts — directly below the Received field of a trusted receiving hop, under that hop's (or
// the receiving organisation's) authserv-id. Every field considered is listed as used or
// ignored, with the reason, for the report. The auth stage's offline half: it reads what the
// receiver wrote; online_auth.h computes the results itself.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/authentication_results.h"
#include "base/finding_hit.h"
#include "headers/header_forensics.h"
#include "message/message.h"
#include "mikiwame/request.h"

namespace mikiwame::auth {

// One Authentication-Results, ARC-Authentication-Results or Received-SPF field, and why its
// results were read or not.
struct AuthFieldUse {
    std::string field;                      // the field name as the message spells it
    std::optional<std::string> authserv_id; // its authserv-id, or the host that wrote a Received-SPF
    std::size_t header_index = 0;           // index in Message::headers (0 = the topmost field)
    std::string reason;                     // English, one phrase
};

struct AuthVerdicts {
    std::optional<AuthResult> spf;    // nullopt when unknown
    std::optional<AuthResult> dkim;
    std::optional<AuthResult> dmarc;
    std::optional<AuthResult> arc;    // the receiver's arc= (RFC 8617 §7.2), shown beside a verified chain
    std::optional<std::string> spf_domain; // the domain SPF checked (smtp.mailfrom / envelope-from)
    std::string source = "header";
    std::optional<std::string> authserv_id; // of the field the verdicts came from
    std::vector<std::string> evidence;      // the fields used, as "Name: value" summaries
    std::vector<DkimSignature> dkim_signatures; // every DKIM-Signature d=/s= (informational)
    // The fields whose results the verdicts above come from (or confirm), and the fields left
    // out, each with its reason; at most kMaxListedAuthFields each, in header order.
    std::vector<AuthFieldUse> used;
    std::vector<AuthFieldUse> ignored;
    std::size_t ignored_count = 0; // every ignored field, listed or not
};

constexpr std::size_t kMaxListedAuthFields = 16;

// Reads the authentication verdicts the receiving side recorded in `msg`, on the trust boundary
// the headers stage found (`headers`: hops, hop_header_index, trusted_hop_count,
// boundary_header_index, receiver_domains). A field is trusted when it sits above
// boundary_header_index, or in the run of authentication fields directly below the boundary
// hop's Received field with an authserv-id (Received-SPF:
// reporting host) of a trusted hop's `by` host or of origin.receiver_domains; without any
// Received field, only a field with the receiver's authserv-id counts. A trusted field below
// the boundary that claims pass where another trusted field says otherwise is ignored. The
// fields of the receiver's authserv-id are merged (Proton writes one per method). Linear in
// the header count; never fails; thread-safe.
[[nodiscard]] AuthVerdicts evaluate_authentication(const message::Message& msg, const headers::HeaderFacts& headers);

// DMARC identifier alignment (RFC 7489 §3.1, relaxed): computed here and nowhere else.
struct Alignment {
    bool dkim_pass = false; // DMARC passed, or a passing DKIM result and a signature whose d= shares the From's organisational domain
    bool spf_pass = false;  // SPF passed for a domain sharing the From's organisational domain
};
[[nodiscard]] Alignment alignment_with(const AuthVerdicts& auth, std::string_view from_domain);

// The auth.* findings of `auth` (spf_fail, spf_softfail, dkim_fail, dmarc_fail, none), each
// with auth.evidence; the online checks call it again on the results they computed.
void add_auth_hits(const AuthVerdicts& auth, std::vector<base::FindingHit>& hits);

// What the auth stage hands on: the verdicts (read from the fields, or replaced by the online
// checks) and their auth.* findings.
struct AuthFacts {
    AuthVerdicts verdicts;
    std::vector<base::FindingHit> hits;
};

// The stage's offline run: evaluate_authentication, with SPF's domain taken from the
// envelope's MAIL FROM when the envelope's client is the origin (headers.origin_from_envelope),
// and the auth.* findings. `envelope` may be null. Never fails; thread-safe.
[[nodiscard]] AuthFacts read_authentication(const message::Message& msg, const headers::HeaderFacts& headers,
                                            const Envelope* envelope);

} // namespace mikiwame::auth

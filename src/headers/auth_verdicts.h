// SPDX-License-Identifier: Apache-2.0
// Which authentication results to believe: only fields the receiving side prepended (above
// the trust boundary found by origin detection), preferring the receiver's authserv-id.
// A sender can write any Authentication-Results it likes into the message it submits.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "headers/authentication_results.h"
#include "headers/origin.h"
#include "message/message.h"

namespace mikiwame::headers {

struct AuthVerdicts {
    std::optional<AuthResult> spf;    // nullopt when unknown
    std::optional<AuthResult> dkim;
    std::optional<AuthResult> dmarc;
    std::optional<std::string> spf_domain; // the domain SPF checked (smtp.mailfrom / envelope-from)
    std::string source = "header";
    std::optional<std::string> authserv_id; // of the field the verdicts came from
    std::vector<std::string> evidence;      // the fields used, as "Name: value" summaries
    std::vector<DkimSignature> dkim_signatures; // every DKIM-Signature d=/s= (informational)
    std::size_t ignored_count = 0; // Authentication-Results fields below the boundary, ignored
};

// Reads the authentication verdicts the receiving side recorded. With Received fields, only
// fields above origin.boundary_header_index count; without any, only fields whose authserv-id
// is one of origin.receiver_domains. Thread-safe.
[[nodiscard]] AuthVerdicts evaluate_authentication(const message::Message& msg,
                                                   const OriginResult& origin);

// DMARC identifier alignment (RFC 7489 §3.1, relaxed): computed here and nowhere else.
struct Alignment {
    bool dkim_pass = false; // DMARC passed, or a passing DKIM result and a signature whose d= shares the From's organisational domain
    bool spf_pass = false;  // SPF passed for a domain sharing the From's organisational domain
};
[[nodiscard]] Alignment alignment_with(const AuthVerdicts& auth, std::string_view from_domain);

} // namespace mikiwame::headers

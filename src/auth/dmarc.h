// SPDX-License-Identifier: Apache-2.0
// DMARC (RFC 7489): policy discovery at the From domain, then at its organisational domain
// (libpsl's public suffix list), and identifier alignment of SPF and DKIM in relaxed or strict
// mode. BIMI-free. Reports are not sent (rua=/ruf= are read, not used).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/dkim.h"
#include "auth/resolver.h"
#include "mikiwame/report.h"

namespace mikiwame::auth {

struct DmarcRecord {
    std::string policy;               // p=: none, quarantine, reject
    std::optional<std::string> subdomain_policy; // sp=
    bool strict_dkim = false;         // adkim=s
    bool strict_spf = false;          // aspf=s
    int pct = 100;
};

// A DMARC record ("v=DMARC1; p=…"); nullopt with `error` when it is not a valid one. A record
// without a valid p= but with rua= is read as p=none (§6.6.3). Never throws on any input.
[[nodiscard]] std::optional<DmarcRecord> parse_dmarc_record(std::string_view text, std::string* error = nullptr);

struct DmarcCheck {
    AuthResult result = AuthResult::None; // pass, fail, none (no record), temperror, permerror
    std::string from_domain;
    std::string record_domain;  // where the record was found ("_dmarc." + this)
    std::string policy;         // the published policy that applies (sp= for a subdomain), empty without a record
    int pct = 100;
    // pct= sampling (RFC 7489 §6.6.4): whether this message is in the pct% the policy is applied
    // to (sample_bucket < pct, the bucket 0-99 from dmarc_sample_bucket), and the policy applied
    // to it: `policy` when sampled, else the next lower one (reject → quarantine → none).
    int sample_bucket = 0;
    bool sampled = true;
    std::string applied_policy;
    bool dkim_aligned = false;  // a passing DKIM signature whose d= aligns
    bool spf_aligned = false;   // SPF passed for an aligned domain
    std::string reason;         // English, one phrase
};

// The organisational domain of `domain` (RFC 7489 §3.2, libpsl).
[[nodiscard]] std::string organizational_domain(std::string_view domain);

// The sampling bucket (0-99) of a message for pct=: the first eight bytes of SHA-256 of `key`
// (the Message-ID, else the message's own SHA-256) modulo 100. Deterministic, so the same message
// always gets the same policy and a report can be reproduced; uniform enough over keys that
// pct= of the messages fall below pct.
[[nodiscard]] int dmarc_sample_bucket(std::string_view key);

// The next lower policy (§6.6.4): reject → quarantine, quarantine → none, none → none.
[[nodiscard]] std::string_view next_lower_policy(std::string_view policy);

// `sample_key`: what dmarc_sample_bucket reads for pct= (see there).
[[nodiscard]] DmarcCheck check_dmarc(std::string_view from_domain, AuthResult spf, std::string_view spf_domain,
                                     const std::vector<DkimVerification>& dkim, Resolver& resolver, std::string_view sample_key = {});

} // namespace mikiwame::auth

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
    std::string policy;         // the policy that applies (sp= for a subdomain), empty without a record
    int pct = 100;
    bool dkim_aligned = false;  // a passing DKIM signature whose d= aligns
    bool spf_aligned = false;   // SPF passed for an aligned domain
    std::string reason;         // English, one phrase
};

// The organisational domain of `domain` (RFC 7489 §3.2, libpsl).
[[nodiscard]] std::string organizational_domain(std::string_view domain);

[[nodiscard]] DmarcCheck check_dmarc(std::string_view from_domain, AuthResult spf, std::string_view spf_domain,
                                     const std::vector<DkimVerification>& dkim, Resolver& resolver);

} // namespace mikiwame::auth

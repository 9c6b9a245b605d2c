// SPDX-License-Identifier: Apache-2.0
// Parsers for the fields that carry authentication verdicts: Authentication-Results
// (RFC 8601), ARC-Authentication-Results (RFC 8617 §4.1.1), Received-SPF (RFC 7208 §9.1) and
// the d=/s= tags of DKIM-Signature (RFC 6376 §3.5). Syntax only: which field to believe is
// decided in auth_verdicts.h. The comment and quoted-string lexing is message/field_syntax.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mikiwame/report.h"

namespace mikiwame::auth {

struct MethodResult {
    std::string method;   // lower-case, version removed ("spf", "dkim", "dmarc", "compauth", …)
    std::string result;   // lower-case as written ("pass", "softfail", "bestguesspass", …)
    std::string reason;   // reason= value, unquoted
    std::vector<std::pair<std::string, std::string>> properties; // "smtp.mailfrom" → "x.example"
};

struct AuthenticationResults {
    std::optional<std::string> authserv_id; // absent in Microsoft 365's variant of the field
    std::optional<int> arc_instance;        // ARC-Authentication-Results i=
    std::vector<MethodResult> results;
    bool is_none = false;                    // "authserv-id; none" (RFC 8601 §2.2)
};

// Parses an Authentication-Results value. Never fails; unknown or broken resinfo parts are
// skipped. Linear time, thread-safe.
[[nodiscard]] AuthenticationResults parse_authentication_results(std::string_view value);
// Same for ARC-Authentication-Results, whose value starts with "i=N;".
[[nodiscard]] AuthenticationResults parse_arc_authentication_results(std::string_view value);

// The SPEC §3 spelling of a result (pass fail softfail neutral none temperror permerror
// policy), mapping older spellings (RFC 5451 "hardfail", Microsoft's "bestguesspass"); nullopt
// for anything else.
[[nodiscard]] std::optional<AuthResult> normalize_auth_result(std::string_view result);

// Result of a Received-SPF value ("SoftFail (…) client-ip=…"), normalized; nullopt if none.
[[nodiscard]] std::optional<AuthResult> parse_received_spf(std::string_view value);

// The host that wrote a Received-SPF value, lower-case (RFC 7208 §9.1): its "receiver=" key,
// else the first word of the leading comment when it ends in ':' ("pass (google.com: domain
// of …)"). An address ("receiver=user@example.jp", as some policy servers write) gives its
// domain. nullopt when the field names none ("receiver=<UNKNOWN>", "(mailfrom)"). Linear time.
[[nodiscard]] std::optional<std::string> received_spf_reporter(std::string_view value);

struct DkimSignature {
    std::string domain;   // d=, lower-case
    std::string selector; // s=
};

// d= and s= of a DKIM-Signature value; nullopt when d= is missing.
[[nodiscard]] std::optional<DkimSignature> parse_dkim_signature(std::string_view value);

} // namespace mikiwame::auth

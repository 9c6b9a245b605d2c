// SPDX-License-Identifier: Apache-2.0
// ARC (RFC 8617) chain validation of a raw message, online: every ARC-Message-Signature is
// verified as a DKIM signature (dkim.h), every ARC-Seal over the ARC sets up to its own, with
// the keys from the Resolver. The result is the chain's validation status (none, pass, fail;
// temperror when a key lookup did not answer) and the oldest-pass instance (§5.2).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/dkim.h"
#include "auth/resolver.h"
#include "mikiwame/report.h"

namespace mikiwame::auth {

constexpr int kMaxArcInstance = 50; // RFC 8617 §4.2.1: i= is 1 to 50

struct ArcSealTags {
    int instance = 0;            // i=
    std::string cv;              // none, pass, fail (lower-case)
    std::string algorithm;       // a=
    std::string domain;          // d=, lower-case
    std::string selector;        // s=
    std::string signature;       // b=, whitespace removed
    std::optional<std::int64_t> timestamp; // t=
};

// The tags of an ARC-Seal value (§4.1.3: i, cv, a, b, d, s, t; no h=, no bh=). nullopt with
// `error` set when it is not a usable seal. Linear; never throws on any input.
[[nodiscard]] std::optional<ArcSealTags> parse_arc_seal_tags(std::string_view value, std::string* error = nullptr);

struct ArcSetCheck {
    int instance = 0;
    std::string domain;          // the seal's d=
    std::string cv;              // the seal's cv=
    std::optional<AuthResult> message_signature; // the AMS's verification; nullopt: not verified
    std::string message_signature_reason;
    std::optional<AuthResult> seal;              // the AS's verification; nullopt: not verified
    std::string seal_reason;
};

struct ArcVerification {
    AuthResult result = AuthResult::None; // none (no ARC set), pass, fail, temperror
    int instances = 0;                    // the highest instance found
    // §5.2 step 5: the lowest instance from which every AMS up to the newest verifies; 0 when
    // all of them do. Meaningful for a passing chain.
    int oldest_pass = 0;
    std::string domain;                   // d= of the newest seal
    std::string reason;                   // English, one phrase
    std::vector<ArcSetCheck> sets;        // newest first, those looked at
};

// Validates the ARC chain of `raw` (RFC 8617 §5.2): no ARC field → none; a structural fault
// (a missing, duplicated or unnumbered field, i= beyond 50, cv= out of order) or a newest seal
// saying cv=fail → fail without lookups; then the newest AMS, the older AMSs for oldest-pass,
// and every seal from the newest down. Bare LF line ends are read as CRLF. Never throws.
[[nodiscard]] ArcVerification verify_arc(std::string_view raw, Resolver& resolver, const DkimOptions& options);

} // namespace mikiwame::auth

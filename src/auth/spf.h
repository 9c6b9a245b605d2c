// SPDX-License-Identifier: Apache-2.0
// SPF (RFC 7208) on the Resolver: check_host() with every mechanism and modifier, macros, the
// 10-lookup and 2-void-lookup limits and exp=. Written here rather than taken from libspf2,
// which has no void-lookup limit and its own resolver (docs/authentication.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/resolver.h"
#include "mikiwame/report.h"
#include "net/ip_address.h"

namespace mikiwame::auth {

// One term of an SPF record, as written.
struct SpfTerm {
    enum class Kind { Mechanism, Modifier } kind = Kind::Mechanism;
    char qualifier = '+';    // + - ~ ?
    std::string name;        // lower-case: all include a mx ptr ip4 ip6 exists, or the modifier's name
    std::string value;       // the domain-spec, network or modifier value ("" when absent)
    int cidr4 = -1;          // -1: none given
    int cidr6 = -1;
};

struct SpfRecord {
    std::vector<SpfTerm> terms;   // mechanisms and modifiers in record order
    std::optional<std::string> redirect;
    std::optional<std::string> exp;
};

// Parses a record that starts with "v=spf1"; nullopt with `error` set when it is not valid
// (RFC 7208 §12 syntax: a permerror). Linear, never throws on any input.
[[nodiscard]] std::optional<SpfRecord> parse_spf_record(std::string_view text, std::string* error = nullptr);

struct SpfCheck {
    AuthResult result = AuthResult::None;
    std::string domain;       // the domain checked
    std::string mechanism;    // the term that matched, or why (e.g. "default neutral", "too many DNS lookups")
    std::string explanation;  // exp= text on fail
    std::size_t lookups = 0;  // DNS-querying terms counted against the limit of 10
};

struct SpfQuery {
    net::IpAddress ip;
    std::string sender;   // MAIL FROM (local@domain), or "" for the null sender
    std::string helo;     // HELO/EHLO name
};

// RFC 7208 §4: the MAIL FROM identity (postmaster@HELO for the null sender). A malformed
// domain yields none, as §4.3 says.
[[nodiscard]] SpfCheck check_spf(const SpfQuery& query, Resolver& resolver);
// The HELO identity (§2.3).
[[nodiscard]] SpfCheck check_spf_helo(const SpfQuery& query, Resolver& resolver);

} // namespace mikiwame::auth

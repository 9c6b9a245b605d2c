// SPDX-License-Identifier: Apache-2.0
// Received-header parsing (RFC 5321 §4.4, RFC 5322 §3.6.7): one unfolded field value → the
// facts of one hop. Tolerant of the many dialects real MTAs write (Postfix, Sendmail, Exim,
// qmail, Exchange/Microsoft 365, Gmail, Yahoo, Courier, CommuniGate, MDaemon, IIS, Domino).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mikiwame::headers {

struct ReceivedHop {
    std::optional<std::string> from_helo;     // as written; address literals keep brackets
    std::optional<std::string> from_rdns;     // reverse DNS name the receiver recorded
    std::optional<std::string> from_ip;       // canonical text form (IPv4-mapped → IPv4)
    std::optional<std::string> ident;         // RFC 1413 ident or qmail's user@ prefix
    std::optional<std::string> envelope_from; // MAIL FROM, when the receiver recorded it
    std::optional<std::string> by;
    std::optional<std::string> with;          // protocol words ("ESMTPSA", "Microsoft SMTP Server")
    std::optional<std::string> id;
    std::optional<std::string> for_address;
    std::optional<std::string> date;          // the date-time after the last ';', as written
    std::optional<std::string> auth_method;   // how the client authenticated ("ESMTPA", "Sendmail", …)
    bool tls = false;
    bool authenticated = false;
    bool rdns_unknown = false;  // the receiver wrote that reverse DNS failed ("unknown", …)
    std::string raw;
};

// Parses one Received value (unfolded). Never fails: fields that cannot be found stay empty.
// Runs in time linear in the input on any bytes (nested or unbalanced comments included).
// Thread-safe.
[[nodiscard]] ReceivedHop parse_received_hop(std::string_view value);

// Canonical text of an IP address written in a Received header: accepts "[1.2.3.4]",
// "IPv6:…", "::ffff:1.2.3.4", "1.2.3.4:port" and Exim 3's "1.2.3.4.port"; nullopt otherwise.
[[nodiscard]] std::optional<std::string> parse_received_ip(std::string_view text);

} // namespace mikiwame::headers

// SPDX-License-Identifier: Apache-2.0
// DKIM verification (RFC 6376) of every signature of a raw message: rsa-sha256 and
// ed25519-sha256 (RFC 8463) with OpenSSL, simple/relaxed canonicalisation, l=, z=, body hash,
// over-signed headers, key flags (t=y, t=s, h=, s=) and the key-size policy of RFC 8301
// (RSA under 1024 bits and rsa-sha1 are not accepted). Keys come through the Resolver.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/resolver.h"
#include "mikiwame/report.h"

namespace mikiwame::auth {

// A DKIM tag list (RFC 6376 §3.2): "tag=value" pairs separated by ';', whitespace around tags
// and values removed (the value keeps its inner folding). nullopt when it is not one (a tag
// without '=', a bad tag name, a duplicate tag). Linear; never throws on any input.
[[nodiscard]] std::optional<std::vector<std::pair<std::string, std::string>>> parse_tag_list(std::string_view text);

struct DkimSignatureTags {
    std::optional<int> arc_instance;         // i= of an ARC-Message-Signature or ARC-Seal (RFC 8617)
    std::string version, algorithm, domain, selector, identity, canon_header = "simple", canon_body = "simple";
    std::vector<std::string> signed_headers; // h=, lower-case, in order
    std::string body_hash, signature;        // base64 with whitespace removed
    std::optional<std::uint64_t> body_length;  // l=
    std::optional<std::int64_t> timestamp, expiration; // t=, x=
    std::vector<std::string> copied_headers;   // z=, decoded
};

// The tags of a DKIM-Signature value, checked as §6.1.1 says; nullopt with `error` set when the
// signature cannot be verified at all (a permerror).
[[nodiscard]] std::optional<DkimSignatureTags> parse_dkim_signature_tags(std::string_view value, std::string* error = nullptr);

// The tags of an ARC-Message-Signature (RFC 8617 §4.1.2): a DKIM-Signature without v=, whose i=
// is the ARC instance (1-50) rather than an identity, and whose h= must not name ARC-Seal.
[[nodiscard]] std::optional<DkimSignatureTags> parse_arc_message_signature_tags(std::string_view value, std::string* error = nullptr);

struct DkimVerification {
    std::string domain, selector, algorithm; // d=, s=, a=
    std::string identity;                    // i= (default "@" + d=)
    AuthResult result = AuthResult::PermError; // pass, fail, neutral (testing key failing), temperror, permerror, policy
    std::string reason;                      // English, one phrase
    bool testing = false;                    // the key says t=y
    std::size_t key_bits = 0;
    std::vector<std::string> header_diff;    // z= fields that differ from the message's (diagnostics)
};

struct DkimOptions {
    std::int64_t now = 0;              // seconds since the epoch for x=; 0: do not check expiry
    std::size_t max_signatures = 8;    // more are not verified (listed as permerror)
    std::size_t min_rsa_bits = 1024;   // RFC 8301
};

// Verifies one signature whose tags are read (a DKIM-Signature, or an ARC-Message-Signature,
// which is verified the same way): key lookup and key policy, body hash, header hash. `field` is
// the signature field of `msg`; `v` carries what the caller already knows (identity). Never throws.
struct SplitMessage;
struct RawField;
[[nodiscard]] DkimVerification verify_signature_tags(const SplitMessage& msg, const RawField& field, const DkimSignatureTags& tags,
                                                     Resolver& resolver, const DkimOptions& options, DkimVerification v = {});

// Verifies a signature over data the caller assembled (an ARC-Seal: RFC 8617 §5.1.1): the key of
// tags.selector/tags.domain for tags.algorithm (rsa-sha256, ed25519-sha256), tags.signature (b=).
[[nodiscard]] DkimVerification verify_signed_data(const DkimSignatureTags& tags, std::string_view data, Resolver& resolver,
                                                  const DkimOptions& options);

// Verifies every DKIM-Signature of `raw` (bare LF line ends are read as CRLF). Never throws.
[[nodiscard]] std::vector<DkimVerification> verify_dkim(std::string_view raw, Resolver& resolver, const DkimOptions& options);

// The overall result of several signatures: pass if one passes, else fail, temperror,
// permerror in that order; none without signatures.
[[nodiscard]] AuthResult combine_dkim(const std::vector<DkimVerification>& results);

// Canonicalisation and the signed data, shared with tests that sign round trips.
struct RawField {
    std::string name;  // as written
    std::string text;  // the whole field, name through the final CRLF
};
struct SplitMessage {
    std::vector<RawField> fields;
    std::string body; // after the blank line, CRLF line ends
};
[[nodiscard]] SplitMessage split_message(std::string_view raw);
[[nodiscard]] std::string canonical_body(std::string_view body, bool relaxed);
[[nodiscard]] std::string canonical_header(std::string_view field, bool relaxed);
// The bytes a signature signs: the h= fields (bottom-up selection, over-signing allowed) and the
// signature field itself with its b= value removed and no final CRLF.
[[nodiscard]] std::string signed_header_data(const SplitMessage& msg, const std::vector<std::string>& signed_headers,
                                             std::string_view signature_field, bool relaxed);

} // namespace mikiwame::auth

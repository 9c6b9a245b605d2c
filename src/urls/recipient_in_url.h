// SPDX-License-Identifier: Apache-2.0
// Is the recipient in the link? Phishing links carry the victim's address so the fake login
// page can pre-fill it: plain, percent-encoded, base64 or base64url (at any byte offset of
// a longer encoded string), or hex; in host, path, query or fragment.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "urls/parsed_url.h"

namespace mikiwame::urls {

struct RecipientMatch {
    std::string recipient; // the address as given
    std::string form;      // address | local_part | domain
    std::string encoding;  // plain | percent | base64 | base64url | hex
    std::string component; // host | path | query | fragment
};

// The first match of any of `recipient_addresses` in `url`, or nullopt. The address itself
// matches anywhere; the local part (at least 4 characters) only as a whole parameter value or
// path segment or when encoded; the domain only when the link's own registrable domain is
// different, as a parameter value, a label run in the host, or encoded. Thread-safe.
[[nodiscard]] std::optional<RecipientMatch> find_recipient_in_url(
    const ParsedUrl& url, const std::vector<std::string>& recipient_addresses);

// The base64 (or base64url) text that every encoding of `bytes` contains whatever the bytes
// before it, for a preceding length of `alignment` (0, 1 or 2) mod 3. Exposed for tests.
std::string base64_core(std::string_view bytes, int alignment, bool url_safe);

} // namespace mikiwame::urls

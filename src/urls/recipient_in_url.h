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

// The first match of any of `recipient_addresses` in `url`, or nullopt. Each component is
// searched as written, percent-decoded, and with every base64/base64url/hex run decoded.
// The address matches anywhere; the local part (at least 4 characters) only on its own and
// not followed by '@' (another address); the domain only on its own or as the leading
// labels of a host, and only when the link's registrable domain is a different one.
// Thread-safe, no throw; work is bounded per component.
[[nodiscard]] std::optional<RecipientMatch> find_recipient_in_url(
    const ParsedUrl& url, const std::vector<std::string>& recipient_addresses);

} // namespace mikiwame::urls

// SPDX-License-Identifier: Apache-2.0
// Domain names: IDNA conversion (libidn2, UTS #46 transitional off), public suffix and
// registrable domain (libpsl's built-in list). Untrusted input; never throws; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mikiwame::net {

// Lower-cased ASCII (A-label) form of a host name, or nullopt when it is not a valid name.
// A trailing dot is removed.
std::optional<std::string> domain_to_ascii(std::string_view host);
// Unicode (U-label) form for display; the input itself when it cannot be converted.
std::string domain_to_unicode(std::string_view ascii_host);
// The registrable domain ("eTLD+1") of a host, e.g. mail.example.co.jp → example.co.jp.
// A host that is itself a public suffix or not a name yields the lower-cased host.
std::string registrable_domain(std::string_view host);
// The public suffix of a host ("co.jp"), or the last label when libpsl knows none.
std::string public_suffix(std::string_view host);
// True when the last label is a suffix libpsl knows (so "example.notatld" is false).
bool has_known_public_suffix(std::string_view host);

} // namespace mikiwame::net

// SPDX-License-Identifier: Apache-2.0
// Checks on the Received chain: the origin's HELO and reverse DNS, and the chain's own
// consistency (dates, unparsable or forged-looking hops). Each returns a FindingHit or nothing.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/finding_hit.h"
#include "headers/origin.h"
#include "headers/received_parser.h"

namespace mikiwame::headers {

// received.suspicious_helo: the origin's HELO is an address literal, a bare address,
// localhost, "?addr?", a bare word or no real domain, or it claims the receiver's or a large
// provider's domain that its reverse DNS does not share. Mail clients submitting with
// authentication are exempt: their greeting is not a server's name.
[[nodiscard]] std::optional<base::FindingHit> check_suspicious_helo(
    const ReceivedHop& origin, const std::vector<std::string>& receiver_domains, const HeaderLists& lists);

// True when `rdns` is a generic access-network name: it embeds `ip` (decimal in either order,
// zero-padded or hex) or carries one of `lists`' access-network words next to numbers.
[[nodiscard]] bool is_generic_rdns(std::string_view rdns, std::string_view ip, const HeaderLists& lists);

// received.generic_rdns: the receiver recorded no reverse DNS ("unknown") or a generic one.
[[nodiscard]] std::optional<base::FindingHit> check_generic_rdns(const ReceivedHop& origin, const HeaderLists& lists);

// Hops may be up to this much later than the hop above them: servers with a clock on local
// time labelled as UTC are off by up to 14 hours, and that is misconfiguration, not forgery.
inline constexpr std::int64_t kHopDateToleranceSeconds = 15 * 3600;

// received.chain_anomaly: a hop dated later than the one above it beyond the tolerance, an
// unreadable hop, or a hop below the origin that claims a receiver server.
[[nodiscard]] std::optional<base::FindingHit> check_chain_anomaly(const ReceivedChain& chain,
                                                                  const OriginResult& origin);

} // namespace mikiwame::headers

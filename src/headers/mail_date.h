// SPDX-License-Identifier: Apache-2.0
// Lenient date-time reading for Received stamps (RFC 5322 §3.3, its obsolete forms §4.3, and
// the ctime-like dates some MTAs write), used to check the order of hops.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace mikiwame::headers {

// Seconds since the epoch (UTC) of a mail date such as "Tue, 15 Aug 2023 10:05:31 +0000",
// "8 Mar 04 12:23:56 -0000" or "Sun Nov 13 14:50:12 2005"; nullopt when day, month, year or
// time is missing or out of range. A missing or unknown zone is taken as UTC. Thread-safe.
[[nodiscard]] std::optional<std::int64_t> parse_mail_date(std::string_view text);

} // namespace mikiwame::headers

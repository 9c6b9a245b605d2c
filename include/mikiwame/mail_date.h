// SPDX-License-Identifier: Apache-2.0
// Public API (implemented by the headers stage): reading a mail's Date field as a time, for apps
// that order or date what they saw (the scanner's first/last seen of an indicator).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace mikiwame {

// Seconds since the epoch (UTC) of a mail date ("Tue, 15 Aug 2023 10:05:31 +0000", its obsolete
// forms, ctime-like dates); nullopt when it is not one. A missing zone is taken as UTC.
[[nodiscard]] std::optional<std::int64_t> mail_date_epoch(std::string_view text);

} // namespace mikiwame

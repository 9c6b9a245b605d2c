// SPDX-License-Identifier: Apache-2.0
// The Date of a forwarded header block as the clients write it ("2024年11月11日(月) 午後3:14",
// "Mon, Nov 11, 2024 at 3:14 PM", "Monday, November 11, 2024 3:14 PM", "2024/11/11 15:14")
// rewritten in RFC 5322 form, so that the rebuilt message's Date reads as any other. Part of
// the forwarded-report reconstruction (forwarded_report.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "message/forward_markers.h"

namespace mikiwame::message {

// "11 Nov 2024 15:14:00 +0900": year (four digits), month (number or RFC 5322 month name),
// day, time (optional, 00:00:00 when absent; AM/PM words of `markers`) and zone (numeric,
// "GMT+9", or a zone word of `markers`). Without a zone the result says "-0000" (RFC 5322
// §3.3: the local offset is unknown), which is what a forward leaves of it. Numeric dates read
// year-month-day when the year comes first, else month-day-year unless the first number cannot
// be a month. nullopt when no valid date is found. Linear in `text`; never throws.
[[nodiscard]] std::optional<std::string> read_forwarded_date(std::string_view text, const ForwardMarkers& markers);

} // namespace mikiwame::message

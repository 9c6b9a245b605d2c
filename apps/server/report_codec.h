// SPDX-License-Identifier: Apache-2.0
// The history keeps each Report whole (every field, unlike the public JSON of SPEC §3, which
// leaves out the summary, the reasons and the notes) so that any format and language can be
// rendered later exactly as at analysis time. Our own storage format; versioned.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "mikiwame/report.h"

namespace mikiwame::server {

[[nodiscard]] std::string encode_report(const Report& report);
// nullopt when `stored` is not a report this version wrote (damaged row, other version).
[[nodiscard]] std::optional<Report> decode_report(std::string_view stored);

} // namespace mikiwame::server

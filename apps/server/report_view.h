// SPDX-License-Identifier: Apache-2.0
// The page's view of a report: the Report laid out for a person in one language — findings
// grouped by stage with their evidence translated, the route from origin to recipient with
// each hop's country, AS and delay, links defanged with the registrable domain marked, the
// sender's identities beside the brand's official domains, and the strings to highlight in
// the source. Only data: the page puts every value into text nodes, never into markup.
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

#include "mikiwame/engine.h"
#include "report_store.h"

namespace mikiwame::server {

// `language`: "ja" or "en".
[[nodiscard]] nlohmann::ordered_json report_view(const StoredReport& stored, const Engine& engine, std::string_view language);

// The history list's rows.
[[nodiscard]] nlohmann::ordered_json summary_json(const ReportSummary& summary);

} // namespace mikiwame::server

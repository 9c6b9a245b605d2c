// SPDX-License-Identifier: Apache-2.0
// Scoring: sums finding weights with per-group caps and maps the score to a verdict, from
// data/scoring.toml. The rules are data; the code only applies them. Immutable, thread-safe.
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "catalog/finding_catalog.h"
#include "mikiwame/report.h"
#include "mikiwame/result.h"

namespace mikiwame::scoring {

struct ScoringRules {
    std::map<std::string, double, std::less<>> group_caps;
    double phishing_threshold = 6.0;
    double spam_threshold = 5.0;
    double suspicious_threshold = 2.5;
    std::set<std::string, std::less<>> phishing_evidence;

    [[nodiscard]] static Result<ScoringRules> load(const std::filesystem::path& path);
    [[nodiscard]] static Result<ScoringRules> parse(std::string_view toml_text, std::string_view origin);
};

// Sets report.score and report.verdict from report.findings (whose score fields hold the
// catalogue weights); a finding's score is lowered when its group reaches the cap, so the
// findings' scores add up to the report's score.
void apply_scoring(Report& report, const ScoringRules& rules, const catalog::FindingCatalog& findings);

} // namespace mikiwame::scoring

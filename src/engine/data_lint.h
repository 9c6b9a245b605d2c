// SPDX-License-Identifier: Apache-2.0
// `data check`'s second pass: data that loads (every key known, every value well formed) but is
// probably wrong — a brand without an official domain (its genuine mail would read as
// impersonation), a domain two unrelated brands claim, a list file no stage reads, a scoring
// group no finding uses. Load errors come from Engine::load; these are warnings, which
// `data check --strict` turns into errors.
#pragma once

#include <filesystem>
#include <vector>

#include "catalog/brand_catalog.h"
#include "catalog/finding_catalog.h"
#include "mikiwame/engine.h"
#include "scoring/scoring.h"

namespace mikiwame::engine {

struct LoadedData {
    const std::filesystem::path& dir;
    const catalog::BrandCatalog& brands;
    const catalog::FindingCatalog& findings;
    const scoring::ScoringRules& scoring;
};

[[nodiscard]] std::vector<DataWarning> lint_data(const LoadedData& data);

} // namespace mikiwame::engine

// SPDX-License-Identifier: Apache-2.0
// Report::lure: what the mail is after (its lures, what it wants from the reader, which advice
// fits), from the content stage's lures and the findings that fired, by data/lures.toml.
#pragma once

#include <filesystem>

#include "catalog/finding_catalog.h"
#include "catalog/lure_catalog.h"
#include "content/phrase_lists.h"
#include "engine/report_assembly.h"
#include "mikiwame/report.h"
#include "mikiwame/result.h"

namespace mikiwame::engine {

// Fills report.lure; call after scoring (the findings are final).
void describe_lure(Report& report, const StageFacts& facts, const catalog::LureCatalog& lures);

// A load error (file `origin`) when lures.toml names a finding findings.toml does not declare
// or a lure that is no tag of the pretext or scam lists (data/phrases/tags.toml).
[[nodiscard]] Result<bool> check_lure_names(const catalog::LureCatalog& lures, const catalog::FindingCatalog& findings,
                                            const content::PhraseCatalog& phrases, const std::filesystem::path& origin);

} // namespace mikiwame::engine

// SPDX-License-Identifier: Apache-2.0
// The analyst's narrative: the summary paragraph that opens every write-up (who the mail claims
// to be, the lure, what it wants, where its link really goes, why it cannot be genuine, then
// the weightiest findings not told yet), and the advice that fits the lure and the verdict.
// Built from the Report alone, in the language of the Words.
#pragma once

#include <string>
#include <vector>

#include "mikiwame/report.h"
#include "report/wording.h"

namespace mikiwame::report {

// The brand's name in the language of `words` (its Japanese name in a Japanese write-up).
[[nodiscard]] const std::string& brand_name(const BrandInfo& brand, const Words& words);

// The one-paragraph summary (the engine stores it in Report::summary).
[[nodiscard]] std::string compose_summary(const Report& report, const Words& words);

// The short version for a reply to the person who forwarded the mail: the verdict's sentence,
// the brand it claims, the lure and what it wants.
[[nodiscard]] std::string compose_short_summary(const Report& report, const Words& words);

// What to do: the advice of Report::lure.advice (after the first general line) for a mail that
// is not clean, the general lines otherwise; a genuine bounce gets its own. `brief`: at most
// three lines, the advice's own (--audience user).
[[nodiscard]] std::vector<std::string> recommended_actions(const Report& report, const Words& words, bool brief);

} // namespace mikiwame::report

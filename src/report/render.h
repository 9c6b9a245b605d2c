// SPDX-License-Identifier: Apache-2.0
// Report renderers: JSON (schema mikiwame.report/1, SPEC §3) and a plain-text write-up in
// Japanese or English. Deterministic output (stable order, no clock, no paths) so that golden
// files can be compared byte for byte. Links are shown defanged in text, never clickable.
#pragma once

#include <string>

#include "mikiwame/report.h"

namespace mikiwame::report {

enum class Language { Japanese, English };

std::string render_json(const Report& report, bool pretty = true);
std::string render_text(const Report& report, Language lang);

// "hxxps://example[.]com/…": a URL that no viewer turns into a live link.
std::string defang_url(std::string_view url);

} // namespace mikiwame::report

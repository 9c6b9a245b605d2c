// SPDX-License-Identifier: Apache-2.0
// Report renderers: JSON (schema mikiwame.report/1, SPEC §3) and the analyst write-up as
// text, Markdown or one self-contained HTML file, in Japanese or English. Deterministic
// output (stable order, no clock, no paths) so golden files compare byte for byte. Links are
// always defanged (base::defang_url, base::defang_text) and never clickable; the HTML has no script and no external resource.
#pragma once

#include <string>
#include <string_view>

#include "mikiwame/report.h"
#include "report/document.h"

namespace mikiwame::report {

std::string render_json(const Report& report, bool pretty = true);
// `phrasebook`: the evidence phrasebook of `lang` (Engine::phrasebook), or none for English.
std::string render_text(const Report& report, Language lang, const Phrasebook* phrasebook = nullptr);
std::string render_markdown(const Report& report, Language lang, const Phrasebook* phrasebook = nullptr);
std::string render_html(const Report& report, Language lang, const Phrasebook* phrasebook = nullptr);

} // namespace mikiwame::report

// SPDX-License-Identifier: Apache-2.0
// Report renderers: JSON (schema mikiwame.report/1, SPEC §3) and the analyst write-up as
// text, Markdown or one self-contained HTML file, in any language with a data/report/words file. Deterministic
// output (stable order, no clock, no paths) so golden files compare byte for byte. Links are
// always defanged (base::defang_url, base::defang_text) and never clickable; the HTML has no script and no external resource.
#pragma once

#include <string>
#include <string_view>

#include "mikiwame/report.h"
#include "report/document.h"

namespace mikiwame::report {

std::string render_json(const Report& report, bool pretty = true);
// The write-up in the language of `words` (Engine::report_wording().words(lang)).
// `phrasebook`: the evidence phrasebook of that language (Engine::japanese_phrasebook), or
// none to keep the stages' English evidence.
std::string render_text(const Report& report, const Words& words, const Phrasebook* phrasebook = nullptr,
                        Audience audience = Audience::Analyst);
std::string render_markdown(const Report& report, const Words& words, const Phrasebook* phrasebook = nullptr,
                            Audience audience = Audience::Analyst);
std::string render_html(const Report& report, const Words& words, const Phrasebook* phrasebook = nullptr,
                        Audience audience = Audience::Analyst);

} // namespace mikiwame::report

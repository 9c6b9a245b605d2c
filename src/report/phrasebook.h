// SPDX-License-Identifier: Apache-2.0
// Phrasebook: renders the stages' English evidence lines in the report's language, from a
// data file (data/report/evidence.<lang>.txt). Stages write evidence once, in English, for
// JSON and logs; the Japanese write-up reads them through this table. A line no template fits
// stays as written, so a new evidence wording is never lost, only untranslated.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/line_list.h"
#include "mikiwame/result.h"

namespace mikiwame::report {

class Phrasebook {
public:
    // Reads a phrasebook file. Each line: English TAB translation.
    //   - whole-line templates: `{}` in the English captures text (at least one character),
    //     `{1}`, `{2}`… in the translation put the captures back, in any order; the most
    //     specific template that fits wins (longest literal start, then end, then in all);
    //   - fragments: a line starting with `~` replaces that literal text wherever it appears
    //     (after the templates), for pieces shared by many lines ("in the subject").
    // `#` starts a comment. Errors are ErrorCode::Config with "file:line".
    [[nodiscard]] static Result<Phrasebook> load(const std::filesystem::path& path);
    [[nodiscard]] static Result<Phrasebook> parse(std::string_view text, std::string_view origin);

    [[nodiscard]] std::string translate(std::string_view line) const;
    [[nodiscard]] bool empty() const { return templates_.empty() && fragments_.empty(); }
    [[nodiscard]] std::size_t size() const { return templates_.size() + fragments_.size(); }

private:
    [[nodiscard]] static Result<Phrasebook> from_lines(const base::LineList& list, std::string_view origin);
    std::string translate_whole(std::string_view text) const; // templates only, no nesting
    struct Template {
        std::vector<std::string> literals; // literal pieces around the captures (captures + 1)
        std::string translation;
    };
    struct Fragment {
        std::string from, to;
    };
    std::vector<Template> templates_;
    std::vector<Fragment> fragments_;
};

} // namespace mikiwame::report

// SPDX-License-Identifier: Apache-2.0
// The analyst write-up as a small document model (sections of paragraphs and items), built
// once from a Report and rendered as plain text, Markdown or self-contained HTML. Keeping the
// structure in one place makes the three formats say the same thing.
#pragma once

#include <string>
#include <vector>

#include "mikiwame/report.h"
#include "report/phrasebook.h"
#include "report/wording.h"

namespace mikiwame::report {

struct Item {
    std::string text;
    std::vector<std::string> details; // sub-items (evidence)
};

struct Section {
    std::string heading;
    std::vector<std::string> paragraphs;
    std::vector<Item> items;
};

struct Document {
    std::string title;
    // The line right under the title: what the report is the analysis of, when that is not the
    // mail itself (a forwarded report); "" otherwise.
    std::string preface;
    std::string verdict_label; // Words::verdicts: "フィッシング" / "phishing"
    Verdict verdict = Verdict::Clean;
    double score = 0;
    std::string score_label;   // Words::score: "スコア" / "score"
    std::vector<Section> sections;
    std::string provenance; // one line: what produced the report ("" when unknown)
};

// The one-paragraph summary in the language of `words`: verdict, claimed brand and the top
// reasons (Report::top_reasons).
[[nodiscard]] std::string summary_paragraph(const Report& report, const Words& words);

// Who reads the write-up: an analyst (every section), or the person who forwarded the mail
// (--audience user: the verdict, one sentence and two or three things to do).
enum class Audience { Analyst, User };

// The short write-up for Audience::User.
[[nodiscard]] Document build_user_document(const Report& report, const Words& words);

// The write-up in the language of `words` (Wording::words). `phrasebook` renders evidence and
// notes in that language; without one they stay in English.
[[nodiscard]] Document build_document(const Report& report, const Words& words, const Phrasebook* phrasebook = nullptr);

} // namespace mikiwame::report

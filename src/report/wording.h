// SPDX-License-Identifier: Apache-2.0
// Wording: the words of the analyst write-up in each language — title, headings, labels,
// verdict words, summary sentences and the recommended actions — read from
// data/report/words.<lang>.toml, so a new language's wording is a new file and no C++ change.
// The evidence lines are translated separately (phrasebook.h). Loaded once at start;
// immutable, safe to share between threads.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "mikiwame/report.h"
#include "mikiwame/result.h"

namespace mikiwame::report {

// One language's words. Templates hold exactly one "{}", filled by fill_template().
struct Words {
    std::string language;      // "ja", "en", … (the file name's), also the HTML lang attribute
    std::string summary_field; // which summary of data/findings.toml to show: "ja" or "en"
    std::string title;
    std::string none;          // an empty section
    std::string score;         // the score label
    struct Headings {
        std::string verdict, subject, sender, recipient, route, auth, links, attachments, content, actions, other;
    } headings;
    struct Labels {
        std::string display_name, address, origin, brands, shown_as, leads_to, contains_recipient, auth_used, auth_ignored;
        std::string sender_brand; // a clean mail's own brand (the sender section), not an impersonation
        std::string provider;     // the mailbox provider of the From address
    } labels;
    struct PerVerdict {
        std::string phishing, spam, suspicious, clean;
        const std::string& of(Verdict v) const;
    };
    struct Severities {
        std::string info, low, medium, high;
        const std::string& of(Severity s) const;
    } severities;             // a finding's severity, as the write-up shows it
    PerVerdict verdicts;      // the verdict word
    PerVerdict summaries;     // the summary's first sentence
    std::string brand_claim;  // template: the claimed brand's name
    std::string reason;       // template: a finding's summary, one of the top reasons
    std::vector<std::string> actions_clean;  // what to do with a clean mail
    std::vector<std::string> actions_danger; // what to do with any other verdict
    // The analyst's narrative after the brand ([summary] templates, one "{}" each): the lure,
    // what it wants, where the link leads, why the sender is not the brand, the origin, a
    // genuine brand's mail, a genuine bounce; `conjunction` joins several wants or domains.
    struct Narrative {
        std::string lure, wants, link, not_brand_domain, origin, genuine, bounce, conjunction;
    } narrative;
    std::map<std::string, std::string, std::less<>> lure_names;  // [lures]: a lure's name (Report::lure.kinds)
    std::map<std::string, std::string, std::less<>> want_phrases; // [wants]: what a mail wants, as a verb phrase
    // [advice]: the lines of each advice (Report::lure.advice), "bounce" for a genuine bounce.
    std::map<std::string, std::vector<std::string>, std::less<>> advice;
    std::string user_actions; // --audience user: the heading of the actions
    // [forwarded]: the write-up's first line when the report is the analysis of a forwarded
    // message (Report::forwarded), one template per kind ({} the forwarder), and the sentence
    // added for a forward of a forward ({} the number of forwards).
    struct Forwarded {
        std::string attachment, inline_body, nested;
    } forwarded;

    // The finding's summary in this wording's language.
    const std::string& summary_of(const Finding& finding) const;
};

// `text` with its one "{}" replaced by `value`.
std::string fill_template(std::string_view text, std::string_view value);

class Wording {
public:
    // Reads every words.<lang>.toml of `dir` (data/report). words.en.toml is required (the
    // fallback language). Errors (ErrorCode::Config, origin:line:col): malformed TOML, an
    // unknown or missing key, a template without exactly one "{}". Never partial.
    [[nodiscard]] static Result<Wording> load(const std::filesystem::path& dir);

    // The words of `language`, or English when there are none for it.
    [[nodiscard]] const Words& words(std::string_view language) const;
    // Languages with words, sorted.
    [[nodiscard]] std::vector<std::string> languages() const;

private:
    std::map<std::string, Words, std::less<>> by_language_;
};

} // namespace mikiwame::report

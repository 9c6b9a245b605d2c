// SPDX-License-Identifier: Apache-2.0
// Rendering a Report: JSON (schema mikiwame.report/1, SPEC §3) or the analyst's write-up as
// plain text, Markdown or one self-contained HTML page, in Japanese or English. The wording
// (evidence phrasebooks) comes from the data directory, so the CLI, the milter and the server
// render alike. Output is deterministic; every URL is defanged, nothing is clickable, the HTML
// has no script and no external resource.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "mikiwame/report.h"
#include "mikiwame/result.h"

namespace mikiwame {

// JsonLine: the same JSON on one line (no final newline), for JSON Lines streams (`scan`).
enum class ReportFormat { Text, Markdown, Html, Json, JsonLine };

// Who reads a write-up: an analyst (every section, the evidence), or the person who forwarded
// the mail (the verdict, one sentence, two or three things to do). JSON is the same for both.
enum class Audience { Analyst, User };

// "analyst", "user".
std::optional<Audience> parse_audience(std::string_view name);

// "text", "markdown" (or "md"), "html", "json", "jsonl".
std::optional<ReportFormat> parse_report_format(std::string_view name);

class Renderer {
public:
    // Loads the wording of every language under `data_dir`/report. Config error with
    // file:line when a file is malformed.
    [[nodiscard]] static Result<Renderer> load(const std::filesystem::path& data_dir);
    Renderer();
    Renderer(Renderer&&) noexcept;
    Renderer& operator=(Renderer&&) noexcept;
    ~Renderer();

    // `language`: "ja" or "en"; empty: the mail's own (Report::content_language). JSON is the
    // same in every language. Any other language renders in English.
    [[nodiscard]] std::string render(const Report& report, ReportFormat format, std::string_view language = {},
                                     Audience audience = Audience::Analyst) const;

    // The one-paragraph summary in `language` ("ja" or "en"), as the write-ups open with it.
    [[nodiscard]] std::string summary(const Report& report, std::string_view language) const;

    // One evidence line (a Finding's, a BrandInfo's) in `language`: evidence is written in
    // English and Japanese translates it through the phrasebook (data/report/evidence.ja.txt),
    // as the write-ups do; any other language returns it unchanged.
    [[nodiscard]] std::string translate_evidence(std::string_view line, std::string_view language) const;
    // Number of Japanese evidence phrases loaded (for `data check`).
    std::size_t phrase_count() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// "hxxps://example[.]com/…": a URL that no viewer turns into a live link.
std::string defang_url(std::string_view url);

} // namespace mikiwame

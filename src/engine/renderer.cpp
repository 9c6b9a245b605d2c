// SPDX-License-Identifier: Apache-2.0
// The public Renderer: picks the phrasebook of the requested language and the renderer of the
// requested format, so that every app renders alike.
#include "mikiwame/render.h"

#include "mikiwame/visible.h"
#include "base/text.h"
#include "report/document.h"
#include "report/phrasebook.h"
#include "report/render.h"
#include "report/wording.h"

namespace mikiwame {

struct Renderer::Impl {
    report::Phrasebook japanese;
    report::Wording wording; // data/report/words.<lang>.toml
};

Renderer::Renderer() : impl_(std::make_unique<Impl>()) {}
Renderer::Renderer(Renderer&&) noexcept = default;
Renderer& Renderer::operator=(Renderer&&) noexcept = default;
Renderer::~Renderer() = default;

std::optional<ReportFormat> parse_report_format(std::string_view name) {
    if (name == "text") return ReportFormat::Text;
    if (name == "markdown" || name == "md") return ReportFormat::Markdown;
    if (name == "html") return ReportFormat::Html;
    if (name == "json") return ReportFormat::Json;
    if (name == "jsonl") return ReportFormat::JsonLine;
    return std::nullopt;
}

std::optional<Audience> parse_audience(std::string_view name) {
    if (name == "analyst") return Audience::Analyst;
    if (name == "user") return Audience::User;
    return std::nullopt;
}

Result<Renderer> Renderer::load(const std::filesystem::path& data_dir) {
    Renderer renderer;
    auto japanese = report::Phrasebook::load(data_dir / "report" / "evidence.ja.txt");
    if (!japanese) return Unexpected<Error>{japanese.error()};
    renderer.impl_->japanese = std::move(japanese.value());
    auto wording = report::Wording::load(data_dir / "report");
    if (!wording) return Unexpected<Error>{wording.error()};
    renderer.impl_->wording = std::move(wording.value());
    return renderer;
}

std::string Renderer::render(const Report& report, ReportFormat format, std::string_view language, Audience audience) const {
    if (format == ReportFormat::Json) return report::render_json(report) + "\n";
    if (format == ReportFormat::JsonLine) return report::render_json(report, false);
    const std::string_view code = language.empty() ? std::string_view(report.content_language) : language;
    const report::Words& lang = impl_->wording.words(code);
    // Evidence is written in English; Japanese write-ups translate it through the phrasebook.
    const report::Phrasebook* phrasebook = lang.language == "ja" ? &impl_->japanese : nullptr;
    const report::Audience reader = audience == Audience::User ? report::Audience::User : report::Audience::Analyst;
    // Text and Markdown go to terminals and pagers: every control or invisible character a
    // hostile mail put in a subject, a name or a link is shown, not obeyed (HTML and JSON escape).
    switch (format) {
    case ReportFormat::Markdown: return make_visible(report::render_markdown(report, lang, phrasebook, reader));
    case ReportFormat::Html: return report::render_html(report, lang, phrasebook, reader);
    case ReportFormat::Text:
    case ReportFormat::Json:
    case ReportFormat::JsonLine: break;
    }
    return make_visible(report::render_text(report, lang, phrasebook, reader));
}

std::string Renderer::summary(const Report& report, std::string_view language) const {
    return report::summary_paragraph(report, impl_->wording.words(language));
}

std::string Renderer::translate_evidence(std::string_view line, std::string_view language) const {
    if (language == "ja") return impl_->japanese.translate(line);
    return std::string(line);
}

std::size_t Renderer::phrase_count() const noexcept {
    return impl_->japanese.size();
}

std::string defang_url(std::string_view url) {
    return base::defang_url(url);
}

} // namespace mikiwame

// SPDX-License-Identifier: Apache-2.0
// Plain text, Markdown and HTML renderings of the analyst document (document.h).
#include <fmt/format.h>

#include "base/text.h"
#include "report/render.h"

namespace mikiwame::report {

std::string render_text(const Report& report, const Words& words, const Phrasebook* phrasebook, Audience audience) {
    Document doc = audience == Audience::User ? build_user_document(report, words) : build_document(report, words, phrasebook);
    std::string out = fmt::format("== {} ==\n", doc.title);
    if (!doc.preface.empty()) out += doc.preface + "\n";
    for (const auto& s : doc.sections) {
        out += fmt::format("\n[{}]\n", s.heading);
        for (const auto& p : s.paragraphs) out += fmt::format("  {}\n", p);
        for (const auto& item : s.items) {
            out += fmt::format("  - {}\n", item.text);
            for (const auto& d : item.details) out += fmt::format("      {}\n", d);
        }
    }
    out += fmt::format("\n{}: {:.1f}\n", doc.score_label, doc.score);
    if (!doc.provenance.empty()) out += doc.provenance + "\n";
    return out;
}

namespace {
// Markdown would turn some characters into markup; a backslash keeps them literal.
std::string md_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '\\' || c == '`' || c == '*' || c == '_' || c == '[' || c == ']' || c == '<' || c == '>' || c == '#' || c == '|')
            out += '\\';
        out += c;
    }
    return out;
}

std::string html_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}
} // namespace

std::string render_markdown(const Report& report, const Words& words, const Phrasebook* phrasebook, Audience audience) {
    Document doc = audience == Audience::User ? build_user_document(report, words) : build_document(report, words, phrasebook);
    std::string out = fmt::format("# {}\n", md_escape(doc.title));
    if (!doc.preface.empty()) out += "\n" + md_escape(doc.preface) + "\n";
    for (const auto& s : doc.sections) {
        out += fmt::format("\n## {}\n\n", md_escape(s.heading));
        for (const auto& p : s.paragraphs) out += md_escape(p) + "\n\n";
        for (const auto& item : s.items) {
            out += fmt::format("- {}\n", md_escape(item.text));
            for (const auto& d : item.details) out += fmt::format("  - {}\n", md_escape(d));
        }
    }
    out += fmt::format("\n{}: {:.1f}\n", doc.score_label, doc.score);
    if (!doc.provenance.empty()) out += "\n_" + md_escape(doc.provenance) + "_\n";
    return out;
}

std::string render_html(const Report& report, const Words& words, const Phrasebook* phrasebook, Audience audience) {
    Document doc = audience == Audience::User ? build_user_document(report, words) : build_document(report, words, phrasebook);
    const char* color = doc.verdict == Verdict::Phishing ? "#b00020"
                        : doc.verdict == Verdict::Spam   ? "#c25e00"
                        : doc.verdict == Verdict::Suspicious ? "#8a6d00"
                                                             : "#1b5e20";
    std::string out;
    out += "<!DOCTYPE html>\n";
    out += fmt::format("<html lang=\"{}\"><head><meta charset=\"utf-8\">\n", html_escape(words.language));
    // No script, no external resource, no live link: the page is safe to open and to print.
    out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n";
    out += fmt::format("<title>{}</title>\n", html_escape(doc.title));
    out += "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.5;color:#222}"
           "h1{font-size:1.4em}h2{font-size:1.1em;border-bottom:1px solid #ccc;margin-top:1.5em}"
           ".verdict{font-weight:bold;font-size:1.2em}code{word-break:break-all}"
           "ul ul{color:#555;font-size:.95em}@media print{body{margin:0}}</style>\n";
    out += "</head><body>\n";
    out += fmt::format("<h1>{}</h1>\n", html_escape(doc.title));
    if (!doc.preface.empty()) out += fmt::format("<p class=\"forwarded\"><strong>{}</strong></p>\n", html_escape(doc.preface));
    out += fmt::format("<p class=\"verdict\" style=\"color:{}\">{} ({} {:.1f})</p>\n", color, html_escape(doc.verdict_label),
                       html_escape(doc.score_label), doc.score);
    for (const auto& s : doc.sections) {
        out += fmt::format("<h2>{}</h2>\n", html_escape(s.heading));
        for (const auto& p : s.paragraphs) out += fmt::format("<p>{}</p>\n", html_escape(p));
        if (s.items.empty()) continue;
        out += "<ul>\n";
        for (const auto& item : s.items) {
            out += fmt::format("<li>{}", html_escape(item.text));
            if (!item.details.empty()) {
                out += "<ul>";
                for (const auto& d : item.details) out += fmt::format("<li><code>{}</code></li>", html_escape(d));
                out += "</ul>";
            }
            out += "</li>\n";
        }
        out += "</ul>\n";
    }
    if (!doc.provenance.empty()) out += fmt::format("<footer><p><small>{}</small></p></footer>\n", html_escape(doc.provenance));
    out += "</body></html>\n";
    return out;
}

} // namespace mikiwame::report

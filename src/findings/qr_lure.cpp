// SPDX-License-Identifier: Apache-2.0
#include "findings/qr_lure.h"

#include <fmt/format.h>

#include <string>
#include <vector>

#include "base/text.h"

namespace mikiwame::findings {

namespace {

constexpr std::size_t kMaxEvidenceLines = 3;
constexpr std::size_t kMaxNameBytes = 80;

std::string image_name(std::string_view name) {
    return "\"" + base::collapse_whitespace(base::truncate_utf8(name, kMaxNameBytes)) + "\"";
}

bool is_web(const urls::UrlFact& fact) {
    return fact.parsed.scheme == "http" || fact.parsed.scheme == "https";
}

// A link a reader acts on: clicked, submitted or copied from the text.
bool is_action(const urls::UrlFact& fact) {
    return fact.element == "a" || fact.element == "area" || fact.element == "form" || fact.element == "text";
}

} // namespace

std::optional<base::FindingHit> check_qr_code_lure(const urls::UrlFacts& urls) {
    std::vector<const urls::UrlFact*> codes;
    for (const auto& fact : urls.urls) {
        if (fact.found_in == "qr") {
            if (is_web(fact)) codes.push_back(&fact);
            continue;
        }
        if (fact.found_in != "header" && is_action(fact)) return std::nullopt;
    }
    if (codes.empty()) return std::nullopt;
    base::FindingHit hit{"content.qr_code_lure", {}};
    for (const urls::UrlFact* code : codes) {
        if (hit.evidence.size() == kMaxEvidenceLines) break;
        const std::string url = base::defang_url(code->url);
        hit.evidence.push_back(code->source.empty()
                                   ? fmt::format("a QR code in an unnamed image leads to {}; the mail has no other link", url)
                                   : fmt::format("a QR code in image {} leads to {}; the mail has no other link",
                                                 image_name(code->source), url));
    }
    return hit;
}

} // namespace mikiwame::findings

// SPDX-License-Identifier: Apache-2.0
// Fuzz target: the bytes as UTF-8 HTML → the streaming reader (html_tokenizer + the open-element
// walk) and its oracle over Gumbo's tree. The reader must give valid UTF-8 in every text field
// and visible plus hidden text within a linear bound of the input; a violation aborts, which is
// how the fuzzer reports it. The oracle must only finish: Gumbo 0.10 itself writes a stray byte
// after U+FFFD for an overflowing numeric reference ("&#xD8AAAAAAAAA;", seed
// overflowing-reference.html), which is why it is an oracle and not the reader.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "base/text.h"
#include "message/html_document.h"

namespace {

void check(const mikiwame::message::HtmlDocument& doc, std::size_t input_size) {
    using mikiwame::base::is_valid_utf8;
    if (!is_valid_utf8(doc.visible_text) || !is_valid_utf8(doc.hidden_text) || !is_valid_utf8(doc.title)) std::abort();
    for (const auto& link : doc.links)
        if (!is_valid_utf8(link.url) || !is_valid_utf8(link.text)) std::abort();
    // Entities expand at most 4 bytes for 2 ("&#1;" → 3 bytes U+FFFD is the worst ratio), alt
    // texts are counted once for the text and once per open anchor: a generous linear bound.
    if (doc.visible_text.size() + doc.hidden_text.size() > 8 * input_size + 64) std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string html = mikiwame::base::sanitize_utf8(std::string_view(reinterpret_cast<const char*>(data), size));
    mikiwame::Limits limits;
    limits.max_html_nodes = 20000;
    std::vector<mikiwame::message::ParseIssue> issues;
    check(mikiwame::message::parse_html_document(html, limits, issues), html.size());
    // The oracle only on small inputs: Gumbo's scope checks are quadratic in the nesting depth
    // the fuzzer loves to build, and a slow oracle would starve the reader under test.
    if (html.size() > 2048) return 0;
    issues.clear();
    const auto oracle = mikiwame::message::parse_html_document_gumbo(html, limits, issues);
    (void)oracle;
    return 0;
}

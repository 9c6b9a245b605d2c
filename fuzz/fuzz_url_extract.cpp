// SPDX-License-Identifier: Apache-2.0
// Fuzz target: the bytes as text → extract_text_links → parse_url on each link (and on the
// raw input itself), serialise, re-parse the href. Checks that parsing a serialised URL
// succeeds and is stable (the WHATWG serialiser's idempotence), which turns silent parser
// bugs into crashes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "base/text.h"
#include "urls/text_links.h"
#include "urls/url_parser.h"

namespace {

void check_round_trip(std::string_view input) {
    auto url = mikiwame::urls::parse_url(input);
    if (!url) return;
    const std::string href = url->href();
    auto again = mikiwame::urls::parse_url(href);
    // A fuzz target may abort: that is how it reports a finding.
    if (!again || again->href() != href) std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    check_round_trip(bytes.substr(0, 4096));
    const std::string text = mikiwame::base::sanitize_utf8(bytes);
    for (const auto& link : mikiwame::urls::extract_text_links(text, 2000)) {
        if (link.raw.empty() || link.offset + link.raw.size() > text.size()) std::abort();
        check_round_trip(link.url);
    }
    return 0;
}

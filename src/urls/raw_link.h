// SPDX-License-Identifier: Apache-2.0
// RawLink: a link as extraction finds it (text, HTML, header, attachment), before it is
// parsed, unwrapped and judged by analyze_links (link_analysis.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace mikiwame::urls {

struct RawLink {
    std::string url;                         // absolute when a base was known; as written otherwise
    std::optional<std::string> display_text; // visible anchor text (a/area), when non-empty
    std::string found_in;                    // text | html | attachment | header | qr
    std::string element;                     // a, area, form, img, iframe, meta, link, css, script, text, list-unsubscribe, qr
    std::vector<std::string> flags;          // defanged, rewrapped, data_uri, javascript_uri …
    std::string source;                      // found_in "qr": the picture's name ("" when unnamed)
};

} // namespace mikiwame::urls

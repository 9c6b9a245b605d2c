// SPDX-License-Identifier: Apache-2.0
// Links in plain text as a mail client would linkify them: scheme URLs, "www." and bare
// domains with a real public suffix, e-mail addresses, and the forms phishers and analysts
// use to dodge linkifiers: defanged ("hxxp://", "example[.]com"), full-width characters and
// URLs hard-wrapped across lines. Step one of link analysis for text parts.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mikiwame::urls {

struct TextLink {
    std::string raw;      // the bytes as written in the text (line breaks included if wrapped)
    // The link a reader would follow: full-width forms folded to ASCII, defanging undone,
    // wrap breaks removed, "http://" added to schemeless links ("//" kept) and "mailto:" to
    // bare addresses. Still to be parsed with parse_url().
    std::string url;
    std::size_t offset = 0; // byte offset of `raw` in the text
    bool is_email = false;
    bool is_schemeless = false;
    bool is_defanged = false;
    bool is_rewrapped = false; // joined from several lines
};

// Every link in `utf8_text`, in order of appearance, at most `max_links`. Overlapping
// candidates resolve to the one starting first (then the longest). Any input, linear time
// (each link is bounded in length), never throws, thread-safe.
[[nodiscard]] std::vector<TextLink> extract_text_links(std::string_view utf8_text,
                                                       std::size_t max_links);

} // namespace mikiwame::urls

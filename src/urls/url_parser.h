// SPDX-License-Identifier: Apache-2.0
// parse_url: the WHATWG basic URL parser (URL Standard §4.4), so that a link is read the way
// the victim's browser reads it: "http://3325256814/", "http:\\evil.example\x",
// "https://bank.example@evil.example/", tabs and newlines inside the scheme.
#pragma once

#include <optional>
#include <string_view>

#include "urls/parsed_url.h"

namespace mikiwame::urls {

// Parses `input` against `base` (nullptr: absolute URLs only). nullopt is the standard's
// failure. Untrusted input of any length; linear time; never throws; thread-safe.
[[nodiscard]] std::optional<ParsedUrl> parse_url(std::string_view input,
                                                 const ParsedUrl* base = nullptr);

// "http://𝟜.example.com": the host as written holds non-ASCII characters that the IDNA mapping
// folds to plain ASCII (mathematical digits, full-width letters), so the parsed host is ASCII
// and not punycode. Nobody types a host like that; it is written so to slip past filters.
[[nodiscard]] bool host_written_with_mapped_characters(std::string_view written_url, const ParsedUrl& parsed);

} // namespace mikiwame::urls

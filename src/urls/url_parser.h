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

} // namespace mikiwame::urls

// SPDX-License-Identifier: Apache-2.0
// Lenient base64 (RFC 4648 §4 and the URL-safe alphabet of §5) as mail and links need it:
// whitespace and stray characters are skipped, missing padding is tolerated.
#pragma once

#include <string>
#include <string_view>

namespace mikiwame::base {

// Decodes standard or URL-safe base64, ignoring characters outside both alphabets and
// stopping at the first '='. Never fails; garbage yields whatever whole bytes it spells.
std::string decode_base64_lenient(std::string_view encoded);
// Standard base64 with padding.
std::string encode_base64(std::string_view bytes);

} // namespace mikiwame::base

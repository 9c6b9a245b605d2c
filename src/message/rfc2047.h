// SPDX-License-Identifier: Apache-2.0
// RFC 2047 encoded-words in header values, decoded to UTF-8 through base/charset (so that
// ISO-2022-JP with CP50220 extensions and mislabelled charsets are read as mail clients do).
// Lenient like real clients: adjacent words of one charset are joined before conversion (a
// character split across two words or folded lines survives), words inside atoms and
// missing separators are accepted, and raw 8-bit bytes are repaired by detection.
#pragma once

#include <string>
#include <string_view>

namespace mikiwame::message {

struct DecodedHeader {
    std::string text;          // UTF-8
    bool had_encoded_words = false;
    bool had_raw_8bit = false; // 8-bit bytes outside encoded-words (RFC 6532 or broken)
    bool was_repaired = false; // a charset label was wrong/unknown, or raw bytes were guessed
    bool has_malformed_word = false;
};

// Decodes an unstructured header value (Subject, display names, …); `raw` may be folded.
[[nodiscard]] DecodedHeader decode_header_text(std::string_view raw);

// Like decode_header_text, but each decoded encoded-word is emitted as a quoted-string
// (or escaped inside an existing one) so that the result can still be parsed as an
// address list whatever the decoded text contains (commas, angle brackets, quotes).
[[nodiscard]] DecodedHeader decode_header_for_address_parsing(std::string_view raw);

} // namespace mikiwame::message

// SPDX-License-Identifier: Apache-2.0
// Fuzz target: raw bytes → parse_message. Any input must parse without crash, leak or
// sanitizer report, and the model must only hold valid UTF-8 in its decoded fields.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "base/text.h"
#include "message/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    mikiwame::Limits limits;
    // Smaller limits make the fuzzer reach the limit paths with small inputs.
    limits.max_header_count = 64;
    limits.max_header_bytes = 2048;
    limits.max_mime_depth = 8;
    limits.max_mime_parts = 64;
    limits.max_decoded_text_bytes = 16384;
    std::string_view raw(reinterpret_cast<const char*>(data), size);
    mikiwame::message::Message msg = mikiwame::message::parse_message(raw, limits);
    if (!mikiwame::base::is_valid_utf8(msg.subject) || !mikiwame::base::is_valid_utf8(msg.text_body)) std::abort();
    for (const auto& header : msg.headers)
        if (!mikiwame::base::is_valid_utf8(header.value)) std::abort();
    return 0;
}

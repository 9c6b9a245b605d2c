// SPDX-License-Identifier: Apache-2.0
// Fuzz target: raw bytes → looks_like_outlook_msg / convert_outlook_msg (our compound-file
// guard, libgsf, MAPI properties, compressed RTF, MIME writing) → parse_message. Any input
// must end without crash, hang, leak or sanitizer report; a failure must be the one-line
// "damaged Outlook .msg: …" input error; a success must stay within the size budget.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "message/outlook_msg.h"
#include "message/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    mikiwame::Limits limits;
    // Small limits so that the limit paths are reached with small inputs.
    limits.max_message_bytes = 256u * 1024;
    limits.max_header_bytes = 4096;
    limits.max_mime_depth = 4;
    limits.max_mime_parts = 32;
    limits.max_decoded_text_bytes = 16384;
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    (void)mikiwame::message::looks_like_outlook_msg(bytes);
    auto converted = mikiwame::message::convert_outlook_msg(bytes, limits);
    if (!converted) {
        const auto& err = converted.error();
        if (err.code != mikiwame::ErrorCode::InputRejected) std::abort();
        if (err.message.rfind("damaged Outlook .msg: ", 0) != 0) std::abort();
        if (err.message.find('\n') != std::string_view::npos) std::abort();
        return 0;
    }
    // Parts' own headers are outside the budget; everything else is within it.
    if (converted->mime.size() > limits.max_message_bytes + 64u * 1024 + limits.max_mime_parts * 4096u) std::abort();
    mikiwame::message::Message msg = mikiwame::message::parse_message(converted->mime, limits);
    (void)msg;
    return 0;
}

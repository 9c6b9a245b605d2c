// SPDX-License-Identifier: Apache-2.0
// preview_message: the message stage's decoded text and HTML, for viewers (mikiwame/preview.h).
#include "mikiwame/preview.h"

#include <new>

#include "message/parser.h"

namespace mikiwame {

Result<MessagePreview> preview_message(std::string_view raw, const Limits& limits) noexcept {
    try {
        const message::Message message = message::parse_message(raw, limits);
        MessagePreview preview;
        preview.subject = message.subject;
        preview.text = message.text_body;
        preview.truncated = message.is_truncated;
        for (const auto& part : message.parts) {
            if (part.content_type != "text/html" || part.is_attachment) continue;
            preview.html = part.text;
            if (part.html) preview.html_hidden_text = part.html->hidden_text;
            break;
        }
        return preview;
    } catch (const std::bad_alloc&) {
        return make_error(ErrorCode::Internal, "out of memory while decoding the message");
    } catch (const std::exception& e) {
        return make_error(ErrorCode::Internal, e.what());
    }
}

} // namespace mikiwame

// SPDX-License-Identifier: Apache-2.0
// The mail in a POST /api/v1/analyze request: the body itself (message/rfc822, text/plain,
// application/octet-stream), or a multipart/form-data upload (a file field "file", or a text
// field "message" or "headers" with pasted source or just its header section). An Outlook .msg
// is rebuilt as MIME, an mbox of one is unwrapped, anything else that is not mail is refused
// with a reason the page can show.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "mikiwame/limits.h"

namespace mikiwame::server {

struct FormPart {
    std::string name;
    std::string filename;
    std::string content_type;
    std::string content;
};

struct Upload {
    std::string raw;                // the message to analyse
    std::string name;               // the uploaded file's name, "" for a body or pasted text
    std::vector<std::string> notes; // what was done to the input (AnalyzeRequest::input_notes)
};

// An HTTP error: 400 (no or not a mail), 415 (a body type we do not read).
struct UploadProblem {
    int status = 400;
    std::string code;    // "empty", "not_mail", "unsupported_media_type", …
    std::string message; // English, one sentence
};

// `content_type`: the request's Content-Type header; `parts`: the parsed multipart fields
// (empty for other types); `body`: the raw body (empty for multipart).
[[nodiscard]] std::variant<Upload, UploadProblem> extract_upload(std::string_view content_type, std::string_view body,
                                                                 const std::vector<FormPart>& parts, const Limits& limits);

} // namespace mikiwame::server

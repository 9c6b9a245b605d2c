// SPDX-License-Identifier: Apache-2.0
#include "upload.h"

#include "mikiwame/input.h"

namespace mikiwame::server {

namespace {

std::string media_type(std::string_view content_type) {
    const auto semicolon = content_type.find(';');
    std::string type(content_type.substr(0, semicolon));
    while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.pop_back();
    for (char& c : type)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return type;
}

// Pasted text from a browser's textarea comes with CRLF or LF; both parse. A headers-only
// paste has no body: the analysis reads the header section and says the body is empty.
std::variant<Upload, UploadProblem> as_message(std::string_view bytes, std::string name, const Limits& limits) {
    InputInspection inspected = inspect_input(bytes);
    Upload upload;
    upload.name = std::move(name);
    switch (inspected.kind) {
    case InputKind::Mail: upload.raw = std::string(bytes); return upload;
    case InputKind::Mbox:
        if (inspected.mbox_messages == 1) {
            upload.raw = split_mbox(bytes, 1).front().text;
            upload.notes.push_back("input was an mbox of one message; its \"From \" line was removed");
            return upload;
        }
        return UploadProblem{400, "several_messages", inspected.description + ": upload one message at a time"};
    case InputKind::OutlookMsg: {
        auto converted = convert_outlook_msg(bytes, limits);
        if (!converted) return UploadProblem{400, "damaged_msg", converted.error().message};
        upload.raw = std::move(converted->mime);
        upload.notes = std::move(converted->notes);
        return upload;
    }
    case InputKind::Empty: return UploadProblem{400, "empty", "the request holds no mail (empty body or field)"};
    case InputKind::NotMail: break;
    }
    return UploadProblem{400, "not_mail", inspected.description + ": not a mail message"};
}

} // namespace

std::variant<Upload, UploadProblem> extract_upload(std::string_view content_type, std::string_view body, const std::vector<FormPart>& parts,
                                                   const Limits& limits) {
    const std::string type = media_type(content_type);
    if (type == "multipart/form-data") {
        for (const char* field : {"file", "message", "headers"})
            for (const auto& part : parts)
                if (part.name == field && !part.content.empty()) return as_message(part.content, part.filename, limits);
        return UploadProblem{400, "empty", "the form holds no mail: send a file in \"file\" or text in \"message\" or \"headers\""};
    }
    if (type.empty() || type == "message/rfc822" || type == "text/plain" || type == "application/octet-stream" ||
        type == "application/vnd.ms-outlook")
        return as_message(body, "", limits);
    return UploadProblem{415, "unsupported_media_type",
                         "send the mail as message/rfc822, text/plain or application/octet-stream, or as multipart/form-data (got " + type + ")"};
}

} // namespace mikiwame::server

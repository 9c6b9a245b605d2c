// SPDX-License-Identifier: Apache-2.0
#include "message/forward_markers.h"

#include "base/text.h"

namespace mikiwame::message {

const char* to_string(ForwardKind kind) {
    switch (kind) {
    case ForwardKind::Attachment: return "attachment";
    case ForwardKind::Inline: return "inline";
    }
    return "inline";
}

const char* to_string(ForwardStyle style) {
    switch (style) {
    case ForwardStyle::Gmail: return "gmail";
    case ForwardStyle::Outlook: return "outlook";
    case ForwardStyle::Thunderbird: return "thunderbird";
    case ForwardStyle::Apple: return "apple";
    case ForwardStyle::Generic: return "generic";
    case ForwardStyle::Rfc822: return "rfc822";
    case ForwardStyle::Eml: return "eml";
    case ForwardStyle::OutlookMsg: return "msg";
    }
    return "generic";
}

const char* to_string(ForwardField field) {
    switch (field) {
    case ForwardField::From: return "from";
    case ForwardField::Date: return "date";
    case ForwardField::Subject: return "subject";
    case ForwardField::To: return "to";
    case ForwardField::Cc: return "cc";
    case ForwardField::ReplyTo: return "reply_to";
    }
    return "from";
}

std::string fold_marker_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x80) {
            out += (byte >= 'A' && byte <= 'Z') ? static_cast<char>(byte - 'A' + 'a') : static_cast<char>(byte);
            ++i;
            continue;
        }
        const std::size_t begin = i;
        const char32_t cp = base::decode_utf8(text, i);
        if (cp >= 0xFF01 && cp <= 0xFF5E) {
            char ascii = static_cast<char>(cp - 0xFF01 + 0x21);
            if (ascii >= 'A' && ascii <= 'Z') ascii = static_cast<char>(ascii - 'A' + 'a');
            out += ascii;
        } else if (cp == 0x3000 || cp == 0xA0) {
            out += ' ';
        } else {
            out.append(text.substr(begin, i - begin));
        }
    }
    return out;
}

ForwardMarkers prepare_forward_markers(ForwardMarkers markers) {
    auto fold_all = [](std::vector<std::string>& list) {
        for (auto& s : list) s = fold_marker_text(base::trim(s));
    };
    for (auto& marker : markers.markers) {
        fold_all(marker.lines);
        fold_all(marker.phrases);
    }
    fold_all(markers.end_phrases);
    fold_all(markers.subject_prefixes);
    fold_all(markers.pm_words);
    fold_all(markers.am_words);
    for (auto& [label, field] : markers.labels) label = fold_marker_text(base::trim(label));
    for (auto& [name, offset] : markers.zones) name = fold_marker_text(base::trim(name));
    for (auto& anchor : markers.html_anchors) anchor = base::to_lower_ascii(anchor);
    return markers;
}

} // namespace mikiwame::message

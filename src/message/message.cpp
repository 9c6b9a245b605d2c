// SPDX-License-Identifier: Apache-2.0
#include "message/message.h"

#include "base/text.h"

namespace mikiwame::message {

const Header* Message::find_header(std::string_view name) const {
    for (const auto& header : headers)
        if (base::iequals_ascii(header.name, name)) return &header;
    return nullptr;
}

std::vector<const Header*> Message::find_headers(std::string_view name) const {
    std::vector<const Header*> found;
    for (const auto& header : headers)
        if (base::iequals_ascii(header.name, name)) found.push_back(&header);
    return found;
}

} // namespace mikiwame::message

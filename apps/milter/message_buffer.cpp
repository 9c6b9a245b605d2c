// SPDX-License-Identifier: Apache-2.0
#include "message_buffer.h"

#include <algorithm>
#include <cctype>

#include "mail_headers.h"

namespace mikiwame::milter {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

} // namespace

void MessageBuffer::append(std::string_view bytes) {
    seen_ += bytes.size();
    if (oversize_) return;
    if (seen_ > max_bytes_) {
        // Over the limit: stop holding the message at once (a swap with an empty string frees the storage,
        // clear() or assigning "" would keep it).
        oversize_ = true;
        std::string().swap(raw_);
        return;
    }
    raw_.append(bytes);
}

void MessageBuffer::add_header(std::string_view name, std::string_view value) {
    const int index = ++per_name_[lower(name)];
    if (is_mikiwame_header(name)) own_.push_back({std::string(name), index});
    if (index == 1 && lower(name) == "subject") subject_ = std::string(value);

    std::string line;
    line.reserve(name.size() + value.size() + 4);
    line.append(name).append(": ");
    // Folded lines come joined by LF (Postfix) or CRLF; the message is written with CRLF
    // throughout, as the body chunks arrive in SMTP's canonical form.
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '\n' && (i == 0 || value[i - 1] != '\r')) line += '\r';
        line += value[i];
    }
    line += "\r\n";
    append(line);
}

void MessageBuffer::end_headers() {
    append("\r\n");
}

void MessageBuffer::add_body(std::string_view chunk) {
    append(chunk);
}

} // namespace mikiwame::milter

// SPDX-License-Identifier: Apache-2.0
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <fmt/format.h>

#include "mikiwame/visible.h"

namespace mikiwame {

namespace {

// Characters that change how the rest of a line is shown without being seen themselves.
bool is_invisible_control(UChar32 c) {
    if (c >= 0x80 && c <= 0x9F) return true;                      // C1 controls
    if (c == 0x2028 || c == 0x2029) return true;                  // line and paragraph separators
    if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C)
        return true;                                              // bidirectional controls
    return u_charType(c) == U_FORMAT_CHAR;                        // zero-width, tags, BOM, soft hyphen…
}

} // namespace

std::string make_visible(std::string_view text, bool keep_line_breaks) {
    std::string out;
    out.reserve(text.size());
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    const auto length = static_cast<int32_t>(std::min<std::size_t>(text.size(), INT32_MAX));
    int32_t i = 0;
    while (i < length) {
        const uint8_t b = bytes[i];
        if (b < 0x80) {
            ++i;
            if (b == '\t' || b == '\n') {
                if (keep_line_breaks) out += static_cast<char>(b);
                else out += b == '\t' ? "\\t" : "\\n";
            } else if (b < 0x20 || b == 0x7F) {
                out += fmt::format("\\x{:02x}", b);
            } else {
                out += static_cast<char>(b);
            }
            continue;
        }
        const int32_t start = i;
        UChar32 c = 0;
        U8_NEXT(bytes, i, length, c);
        if (c < 0) {
            for (int32_t k = start; k < i; ++k) out += fmt::format("\\x{:02x}", bytes[k]);
            continue;
        }
        if (is_invisible_control(c)) {
            out += fmt::format("U+{:04X}", static_cast<uint32_t>(c));
        } else {
            out.append(text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
        }
    }
    return out;
}

} // namespace mikiwame

// SPDX-License-Identifier: Apache-2.0
// One CSV field (RFC 4180): quoted when it holds a separator, a quote or a line break, quotes
// doubled. Shared by `scan`'s results and its indicators.
#pragma once

#include <string>
#include <string_view>

namespace mikiwame::cli {

inline std::string csv_field(std::string_view value) {
    if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

} // namespace mikiwame::cli

// SPDX-License-Identifier: Apache-2.0
#include "base/line_list.h"

#include <fstream>
#include <sstream>
#include <iterator>

#include "base/text.h"

namespace mikiwame::base {

Result<LineList> parse_line_list(std::string_view text, std::string_view origin, LineListFormat format) {
    LineList list;
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3); // a UTF-8 BOM is not text
    std::size_t number = 0;
    while (!text.empty()) {
        const std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        ++number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!is_valid_utf8(line))
            return make_error(ErrorCode::Config, "invalid UTF-8", std::string(origin) + ":" + std::to_string(number));
        const std::string_view trimmed = trim(line);
        if (trimmed.empty()) continue;
        if (trimmed.front() == '#') {
            if (list.lines.empty()) list.header.emplace_back(trim(trimmed.substr(1)));
            continue;
        }
        if (format.has_trailing_comments) {
            const std::size_t hash = line.find('#');
            if (hash != std::string_view::npos) line = line.substr(0, hash);
        }
        const std::string_view entry = format.keep_spaces ? line : trim(line);
        if (!trim(entry).empty()) list.lines.push_back(ListLine{number, std::string(entry)});
    }
    return list;
}

Result<LineList> read_line_list(const std::filesystem::path& path, LineListFormat format) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error(ErrorCode::Config, "cannot read list file", path.string());
    std::ostringstream buffer; // not istreambuf_iterator: g++ 12 warns -Wnull-dereference in it
    buffer << in.rdbuf();
    const std::string text = std::move(buffer).str();
    if (in.bad()) return make_error(ErrorCode::Config, "cannot read list file", path.string());
    return parse_line_list(text, path.string(), format);
}

std::string list_location(const std::filesystem::path& path, std::size_t line) {
    return path.string() + ":" + std::to_string(line);
}

} // namespace mikiwame::base

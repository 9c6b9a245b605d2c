// SPDX-License-Identifier: Apache-2.0
#include "net/domain_list.h"

#include "base/line_list.h"

namespace mikiwame::net {

bool is_domain_list_entry(std::string_view s) {
    if (s.empty() || s.front() == '.' || s.front() == '-' || s.back() == '.') return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) return false;
    return true;
}

Result<std::unordered_set<std::string>> read_domain_list(const std::filesystem::path& path) {
    auto list = base::read_line_list(path, {.has_trailing_comments = true});
    if (!list) return Unexpected<Error>{list.error()};
    std::unordered_set<std::string> names;
    for (const auto& line : list->lines) {
        if (!is_domain_list_entry(line.text))
            return make_error(ErrorCode::Config, "expected one lower-case domain name per line, got '" + line.text + "'",
                              base::list_location(path, line.number));
        names.insert(line.text);
    }
    return names;
}

} // namespace mikiwame::net

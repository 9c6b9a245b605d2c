// SPDX-License-Identifier: Apache-2.0
#include "attachments/attachment_lists.h"

#include "base/line_list.h"

namespace mikiwame::attachments {

namespace {

bool is_extension(std::string_view s) {
    if (s.empty() || s.front() == '.') return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
    return true;
}

Result<std::unordered_set<std::string>> load_extensions(const std::filesystem::path& path) {
    auto list = base::read_line_list(path, {.has_trailing_comments = true});
    if (!list) return Unexpected<Error>{list.error()};
    std::unordered_set<std::string> out;
    for (const auto& line : list->lines) {
        if (!is_extension(line.text))
            return make_error(ErrorCode::Config,
                              "expected one lower-case extension without the dot per line, got '" + line.text + "'",
                              base::list_location(path, line.number));
        out.insert(line.text);
    }
    return out;
}

} // namespace

Result<AttachmentLists> AttachmentLists::load(const std::filesystem::path& data_dir) {
    const auto dir = data_dir / "lists";
    AttachmentLists lists;
    struct List {
        const char* file;
        std::unordered_set<std::string>* target;
    };
    const List files[] = {
        {"executable_extensions.txt", &lists.executable_},
        {"document_extensions.txt", &lists.document_},
        {"macro_extensions.txt", &lists.macro_},
    };
    for (const auto& file : files) {
        auto set = load_extensions(dir / file.file);
        if (!set) return Unexpected<Error>{set.error()};
        *file.target = std::move(*set);
    }
    return lists;
}

} // namespace mikiwame::attachments

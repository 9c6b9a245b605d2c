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

// Nested in the class, so the table may name its private sets.
struct AttachmentLists::Files {
    static constexpr std::pair<const char*, std::unordered_set<std::string> AttachmentLists::*> kLists[] = {
        {"executable_extensions.txt", &AttachmentLists::executable_},
        {"document_extensions.txt", &AttachmentLists::document_},
        {"macro_extensions.txt", &AttachmentLists::macro_},
    };
};

std::vector<std::string> AttachmentLists::file_names() {
    std::vector<std::string> names;
    for (const auto& list : Files::kLists) names.emplace_back(list.first);
    return names;
}

Result<AttachmentLists> AttachmentLists::load(const std::filesystem::path& data_dir) {
    const auto dir = data_dir / "lists";
    AttachmentLists lists;
    for (const auto& [file, member] : Files::kLists) {
        auto set = load_extensions(dir / file);
        if (!set) return Unexpected<Error>{set.error()};
        lists.*member = std::move(*set);
    }
    return lists;
}

} // namespace mikiwame::attachments

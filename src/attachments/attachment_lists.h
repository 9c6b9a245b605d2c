// SPDX-License-Identifier: Apache-2.0
// AttachmentLists: the file-name extensions of data/lists/ attachment judgement uses —
// executable, document (the decoy of a double extension) and macro-enabled Office formats.
// Loaded once at start; immutable, safe to share between threads.
#pragma once

#include <filesystem>
#include <string>
#include <vector>
#include <string_view>
#include <unordered_set>

#include "mikiwame/result.h"

namespace mikiwame::attachments {

class AttachmentLists {
public:
    // Reads <data_dir>/lists/{executable,document,macro}_extensions.txt. A missing file or a
    // line that is not one lower-case extension is an ErrorCode::Config error ("file:line").
    [[nodiscard]] static Result<AttachmentLists> load(const std::filesystem::path& data_dir);
    // The files of data/lists/ load() reads (for `data check`: a file outside them is unused).
    static std::vector<std::string> file_names();

    // `ext` is lower-case, without the dot.
    [[nodiscard]] bool is_executable(std::string_view ext) const { return has(executable_, ext); }
    [[nodiscard]] bool is_document(std::string_view ext) const { return has(document_, ext); }
    [[nodiscard]] bool is_macro_document(std::string_view ext) const { return has(macro_, ext); }

private:
    struct Files; // the list files and the set each fills
    static bool has(const std::unordered_set<std::string>& set, std::string_view ext) {
        return !ext.empty() && set.count(std::string(ext)) > 0;
    }
    std::unordered_set<std::string> executable_, document_, macro_;
};

} // namespace mikiwame::attachments

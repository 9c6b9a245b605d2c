// SPDX-License-Identifier: Apache-2.0
// LureLists: the lists of data/lists/ that only the cross-stage judgements read (freemail
// providers). Loaded once at start; immutable, safe to share between threads.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "mikiwame/result.h"

namespace mikiwame::findings {

class LureLists {
public:
    // Reads <data_dir>/lists/freemail.txt. A missing file or a malformed line is an
    // ErrorCode::Config error whose context is "file:line".
    [[nodiscard]] static Result<LureLists> load(const std::filesystem::path& data_dir);
    // The files of data/lists/ load() reads (for `data check`: a file outside them is unused).
    static std::vector<std::string> file_names();

    // Free or disposable mailbox providers where anyone can open an address. `registrable` is a
    // lower-case registrable domain.
    [[nodiscard]] bool is_freemail(std::string_view registrable) const;

private:
    std::unordered_set<std::string> freemail_;
};

} // namespace mikiwame::findings

// SPDX-License-Identifier: Apache-2.0
// The lure catalogue (data/lures.toml): what a lure wants from the reader (log in, pay,
// install, reply) and which advice fits it, read from the findings that fired and the lures
// the wording shows. Loaded once at start; immutable and shareable between threads.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "mikiwame/result.h"

namespace mikiwame::catalog {

class LureCatalog {
public:
    struct Rule {
        std::string id;
        std::vector<std::string> findings; // want: finding ids that show it
        std::vector<std::string> wants;    // advice: wants that call for it
        std::vector<std::string> lures;    // lure names (data/phrases/tags.toml)
    };

    // Reads a lures.toml; a malformed file is an ErrorCode::Config error with file:line:col.
    [[nodiscard]] static Result<LureCatalog> load(const std::filesystem::path& path);
    [[nodiscard]] static Result<LureCatalog> parse(std::string_view toml_text, std::string_view origin);

    // The wants shown by `finding_ids` and `lures`, in the catalogue's order.
    [[nodiscard]] std::vector<std::string> wants_of(const std::vector<std::string>& finding_ids,
                                                    const std::vector<std::string>& lures) const;
    // The first advice whose wants or lures hold, "" when none does.
    [[nodiscard]] std::string advice_of(const std::vector<std::string>& wants, const std::vector<std::string>& lures) const;

    const std::vector<Rule>& wants() const { return wants_; }
    const std::vector<Rule>& advice() const { return advice_; }

private:
    std::vector<Rule> wants_;
    std::vector<Rule> advice_;
};

} // namespace mikiwame::catalog

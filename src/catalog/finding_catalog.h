// SPDX-License-Identifier: Apache-2.0
// The finding catalogue (data/findings.toml): severity, weight, group and wording of every
// finding id. Loaded once at start; immutable and shareable between threads afterwards.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "mikiwame/report.h"
#include "mikiwame/result.h"

namespace mikiwame::catalog {

struct FindingDefinition {
    std::string id;
    Severity severity = Severity::Info;
    double weight = 0;
    // A finding that counts instances (distinct scam phrases, obfuscated words) adds this much
    // per instance after the first, up to max_weight (= weight when not given).
    double weight_per_extra = 0;
    double max_weight = 0;
    std::string group;
    LocalizedText summary;
    // The summary's leading sentence when the finding fires (findings.toml `lead`), or empty.
    LocalizedText lead;
    // An id mikiwame adds beyond the SPEC §3 list (findings.toml `extension = true`).
    bool is_extension = false;
};

class FindingCatalog {
public:
    // Reads a findings.toml; a malformed file is an ErrorCode::Config error with file:line:col.
    [[nodiscard]] static Result<FindingCatalog> load(const std::filesystem::path& path);
    // Parses TOML text (for tests and fuzzing); `origin` names it in error messages.
    [[nodiscard]] static Result<FindingCatalog> parse(std::string_view toml_text, std::string_view origin);

    const FindingDefinition* find(std::string_view id) const;
    // The score of `id` seen `instances` times (weight, plus weight_per_extra per extra instance, capped).
    double weight_for(const FindingDefinition& def, std::size_t instances) const;
    const std::map<std::string, FindingDefinition, std::less<>>& all() const { return definitions_; }

private:
    std::map<std::string, FindingDefinition, std::less<>> definitions_;
};

} // namespace mikiwame::catalog

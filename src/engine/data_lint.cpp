// SPDX-License-Identifier: Apache-2.0
#include "engine/data_lint.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <system_error>

#include "attachments/attachment_lists.h"
#include "base/text.h"
#include "findings/lure_lists.h"
#include "headers/header_lists.h"
#include "urls/url_catalog.h"

namespace mikiwame::engine {

namespace {

void lint_brands(const catalog::BrandCatalog& brands, std::vector<DataWarning>& out) {
    // Which brand claimed each domain first, to name both when a second one does.
    std::map<std::string, const catalog::Brand*> owner;
    for (const auto& brand : brands.brands()) {
        if (brand.official_domains.empty())
            out.push_back({brand.location, fmt::format("brand '{}' has no official domain (domains.official): mail it really "
                                                       "sends cannot be told from impersonation",
                                                       brand.id)});
        for (const auto* list : {&brand.official_domains, &brand.consumer_domains}) {
            for (const auto& domain : *list) {
                auto [it, inserted] = owner.emplace(domain, &brand);
                if (inserted) continue;
                const catalog::Brand& first = *it->second;
                // Members of one family may share a domain (a group's common login site).
                if (!brand.group.empty() && brand.group == first.group) continue;
                out.push_back({brand.location, fmt::format("domain '{}' is claimed by brand '{}' and by '{}' ({}), which are "
                                                           "not one group: give both the same `group` or keep it in one",
                                                           domain, brand.id, first.id, first.location)});
            }
        }
    }
}

// The regular files of `dir`, names only, sorted.
std::vector<std::string> files_in(const std::filesystem::path& dir) {
    std::vector<std::string> names;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) return names;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.is_regular_file(ec)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

// data/lists/: every file is one a stage reads (a missing one is a load error already; an
// extra one is usually a misspelt copy whose edits nothing sees).
void lint_lists(const std::filesystem::path& dir, std::vector<DataWarning>& out) {
    std::vector<std::string> expected;
    for (auto names : {urls::UrlCatalog::file_names(), headers::HeaderLists::file_names(),
                       attachments::AttachmentLists::file_names(), findings::LureLists::file_names()})
        expected.insert(expected.end(), names.begin(), names.end());
    const std::vector<std::string> present = files_in(dir);
    for (const auto& name : present) {
        if (std::find(expected.begin(), expected.end(), name) != expected.end()) continue;
        const std::string nearest = base::closest_name(name, expected, 3);
        out.push_back({(dir / name).string(),
                       nearest.empty() ? std::string("no stage reads this file")
                                       : fmt::format("no stage reads this file (did you mean '{}'?)", nearest)});
    }
}

// data/brands/ holds brand files only; anything else is ignored by the loader.
void lint_brand_dir(const std::filesystem::path& dir, std::vector<DataWarning>& out) {
    for (const auto& name : files_in(dir))
        if (!name.ends_with(".toml") && !name.starts_with("README"))
            out.push_back({(dir / name).string(), "not a .toml file: the brand loader ignores it"});
}

// data/phrases/: lists (*.txt, checked at load), words.<lang>.toml, tags.toml and forward.toml.
void lint_phrase_dir(const std::filesystem::path& dir, std::vector<DataWarning>& out) {
    for (const auto& name : files_in(dir)) {
        if (name.ends_with(".txt") || name == "tags.toml" || name == "forward.toml" || name.starts_with("README")) continue;
        if (name.starts_with("words.") && name.ends_with(".toml")) continue;
        out.push_back({(dir / name).string(), "neither a phrase list (.txt), words.<lang>.toml, tags.toml nor forward.toml: nothing reads it"});
    }
}

void lint_scoring(const std::filesystem::path& dir, const catalog::FindingCatalog& findings,
                  const scoring::ScoringRules& scoring, std::vector<DataWarning>& out) {
    std::set<std::string, std::less<>> groups;
    for (const auto& [id, def] : findings.all()) groups.insert(def.group);
    for (const auto& [group, cap] : scoring.group_caps)
        if (!groups.count(group))
            out.push_back({(dir / "scoring.toml").string(),
                           fmt::format("groups.{}: no finding of findings.toml is in this group", group)});
}

} // namespace

std::vector<DataWarning> lint_data(const LoadedData& data) {
    std::vector<DataWarning> out;
    lint_brands(data.brands, out);
    lint_brand_dir(data.dir / "brands", out);
    lint_lists(data.dir / "lists", out);
    lint_phrase_dir(data.dir / "phrases", out);
    lint_scoring(data.dir, data.findings, data.scoring, out);
    return out;
}

} // namespace mikiwame::engine

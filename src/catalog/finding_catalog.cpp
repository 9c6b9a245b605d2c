// SPDX-License-Identifier: Apache-2.0
#include "catalog/finding_catalog.h"

#include <algorithm>

#include "catalog/toml.h"

#include <fmt/format.h>


namespace mikiwame::catalog {

namespace {

std::optional<Severity> parse_severity(std::string_view s) {
    if (s == "info") return Severity::Info;
    if (s == "low") return Severity::Low;
    if (s == "medium") return Severity::Medium;
    if (s == "high") return Severity::High;
    return std::nullopt;
}

} // namespace

Result<FindingCatalog> FindingCatalog::parse(std::string_view toml_text, std::string_view origin) {
    auto parsed = parse_toml(toml_text, origin);
    if (!parsed) return Unexpected<Error>{parsed.error()};
    const toml::table& root = *parsed;
    MIKIWAME_TRY(reject_unknown_keys(root, {"finding"}, origin));
    const toml::array* findings = root["finding"].as_array();
    if (!findings) return make_error(ErrorCode::Config, "expected [[finding]] tables", std::string(origin));
    FindingCatalog catalog;
    for (const toml::node& node : *findings) {
        const toml::table* table = node.as_table();
        if (!table) return make_error(ErrorCode::Config, "finding: expected a table", toml_location(origin, node.source()));
        MIKIWAME_TRY(reject_unknown_keys(
            *table, {"id", "severity", "weight", "group", "summary", "lead", "weight_per_extra", "max_weight", "extension"}, origin));
        if (const toml::table* summary = (*table)["summary"].as_table())
            MIKIWAME_TRY(reject_unknown_keys(*summary, {"ja", "en"}, origin, "summary."));
        if (const toml::table* lead = (*table)["lead"].as_table())
            MIKIWAME_TRY(reject_unknown_keys(*lead, {"ja", "en"}, origin, "lead."));
        auto id = (*table)["id"].value<std::string>();
        auto severity_text = (*table)["severity"].value<std::string>();
        auto weight = (*table)["weight"].value<double>();
        auto group = (*table)["group"].value<std::string>();
        auto ja = (*table)["summary"]["ja"].value<std::string>();
        auto en = (*table)["summary"]["en"].value<std::string>();
        std::string loc = toml_location(origin, table->source());
        if (!id || id->empty()) return make_error(ErrorCode::Config, "id: expected a string", loc);
        if (!severity_text) return make_error(ErrorCode::Config, *id + ": severity: expected a string", loc);
        auto severity = parse_severity(*severity_text);
        if (!severity)
            return make_error(ErrorCode::Config, *id + ": severity: expected info, low, medium or high", loc);
        if (!weight) return make_error(ErrorCode::Config, *id + ": weight: expected a number", loc);
        if (!group) return make_error(ErrorCode::Config, *id + ": group: expected a string", loc);
        if (!ja || !en) return make_error(ErrorCode::Config, *id + ": summary.ja and summary.en are required", loc);
        if (catalog.definitions_.count(*id)) return make_error(ErrorCode::Config, *id + ": duplicate id", loc);
        double per_extra = (*table)["weight_per_extra"].value_or(0.0);
        double max_weight = (*table)["max_weight"].value_or(*weight);
        if (per_extra < 0) return make_error(ErrorCode::Config, *id + ": weight_per_extra: expected a non-negative number", loc);
        if (max_weight < *weight) return make_error(ErrorCode::Config, *id + ": max_weight must not be below weight", loc);
        auto lead_ja = (*table)["lead"]["ja"].value<std::string>();
        auto lead_en = (*table)["lead"]["en"].value<std::string>();
        if (lead_ja.has_value() != lead_en.has_value())
            return make_error(ErrorCode::Config, *id + ": lead needs both lead.ja and lead.en", loc);
        FindingDefinition def{*id, *severity, *weight, per_extra, max_weight, *group, {*ja, *en},
                              {lead_ja.value_or(""), lead_en.value_or("")}, (*table)["extension"].value_or(false)};
        catalog.definitions_.emplace(*id, std::move(def));
    }
    return catalog;
}

Result<FindingCatalog> FindingCatalog::load(const std::filesystem::path& path) {
    auto text = read_data_file(path, "finding catalogue");
    if (!text) return Unexpected<Error>{text.error()};
    return parse(*text, path.string());
}

double FindingCatalog::weight_for(const FindingDefinition& def, std::size_t instances) const {
    if (instances <= 1 || def.weight_per_extra <= 0) return def.weight;
    return std::min(def.max_weight, def.weight + def.weight_per_extra * static_cast<double>(instances - 1));
}

const FindingDefinition* FindingCatalog::find(std::string_view id) const {
    auto it = definitions_.find(id);
    return it == definitions_.end() ? nullptr : &it->second;
}

} // namespace mikiwame::catalog

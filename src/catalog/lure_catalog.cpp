// SPDX-License-Identifier: Apache-2.0
#include "catalog/lure_catalog.h"

#include <fmt/format.h>

#include <algorithm>

#include "catalog/toml.h"

namespace mikiwame::catalog {

namespace {

bool holds_any(const std::vector<std::string>& wanted, const std::vector<std::string>& present) {
    return std::any_of(wanted.begin(), wanted.end(),
                       [&](const std::string& w) { return std::find(present.begin(), present.end(), w) != present.end(); });
}

// One [[want]] or [[advice]] array of tables; `lists` are the keys it may hold besides id.
Result<std::vector<LureCatalog::Rule>> read_rules(const toml::table& root, std::string_view name,
                                                  std::initializer_list<std::string_view> keys, std::string_view origin) {
    std::vector<LureCatalog::Rule> rules;
    const toml::node_view<const toml::node> node = root[name];
    if (!node) return rules;
    const toml::array* array = node.as_array();
    if (!array) return make_error(ErrorCode::Config, fmt::format("{}: expected an array of tables ([[{}]])", name, name),
                                  toml_location(origin, node.node()->source()));
    for (const toml::node& entry : *array) {
        const toml::table* t = entry.as_table();
        if (!t) return make_error(ErrorCode::Config, fmt::format("{}: expected a table", name), toml_location(origin, entry.source()));
        MIKIWAME_TRY(reject_unknown_keys(*t, keys, origin, std::string(name) + "."));
        LureCatalog::Rule rule;
        auto id = (*t)["id"].value<std::string>();
        if (!id || id->empty()) return make_error(ErrorCode::Config, fmt::format("{}.id: expected a name", name), toml_location(origin, t->source()));
        if (std::any_of(rules.begin(), rules.end(), [&](const LureCatalog::Rule& r) { return r.id == *id; }))
            return make_error(ErrorCode::Config, fmt::format("{}.id: '{}' appears twice", name, *id), toml_location(origin, t->source()));
        rule.id = *id;
        for (auto [key, into] : {std::pair{"findings", &rule.findings}, {"wants", &rule.wants}, {"lures", &rule.lures}}) {
            auto values = toml_string_array((*t)[key], fmt::format("{}.{}", name, key), origin);
            if (!values) return Unexpected<Error>{values.error()};
            *into = std::move(*values);
        }
        rules.push_back(std::move(rule));
    }
    return rules;
}

} // namespace

Result<LureCatalog> LureCatalog::parse(std::string_view toml_text, std::string_view origin) {
    auto parsed = parse_toml(toml_text, origin);
    if (!parsed) return Unexpected<Error>{parsed.error()};
    MIKIWAME_TRY(reject_unknown_keys(*parsed, {"want", "advice"}, origin));
    LureCatalog catalog;
    auto wants = read_rules(*parsed, "want", {"id", "findings", "lures"}, origin);
    if (!wants) return Unexpected<Error>{wants.error()};
    auto advice = read_rules(*parsed, "advice", {"id", "wants", "lures"}, origin);
    if (!advice) return Unexpected<Error>{advice.error()};
    for (const auto& rule : *advice)
        for (const auto& want : rule.wants)
            if (std::none_of(wants->begin(), wants->end(), [&](const Rule& w) { return w.id == want; }))
                return make_error(ErrorCode::Config, fmt::format("advice '{}': '{}' is not a [[want]] id", rule.id, want), std::string(origin));
    catalog.wants_ = std::move(*wants);
    catalog.advice_ = std::move(*advice);
    return catalog;
}

Result<LureCatalog> LureCatalog::load(const std::filesystem::path& path) {
    auto text = read_data_file(path, "lure catalogue");
    if (!text) return Unexpected<Error>{text.error()};
    return parse(*text, path.string());
}

std::vector<std::string> LureCatalog::wants_of(const std::vector<std::string>& finding_ids, const std::vector<std::string>& lures) const {
    std::vector<std::string> out;
    for (const auto& rule : wants_)
        if (holds_any(rule.findings, finding_ids) || holds_any(rule.lures, lures)) out.push_back(rule.id);
    return out;
}

std::string LureCatalog::advice_of(const std::vector<std::string>& wants, const std::vector<std::string>& lures) const {
    for (const auto& rule : advice_)
        if (holds_any(rule.wants, wants) || holds_any(rule.lures, lures)) return rule.id;
    return {};
}

} // namespace mikiwame::catalog

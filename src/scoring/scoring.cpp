// SPDX-License-Identifier: Apache-2.0
#include "scoring/scoring.h"

#include "catalog/toml.h"

#include <fmt/format.h>

#include <cmath>

namespace mikiwame::scoring {

Result<ScoringRules> ScoringRules::parse(std::string_view toml_text, std::string_view origin) {
    auto parsed = catalog::parse_toml(toml_text, origin);
    if (!parsed) return Unexpected<Error>{parsed.error()};
    const toml::table& root = *parsed;
    ScoringRules rules;
    MIKIWAME_TRY(catalog::reject_unknown_keys(root, {"groups", "verdict", "evidence"}, origin));
    if (const toml::table* verdict = root["verdict"].as_table())
        MIKIWAME_TRY(catalog::reject_unknown_keys(*verdict, {"phishing", "spam", "suspicious"}, origin, "verdict."));
    if (const toml::table* evidence = root["evidence"].as_table())
        MIKIWAME_TRY(catalog::reject_unknown_keys(*evidence, {"phishing"}, origin, "evidence."));
    if (const toml::table* groups = root["groups"].as_table()) {
        for (const auto& [key, node] : *groups) {
            auto cap = node.value<double>();
            if (!cap || *cap < 0)
                return make_error(ErrorCode::Config, fmt::format("groups.{}: expected a non-negative number", key.str()), std::string(origin));
            rules.group_caps.emplace(std::string(key.str()), *cap);
        }
    }
    auto threshold = [&](const char* key, double& target) -> bool {
        auto v = root["verdict"][key].value<double>();
        if (!v) return false;
        target = *v;
        return true;
    };
    if (!threshold("phishing", rules.phishing_threshold) || !threshold("spam", rules.spam_threshold) ||
        !threshold("suspicious", rules.suspicious_threshold))
        return make_error(ErrorCode::Config, "verdict: phishing, spam and suspicious thresholds are required", std::string(origin));
    if (!(rules.suspicious_threshold <= rules.spam_threshold))
        return make_error(ErrorCode::Config, "verdict: suspicious must not exceed spam", std::string(origin));
    if (const toml::array* ids = root["evidence"]["phishing"].as_array()) {
        for (const toml::node& n : *ids) {
            auto id = n.value<std::string>();
            if (!id) return make_error(ErrorCode::Config, "evidence.phishing: expected strings", std::string(origin));
            rules.phishing_evidence.insert(*id);
        }
    }
    return rules;
}

Result<ScoringRules> ScoringRules::load(const std::filesystem::path& path) {
    auto text = catalog::read_data_file(path, "scoring rules");
    if (!text) return Unexpected<Error>{text.error()};
    return parse(*text, path.string());
}

void apply_scoring(Report& report, const ScoringRules& rules, const catalog::FindingCatalog& findings) {
    std::map<std::string, double, std::less<>> group_totals;
    double total = 0;
    bool has_phishing_evidence = false;
    for (Finding& f : report.findings) {
        const catalog::FindingDefinition* def = findings.find(f.id);
        std::string group = def ? def->group : "other";
        double weight = f.score;
        auto cap = rules.group_caps.find(group);
        if (cap != rules.group_caps.end()) {
            double room = std::max(0.0, cap->second - group_totals[group]);
            weight = std::min(weight, room);
        }
        group_totals[group] += weight;
        f.score = std::round(weight * 100) / 100;
        total += weight;
        if (rules.phishing_evidence.count(f.id)) has_phishing_evidence = true;
    }
    report.score = std::round(total * 100) / 100;
    if (report.score >= rules.phishing_threshold && has_phishing_evidence) {
        report.verdict = Verdict::Phishing;
    } else if (report.score >= rules.spam_threshold) {
        report.verdict = Verdict::Spam;
    } else if (report.score >= rules.suspicious_threshold) {
        report.verdict = Verdict::Suspicious;
    } else {
        report.verdict = Verdict::Clean;
    }
}

} // namespace mikiwame::scoring

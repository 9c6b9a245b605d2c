// SPDX-License-Identifier: Apache-2.0
#include "engine/lure_description.h"

#include <fmt/format.h>

#include <algorithm>

namespace mikiwame::engine {

namespace {

// The lists whose tags name lures (content.pretext's lures, content.scam's kinds).
constexpr std::string_view kLureLists[] = {"pretext", "scam"};

bool is_delivery_report(const message::Message& message) {
    return std::any_of(message.parts.begin(), message.parts.end(), [](const message::Part& p) {
        return p.content_type == "message/delivery-status" || p.content_type == "message/global-delivery-status";
    });
}

} // namespace

void describe_lure(Report& report, const StageFacts& facts, const catalog::LureCatalog& lures) {
    LureInfo& lure = report.lure;
    if (facts.content) lure.kinds = facts.content->lure_kinds;
    std::vector<std::string> ids;
    ids.reserve(report.findings.size());
    for (const auto& f : report.findings) ids.push_back(f.id);
    lure.wants = lures.wants_of(ids, lure.kinds);
    lure.advice = lures.advice_of(lure.wants, lure.kinds);
    lure.delivery_report = is_delivery_report(facts.message);
}

Result<bool> check_lure_names(const catalog::LureCatalog& lures, const catalog::FindingCatalog& findings,
                              const content::PhraseCatalog& phrases, const std::filesystem::path& origin) {
    auto is_lure = [&](const std::string& name) {
        return std::any_of(std::begin(kLureLists), std::end(kLureLists), [&](std::string_view list) {
            const auto& tags = phrases.allowed_tags(list);
            return std::find(tags.begin(), tags.end(), name) != tags.end();
        });
    };
    for (const auto* rules : {&lures.wants(), &lures.advice()}) {
        for (const auto& rule : *rules) {
            for (const auto& id : rule.findings)
                if (!findings.find(id))
                    return make_error(ErrorCode::Config, fmt::format("'{}': '{}' is not a finding id of findings.toml", rule.id, id),
                                      origin.string());
            for (const auto& name : rule.lures)
                if (!is_lure(name))
                    return make_error(ErrorCode::Config,
                                      fmt::format("'{}': '{}' is no pretext or scam tag of phrases/tags.toml", rule.id, name),
                                      origin.string());
        }
    }
    return true;
}

} // namespace mikiwame::engine

// SPDX-License-Identifier: Apache-2.0
#include "engine/report_assembly.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/text.h"

namespace mikiwame::engine {

namespace {

constexpr std::size_t kMaxEvidencePerFinding = 20;

} // namespace

void ReportBuilder::add_message(const message::Message& msg) {
    MessageInfo& info = report_.message;
    info.subject = msg.subject;
    if (msg.date) info.date = msg.date->raw;
    info.message_id = msg.message_id;
    info.size = msg.size;
    info.sha256 = msg.sha256;

    for (const message::ParseIssue& issue : msg.issues) {
        add_hit(base::FindingHit{issue.kind == message::IssueKind::LimitExceeded ? "message.limit_exceeded"
                                                                                  : "message.parse_anomaly",
                                 {issue.detail}});
    }
    report_.content_language = base::is_japanese_text(msg.subject + msg.text_body) ? "ja" : "en";
}

void ReportBuilder::add_hit(const base::FindingHit& hit) {
    auto [it, inserted] = hit_evidence_.try_emplace(hit.id);
    if (inserted) hit_order_.push_back(hit.id);
    hit_instances_[hit.id] += hit.instances;
    for (const auto& line : hit.evidence) {
        if (it->second.size() >= kMaxEvidencePerFinding) break;
        if (std::find(it->second.begin(), it->second.end(), line) == it->second.end()) it->second.push_back(line);
    }
}

Report ReportBuilder::finish() {
    for (const std::string& id : hit_order_) {
        Finding finding;
        finding.id = id;
        finding.evidence = hit_evidence_[id];
        if (const auto* def = findings_.find(id)) {
            finding.severity = def->severity;
            finding.score = findings_.weight_for(*def, hit_instances_[id]);
            finding.summary = def->summary;
        } else {
            finding.summary = {id, id};
        }
        report_.score += finding.score;
        report_.findings.push_back(std::move(finding));
    }
    return std::move(report_);
}

} // namespace mikiwame::engine

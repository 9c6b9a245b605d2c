// SPDX-License-Identifier: Apache-2.0
// ReportBuilder: turns the facts of each stage into the report (SPEC §3) and finding hits
// into findings with severity, score and wording from the finding catalogue.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/finding_hit.h"
#include "catalog/finding_catalog.h"
#include "message/message.h"
#include "mikiwame/report.h"

namespace mikiwame::engine {

class ReportBuilder {
public:
    explicit ReportBuilder(const catalog::FindingCatalog& findings) : findings_(findings) {}

    void add_message(const message::Message& msg);
    void add_hit(const base::FindingHit& hit);
    Report finish();

    Report& report() { return report_; }

private:
    const catalog::FindingCatalog& findings_;
    Report report_;
    // Evidence per finding id, in first-seen order of ids.
    std::vector<std::string> hit_order_;
    std::map<std::string, std::vector<std::string>> hit_evidence_;
    std::map<std::string, std::size_t> hit_instances_;
};

} // namespace mikiwame::engine

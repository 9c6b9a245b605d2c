// SPDX-License-Identifier: Apache-2.0
// Report assembly: the only place that writes the public Report. The stages hand over their
// own facts (StageFacts); this turns them into the schema's sections and the finding hits
// into findings with the catalogue's severity, weight and wording.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "attachments/attachment_analysis.h"
#include "auth/auth_verdicts.h"
#include "brands/brand_analysis.h"
#include "catalog/finding_catalog.h"
#include "content/wording.h"
#include "engine/online_checks.h"
#include "headers/header_forensics.h"
#include "images/qr_codes.h"
#include "intel/geoip.h"
#include "intel/phish_feed.h"
#include "message/forwarded_report.h"
#include "message/message.h"
#include "mikiwame/report.h"
#include "model/statistical_check.h"
#include "urls/link_analysis.h"

namespace mikiwame::engine {

// Everything the stages found about one message. A stage left out by the time budget leaves
// its facts empty (and stopped_before names it).
struct StageFacts {
    message::Message message;
    std::optional<headers::HeaderFacts> headers;
    std::optional<auth::AuthFacts> auth; // read with the headers; the online checks replace the verdicts
    std::optional<intel::IpInfo> origin_ip_info;
    std::vector<std::string> recipients;
    std::optional<images::QrFacts> qr_codes;
    std::optional<urls::UrlFacts> urls;
    std::vector<base::FindingHit> known_phish; // url.known_phish hits
    std::optional<attachments::AttachmentFacts> attachments;
    std::optional<content::ContentFacts> content;
    std::optional<brands::BrandFacts> brands;
    std::optional<model::StatisticalFacts> statistical; // when the engine has a content model
    std::vector<base::FindingHit> lure_hits; // findings/: judgements across the stages' facts
    const char* stopped_before = nullptr;
    std::optional<std::string> budget_note;
    std::vector<std::string> geoip_notes;
    std::vector<std::string> notes; // degraded analysis (a failed lookup)
    // The forwards unwrapped to reach `message`, outermost first (empty: the mail as it came).
    std::vector<message::ForwardedReport> forwarded;
    // The online checks (AnalyzeRequest::online), when they ran.
    std::optional<OnlineFacts> online;
};

// url.known_phish hits for the links (and their redirect targets) the phishing-URL store lists;
// marks those links' flags. A failed lookup becomes a note.
[[nodiscard]] std::vector<base::FindingHit> lookup_known_phish(urls::UrlFacts& urls, intel::PhishReader& reader,
                                                               std::vector<std::string>& notes);

// The report of `facts`, scored 0 until scoring::apply_scoring.
[[nodiscard]] Report assemble_report(StageFacts& facts, const catalog::FindingCatalog& findings);

// Report::top_reasons: the ids of the (up to three) weightiest findings that count.
void add_top_reasons(Report& report);

} // namespace mikiwame::engine

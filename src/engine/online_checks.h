// SPDX-License-Identifier: Apache-2.0
// The online checks in the engine (AnalyzeRequest::online): what the auth stage computed
// replaces what it read from the receiver's fields (auth.source "verified"), both are kept for the report,
// disagreements and blocklist listings become findings, and every DNS lookup goes to the report.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/auth_verdicts.h"
#include "auth/online_auth.h"
#include "auth/resolver.h"
#include "base/finding_hit.h"
#include "headers/header_forensics.h"
#include "message/message.h"
#include "mikiwame/engine.h"
#include "mikiwame/report.h"
#include "mikiwame/request.h"
#include "urls/link_analysis.h"

namespace mikiwame::engine {

struct OnlineFacts {
    auth::OnlineAuth auth;
    std::optional<AuthResult> header_spf, header_dkim, header_dmarc, header_arc; // what the trusted fields said
    std::vector<auth::ListHit> uribl;
    std::vector<auth::DnsLookup> lookups;
    std::vector<base::FindingHit> hits; // auth.result_disagreement, received.dnsbl_listed, url.uribl_listed
    std::vector<std::string> notes;
};

// Runs SPF/DKIM/DMARC (and FCrDNS, DNSBL when configured) for the analysed message and puts the
// computed results into `auth` (verdicts and auth.* findings) and `headers` (verified rDNS).
[[nodiscard]] OnlineFacts run_online_checks(std::string_view raw, const std::optional<Envelope>& envelope, const message::Message& msg,
                                            headers::HeaderFacts& headers, auth::AuthFacts& auth, const OnlineOptions& options,
                                            auth::Resolver& resolver);

// URI blocklists for the links' registrable domains (after the link stage).
void check_link_lists(OnlineFacts& online, const urls::UrlFacts& urls, const OnlineOptions& options, auth::Resolver& resolver);

// The report's verified auth section and DNS lookups.
void fill_online(const OnlineFacts& online, Report& report);

} // namespace mikiwame::engine

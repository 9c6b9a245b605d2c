// SPDX-License-Identifier: Apache-2.0
// The inputs of the brand stage, gathered from the facts of the stages before it (never from
// the half-built report), and the recipient addresses every stage after the headers uses.
#pragma once

#include <optional>

#include "brands/brand_analysis.h"
#include "content/action_text.h"
#include "auth/auth_verdicts.h"
#include "headers/header_forensics.h"
#include "intel/geoip.h"
#include "message/message.h"
#include "mikiwame/request.h"
#include "urls/link_analysis.h"

namespace mikiwame::engine {

// The mailboxes the mail was delivered to: To, Delivered-To, X-Original-To, the receiving
// hops' "for", and the envelope's RCPT TO when there is one. At most 20, lower-case.
[[nodiscard]] std::vector<std::string> recipient_addresses(const message::Message& msg, const headers::HeaderFacts& headers,
                                                           const std::optional<Envelope>& envelope);

// The receiving organisation's registrable domains: the header stage's (top hop's `by`,
// authserv-id, configured internal domains) and those of the addresses the receiving side says
// it delivered to (Delivered-To, X-Original-To, the trusted hops' `for`, the envelope's RCPT TO;
// never To or Cc, which the sender writes).
[[nodiscard]] std::vector<std::string> receiving_domains(const message::Message& msg, const headers::HeaderFacts& headers,
                                                         const std::optional<Envelope>& envelope);

// `recipients` as recipient_addresses() found them; `receivers` as receiving_domains().
// `lists` tell whether the origin is an e-mail service.
[[nodiscard]] brands::BrandInputs gather_brand_inputs(const message::Message& msg, const headers::HeaderFacts& headers, const auth::AuthVerdicts& auth,
                                                      const headers::HeaderLists& lists, const urls::UrlFacts& urls,
                                                      const std::optional<intel::IpInfo>& origin_info,
                                                      const std::vector<std::string>& recipients,
                                                      const std::vector<std::string>& receivers);

// Marks the links whose anchor text is a call to action (content/action_text.h), for
// url.action_link_foreign; `in.links` as gather_brand_inputs() built them from `urls`.
// `scratch` is the calling thread's, grown for `phrases`.
void mark_action_links(brands::BrandInputs& in, const urls::UrlFacts& urls, const content::PhraseCatalog& phrases,
                       base::HsScratch& scratch);

} // namespace mikiwame::engine

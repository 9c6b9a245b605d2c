// SPDX-License-Identifier: Apache-2.0
// The inputs of the brand stage, gathered from the facts of the stages before it (never from
// the half-built report), and the recipient addresses every stage after the headers uses.
#pragma once

#include <optional>

#include "brands/brand_analysis.h"
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

// The brand stage's inputs; `lists` tell whether the origin is an e-mail service.
[[nodiscard]] brands::BrandInputs gather_brand_inputs(const message::Message& msg, const headers::HeaderFacts& headers,
                                                      const headers::HeaderLists& lists, const urls::UrlFacts& urls,
                                                      const std::optional<intel::IpInfo>& origin_info);

} // namespace mikiwame::engine

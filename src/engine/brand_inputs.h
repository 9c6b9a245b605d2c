// SPDX-License-Identifier: Apache-2.0
// Gathers what the brand checks need from the message and the other stages' facts.
#pragma once

#include "brands/brand_analysis.h"
#include "headers/header_forensics.h"
#include "message/message.h"
#include "mikiwame/report.h"

namespace mikiwame::engine {

// The recipient as the mail shows it: To, Delivered-To, X-Original-To and the `for` clause
// of the hops the receiving side wrote (lower-cased, without duplicates).
[[nodiscard]] std::vector<std::string> recipient_addresses(const message::Message& msg, const headers::HeaderFacts& headers);

[[nodiscard]] brands::BrandInputs gather_brand_inputs(const message::Message& msg, const headers::HeaderFacts& headers,
                                                      const Report& report);

} // namespace mikiwame::engine

// SPDX-License-Identifier: Apache-2.0
// Gathers what the brand checks need from the message and the other stages' facts.
#pragma once

#include "brands/brand_analysis.h"
#include "headers/header_forensics.h"
#include "message/message.h"
#include "mikiwame/report.h"

namespace mikiwame::engine {

[[nodiscard]] brands::BrandInputs gather_brand_inputs(const message::Message& msg, const headers::HeaderFacts& headers,
                                                      const Report& report);

} // namespace mikiwame::engine

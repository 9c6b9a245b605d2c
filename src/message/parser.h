// SPDX-License-Identifier: Apache-2.0
// parse_message: raw mail bytes → Message, the first stage of the pipeline. Built on GMime
// for MIME structure and transfer decoding; charsets, encoded-words and HTML are read by our
// own code on ICU and Gumbo (see rfc2047.h, base/charset.h, html_document.h).
// Hostile input is the common case: it never fails, never throws, and every defect or limit
// hit is recorded in Message::issues. Thread-safe (GMime is initialised once, per-call state
// only); the caller keeps `raw` alive for the duration of the call only.
#pragma once

#include <string_view>

#include "base/deadline.h"
#include "message/message.h"
#include "mikiwame/limits.h"

namespace mikiwame::message {

// `deadline`: when it passes, the MIME walk stops and a limit issue names max_analysis_ms.
[[nodiscard]] Message parse_message(std::string_view raw, const Limits& limits, const base::Deadline& deadline = {});

} // namespace mikiwame::message

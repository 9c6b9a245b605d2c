// SPDX-License-Identifier: Apache-2.0
// Framing: a linear pre-scan of the raw bytes before MIME parsing. It enforces the cheap
// limits (message size, header count and size) so that GMime never sees a million headers,
// repairs what would make GMime guess (bare-CR line ends, a missing header/body separator,
// NULs in the header block) and records every such repair as a ParseIssue.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "message/message.h"
#include "mikiwame/limits.h"

namespace mikiwame::message {

struct FramedInput {
    std::string rewritten;     // used when is_rewritten
    bool is_rewritten = false;
    std::string_view original; // the input (possibly cut to max_message_bytes)
    bool is_truncated = false;
    std::vector<ParseIssue> issues;

    std::string_view bytes() const { return is_rewritten ? std::string_view(rewritten) : original; }
};

// Frames `raw` (which the caller keeps alive). Linear time, memory at most one copy.
[[nodiscard]] FramedInput frame_input(std::string_view raw, const Limits& limits);

} // namespace mikiwame::message

// SPDX-License-Identifier: Apache-2.0
// Upstream verdicts: what filters before us already said about the mail in their stamp headers
// (SpamAssassin, Rspamd, Microsoft 365, Google, Yahoo). The Subject tags they add are phrase
// data (data/phrases/spam_subject_tags.txt), found by the content stage.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "message/message.h"

namespace mikiwame::headers {

struct UpstreamVerdicts {
    std::vector<std::string> spam_flags;   // "Name: value" of each stamp that says spam
};

// Reads the verdict headers of `msg`. Thread-safe.
[[nodiscard]] UpstreamVerdicts read_upstream_verdicts(const message::Message& msg);

} // namespace mikiwame::headers

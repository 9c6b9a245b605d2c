// SPDX-License-Identifier: Apache-2.0
// Upstream verdicts: what filters before us already said about the mail, in the Subject tag
// they added and in their stamp headers (SpamAssassin, Rspamd, Microsoft 365, Google, Yahoo).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "message/message.h"

namespace mikiwame::headers {

struct UpstreamVerdicts {
    std::vector<std::string> subject_tags; // the tags as they appear in the Subject
    std::vector<std::string> spam_flags;   // "Name: value" of each stamp that says spam
};

// Spam tags an upstream filter put in `subject` ("[spam]", "***SPAM***", "【迷惑メール】", …),
// as written. Case-insensitive for ASCII tags. Thread-safe.
[[nodiscard]] std::vector<std::string> find_subject_spam_tags(std::string_view subject);

// Reads the Subject tags and the verdict headers of `msg`. Thread-safe.
[[nodiscard]] UpstreamVerdicts read_upstream_verdicts(const message::Message& msg);

} // namespace mikiwame::headers

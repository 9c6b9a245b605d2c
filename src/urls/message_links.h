// SPDX-License-Identifier: Apache-2.0
// Every link of a parsed message: text parts, HTML parts, List-Unsubscribe (and
// List-Post/List-Help/List-Subscribe) headers, text and HTML attachments and embedded
// messages, each labelled with where it was found. The first step of analyze_links.
#pragma once

#include <vector>

#include "message/message.h"
#include "mikiwame/limits.h"
#include "urls/raw_link.h"

namespace mikiwame::urls {

// In order: headers, then parts in MIME order. Stops after limits.max_urls + 1 links so the
// caller can tell that the limit was exceeded. Thread-safe, no throw.
[[nodiscard]] std::vector<RawLink> extract_message_links(const message::Message& message,
                                                         const Limits& limits);

} // namespace mikiwame::urls

// SPDX-License-Identifier: Apache-2.0
// Attachment judgement: what each attached file really is (content, not only its name) —
// executables (PE/ELF/Mach-O, scripts, double extensions, right-to-left overrides), Office
// files with VBA macros (OLE and OOXML), archives holding executables (libzip listing, never
// extraction) and HTML files with login forms. Untrusted input; bounded work per file.
#pragma once

#include <vector>

#include "attachments/attachment_lists.h"
#include "base/finding_hit.h"
#include "message/message.h"
#include "mikiwame/limits.h"
#include "mikiwame/report.h"

namespace mikiwame::attachments {

struct AttachmentFacts {
    std::vector<AttachmentInfo> attachments;
    std::vector<base::FindingHit> hits;
};

// Walks the message and the messages embedded in it, judging names by the extension lists of
// `lists` (AttachmentLists::load). Thread-safe.
[[nodiscard]] AttachmentFacts analyze_attachments(const message::Message& msg, const AttachmentLists& lists,
                                                  const Limits& limits);

} // namespace mikiwame::attachments

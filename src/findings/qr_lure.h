// SPDX-License-Identifier: Apache-2.0
// content.qr_code_lure: the mail's only action is a QR code that leads to a web page. Read on a
// phone, the link escapes every check of the desktop the mail was opened on, which is why
// lures send a picture of a code and nothing to click.
#pragma once

#include <optional>

#include "base/finding_hit.h"
#include "urls/link_analysis.h"

namespace mikiwame::findings {

// The hit when a link found_in "qr" is a web link and no other link of the text, the HTML or
// an attachment is a call to action (anchors, forms, links written in the text). Header links
// (List-Unsubscribe) and fetched resources (images, stylesheets) are not actions.
[[nodiscard]] std::optional<base::FindingHit> check_qr_code_lure(const urls::UrlFacts& urls);

} // namespace mikiwame::findings

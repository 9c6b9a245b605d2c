// SPDX-License-Identifier: Apache-2.0
// sender.freemail_single_cta: a mailbox anyone can open (freemail, or a throwaway-looking
// domain) sending one call to action to a place anyone can publish (free hosting, IPFS, a
// shortener, an abused TLD, a bare IP, a random name) or, behind a button, to an unrelated
// domain. The brand-less lure that passes when no upstream filter has judged the mail.
#pragma once

#include <functional>
#include <optional>
#include <string_view>

#include "base/finding_hit.h"
#include "headers/sender_identity.h"
#include "urls/link_analysis.h"
#include "urls/url_catalog.h"

namespace mikiwame::findings {

// Answers for a lower-case registrable domain (the From address's) or a host (a link's).
using DomainPredicate = std::function<bool(std::string_view)>;

struct SenderCtaInputs {
    const headers::SenderIdentity* sender = nullptr;
    const urls::UrlFacts* urls = nullptr;
    const urls::UrlCatalog* url_catalog = nullptr;
    DomainPredicate is_freemail;   // freemail.txt, or a brand's mailbox domain
    DomainPredicate is_brand_host; // a known brand's official or consumer site
};

// The hit, or nothing. Pure function of its inputs; never throws on hostile input.
[[nodiscard]] std::optional<base::FindingHit> check_freemail_single_cta(const SenderCtaInputs& in);

} // namespace mikiwame::findings

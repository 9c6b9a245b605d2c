// SPDX-License-Identifier: Apache-2.0
// Checks on the sender identity: display names that name another domain, and Reply-To,
// Return-Path and Message-ID domains that diverge from From in ways legitimate senders do
// not show (bulk-mail services, bounce addresses and list traffic are legitimate).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/finding_hit.h"
#include "catalog/brand_catalog.h"
#include "headers/header_lists.h"
#include "headers/received_parser.h"
#include "headers/sender_identity.h"
#include "message/message.h"

namespace mikiwame::headers {

// True when two registrable domains belong together: equal, the same name under another
// suffix (example.co.jp / example.com), or, with `brands`, domains of one brand family
// (smbc-card.com / vpass.ne.jp).
[[nodiscard]] bool are_related_domains(std::string_view a, std::string_view b, const catalog::BrandCatalog* brands = nullptr);

// True for bounce and VERP return paths ("bounce-123=user=example.com@…", "prvs=…", "SRS0=…").
[[nodiscard]] bool is_bounce_local_part(std::string_view local_part);

// sender.display_domain_mismatch: the From display name names a domain or address whose
// registrable domain is not the From domain's.
[[nodiscard]] std::optional<base::FindingHit> check_display_domain_mismatch(const SenderIdentity& id,
                                                                            const catalog::BrandCatalog* brands = nullptr);

// sender.reply_to_divergent / sender.return_path_divergent / sender.message_id_divergent.
// `hops` supplies the hosts that handled the mail: a Message-ID minted by one of them is normal.
// E-mail services of `lists` (data/lists/email_services.txt, shared_providers.txt) send,
// take replies and bounces for their customers, so a divergence to one is not forgery.
[[nodiscard]] std::optional<base::FindingHit> check_reply_to_divergent(const SenderIdentity& id,
                                                                       const message::Message& msg,
                                                                       const HeaderLists& lists,
                                                                       const catalog::BrandCatalog* brands = nullptr);
[[nodiscard]] std::optional<base::FindingHit> check_return_path_divergent(const SenderIdentity& id,
                                                                          const message::Message& msg,
                                                                          const HeaderLists& lists,
                                                                          const catalog::BrandCatalog* brands = nullptr);
[[nodiscard]] std::optional<base::FindingHit> check_message_id_divergent(
    const SenderIdentity& id, const std::vector<ReceivedHop>& hops, const HeaderLists& lists,
    const catalog::BrandCatalog* brands = nullptr);

} // namespace mikiwame::headers

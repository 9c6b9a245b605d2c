// SPDX-License-Identifier: Apache-2.0
// Sender identity checks. The e-mail services exempt from the divergence checks are data
// (data/lists/email_services.txt, shared_providers.txt, through HeaderLists).
#include "headers/sender_checks.h"

#include <algorithm>
#include <array>

#include "base/text.h"
#include "net/domain.h"

namespace mikiwame::headers {
namespace {

std::string label_of(std::string_view registrable) {
    auto suffix = net::public_suffix(registrable);
    if (registrable.size() <= suffix.size() + 1) return std::string(registrable);
    return std::string(registrable.substr(0, registrable.size() - suffix.size() - 1));
}

bool has_list_headers(const message::Message& msg) {
    return msg.find_header("List-Id") || msg.find_header("List-Post") ||
           msg.find_header("Mailing-List");
}

std::string local_part_of(std::string_view address) {
    auto at = address.rfind('@');
    return std::string(at == std::string_view::npos ? address : address.substr(0, at));
}

} // namespace

bool are_related_domains(std::string_view a, std::string_view b, const catalog::BrandCatalog* brands) {
    if (a.empty() || b.empty()) return false;
    if (a == b) return true;
    std::string la = label_of(a), lb = label_of(b);
    if (!la.empty() && la == lb) return true;
    return brands && brands->same_family(a, b);
}

bool is_bounce_local_part(std::string_view local_part) {
    std::string lower = base::to_lower_ascii(local_part);
    static constexpr std::array<std::string_view, 9> kPrefixes{
        "bounce", "bnc", "prvs=", "msprvs", "srs0=", "srs1=", "btv1=", "owner-", "return-"};
    for (auto p : kPrefixes)
        if (lower.starts_with(p)) return true;
    // VERP (the recipient encoded with '='), list bounce boxes ("list-bounces", "-request").
    return lower.find('=') != std::string::npos || lower.find("bounce") != std::string::npos ||
           lower.ends_with("-request");
}

std::optional<base::FindingHit> check_display_domain_mismatch(const SenderIdentity& id, const catalog::BrandCatalog* brands) {
    if (!id.from || id.from->registrable_domain.empty()) return std::nullopt;
    std::vector<std::string> evidence;
    for (const auto& d : id.display_domains) {
        std::string reg = net::registrable_domain(d);
        if (are_related_domains(reg, id.from->registrable_domain, brands)) continue;
        evidence.push_back("display name \"" + id.from->display_name + "\" names " + d +
                           ", From domain is " + id.from->domain);
    }
    if (evidence.empty()) return std::nullopt;
    return base::FindingHit{"sender.display_domain_mismatch", std::move(evidence)};
}

std::optional<base::FindingHit> check_reply_to_divergent(const SenderIdentity& id, const message::Message& msg,
                                                         const HeaderLists& lists, const catalog::BrandCatalog* brands) {
    if (!id.from || !id.reply_to) return std::nullopt;
    const auto& from_reg = id.from->registrable_domain;
    const auto& reg = id.reply_to->registrable_domain;
    if (from_reg.empty() || reg.empty() || are_related_domains(reg, from_reg, brands)) return std::nullopt;
    // Lists set Reply-To to the list; helpdesks and ESPs take replies for their customers.
    if (has_list_headers(msg) || (lists.is_email_service(reg) && !lists.is_shared_provider(reg)))
        return std::nullopt;
    if (id.sender && are_related_domains(id.sender->registrable_domain, reg)) return std::nullopt;
    // A list that writes no List-* field still shows itself by its bounce box: replies go to the
    // list's address at the domain whose bounce box is the envelope sender (groups.example's
    // "list-bounce@" and "list@").
    if (id.return_path && are_related_domains(id.return_path->registrable_domain, reg)) {
        const std::string& rp = id.return_path->address;
        if (is_bounce_local_part(std::string_view(rp).substr(0, rp.rfind('@')))) return std::nullopt;
    }
    return base::FindingHit{"sender.reply_to_divergent",
                            {"Reply-To " + id.reply_to->address + " is unrelated to From " +
                             id.from->address}};
}

std::optional<base::FindingHit> check_return_path_divergent(const SenderIdentity& id, const message::Message& msg,
                                                            const HeaderLists& lists, const catalog::BrandCatalog* brands) {
    if (!id.from || !id.return_path) return std::nullopt;
    const auto& from_reg = id.from->registrable_domain;
    const auto& reg = id.return_path->registrable_domain;
    if (from_reg.empty() || reg.empty() || are_related_domains(reg, from_reg, brands)) return std::nullopt;
    // ESP bounce domains, VERP/SRS/BATV bounce addresses and list traffic are how bulk and
    // forwarded mail legitimately looks.
    if (lists.is_email_service(reg) || is_bounce_local_part(local_part_of(id.return_path->address)) ||
        has_list_headers(msg))
        return std::nullopt;
    if (id.sender && are_related_domains(id.sender->registrable_domain, reg)) return std::nullopt;
    return base::FindingHit{"sender.return_path_divergent",
                            {"Return-Path " + id.return_path->address + " is unrelated to From " +
                             id.from->address}};
}

std::optional<base::FindingHit> check_message_id_divergent(const SenderIdentity& id,
                                                           const std::vector<ReceivedHop>& hops,
                                                           const HeaderLists& lists, const catalog::BrandCatalog* brands) {
    if (!id.from || !id.message_id_registrable) return std::nullopt;
    const auto& from_reg = id.from->registrable_domain;
    const auto& reg = *id.message_id_registrable;
    if (from_reg.empty() || are_related_domains(reg, from_reg, brands) || lists.is_email_service(reg))
        return std::nullopt;
    if (!net::has_known_public_suffix(reg)) return std::nullopt; // "localhost", "host.local"
    if (id.return_path && lists.is_email_service(id.return_path->registrable_domain))
        return std::nullopt; // an ESP minted the id (its own host names vary)
    // Mail servers mint ids with their own host name: a hosting server's domain is normal.
    for (const auto& hop : hops)
        for (const auto* host : {&hop.by, &hop.from_helo, &hop.from_rdns})
            if (*host && net::registrable_domain(base::to_lower_ascii(**host)) == reg)
                return std::nullopt;
    return base::FindingHit{"sender.message_id_divergent",
                            {"Message-ID domain " + *id.message_id_domain + " is unrelated to From " +
                             id.from->address}};
}

} // namespace mikiwame::headers

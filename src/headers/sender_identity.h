// SPDX-License-Identifier: Apache-2.0
// Sender identity: the addresses a mail shows for its sender (From, Sender, Reply-To,
// Return-Path, Message-ID) with their registrable domains, and the domains and addresses a
// display name pretends to (`"Kagoya.net" <someone@elsewhere.jp>`).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "message/message.h"

namespace mikiwame::headers {

struct IdentityAddress {
    std::string address;            // local@domain as written (domain lower-cased)
    std::string display_name;
    std::string domain;             // A-label form when valid, else as written
    std::string registrable_domain; // eTLD+1 (libpsl); empty when there is no domain
};

struct SenderIdentity {
    std::optional<IdentityAddress> from;  // the first From mailbox
    std::size_t from_count = 0;
    std::optional<IdentityAddress> sender;
    std::optional<IdentityAddress> reply_to;    // the first Reply-To mailbox
    std::optional<IdentityAddress> return_path; // nullopt also for the null path "<>"
    std::optional<std::string> message_id_domain;
    std::optional<std::string> message_id_registrable;
    std::vector<std::string> display_domains;   // domains named in the From display name
    std::vector<std::string> display_addresses; // addresses written in the From display name
};

// Reads the identity fields of `msg`. Never fails; thread-safe.
[[nodiscard]] SenderIdentity extract_sender_identity(const message::Message& msg);

// Host names with a known public suffix and addresses found in free text (a display name),
// lower-cased A-labels, in order of appearance, without duplicates. At most 16 of each.
struct TextDomains {
    std::vector<std::string> domains;
    std::vector<std::string> addresses;
};
[[nodiscard]] TextDomains find_domains_in_text(std::string_view text);

} // namespace mikiwame::headers

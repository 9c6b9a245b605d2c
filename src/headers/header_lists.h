// SPDX-License-Identifier: Apache-2.0
// HeaderLists: the lists of data/lists/ the header checks judge domains and host names with —
// shared mail providers, inbound filtering gateways, e-mail services and the words of
// access-network reverse DNS. Loaded once at start; immutable, safe to share between threads.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "mikiwame/result.h"

namespace mikiwame::headers {

class HeaderLists {
public:
    // Reads <data_dir>/lists/{shared_providers,inbound_gateways,email_services,
    // access_network_words}.txt. A missing file or a malformed line is an ErrorCode::Config
    // error whose context is "file:line"; never a partial set of lists.
    [[nodiscard]] static Result<HeaderLists> load(const std::filesystem::path& data_dir);
    // The files of data/lists/ load() reads (for `data check`: a file outside them is unused).
    static std::vector<std::string> file_names();

    // Multi-tenant providers (outlook.com, gmail.com): sharing one with the receiver does not
    // make a client internal. `registrable` is a lower-case registrable domain.
    [[nodiscard]] bool is_shared_provider(std::string_view registrable) const;
    // Hosted inbound filters in front of a receiver's own servers.
    [[nodiscard]] bool is_inbound_gateway(std::string_view registrable) const;
    // E-mail services that send, take replies or bounces for their customers, shared
    // providers included.
    [[nodiscard]] bool is_email_service(std::string_view registrable) const;
    // Lower-case words of access-network reverse DNS names ("dsl", "pool").
    [[nodiscard]] const std::vector<std::string>& access_network_words() const { return access_network_words_; }

private:
    struct Files; // the list files and the set each fills
    static bool has(const std::unordered_set<std::string>& set, std::string_view name);
    std::unordered_set<std::string> shared_providers_, inbound_gateways_, email_services_;
    std::vector<std::string> access_network_words_;
};

} // namespace mikiwame::headers

// SPDX-License-Identifier: Apache-2.0
#include "headers/header_lists.h"

#include "base/line_list.h"
#include "base/text.h"
#include "net/domain_list.h"

namespace mikiwame::headers {

namespace {
constexpr const char* kAccessNetworkWords = "access_network_words.txt";
} // namespace

// Nested in the class, so the table may name its private sets.
struct HeaderLists::Files {
    static constexpr std::pair<const char*, std::unordered_set<std::string> HeaderLists::*> kDomainLists[] = {
        {"shared_providers.txt", &HeaderLists::shared_providers_},
        {"inbound_gateways.txt", &HeaderLists::inbound_gateways_},
        {"email_services.txt", &HeaderLists::email_services_},
    };
};

std::vector<std::string> HeaderLists::file_names() {
    std::vector<std::string> names;
    for (const auto& list : Files::kDomainLists) names.emplace_back(list.first);
    names.emplace_back(kAccessNetworkWords);
    return names;
}

Result<HeaderLists> HeaderLists::load(const std::filesystem::path& data_dir) {
    const auto dir = data_dir / "lists";
    HeaderLists lists;
    for (const auto& [file, member] : Files::kDomainLists) {
        auto set = net::read_domain_list(dir / file);
        if (!set) return Unexpected<Error>{set.error()};
        lists.*member = std::move(*set);
    }
    const auto words_path = dir / kAccessNetworkWords;
    auto words = base::read_line_list(words_path, {.has_trailing_comments = true});
    if (!words) return Unexpected<Error>{words.error()};
    for (const auto& line : words->lines) {
        if (line.text.find_first_of(" \t") != std::string::npos || base::to_lower_ascii(line.text) != line.text)
            return make_error(ErrorCode::Config, "expected one lower-case word per line",
                              base::list_location(words_path, line.number));
        lists.access_network_words_.push_back(line.text);
    }
    return lists;
}

bool HeaderLists::has(const std::unordered_set<std::string>& set, std::string_view name) {
    return !name.empty() && set.count(std::string(name)) > 0;
}

bool HeaderLists::is_shared_provider(std::string_view registrable) const {
    return has(shared_providers_, registrable);
}

bool HeaderLists::is_inbound_gateway(std::string_view registrable) const {
    return has(inbound_gateways_, registrable);
}

bool HeaderLists::is_email_service(std::string_view registrable) const {
    return has(email_services_, registrable) || is_shared_provider(registrable);
}

} // namespace mikiwame::headers

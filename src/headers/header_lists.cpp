// SPDX-License-Identifier: Apache-2.0
#include "headers/header_lists.h"

#include "base/line_list.h"
#include "base/text.h"
#include "net/domain_list.h"

namespace mikiwame::headers {

Result<HeaderLists> HeaderLists::load(const std::filesystem::path& data_dir) {
    const auto dir = data_dir / "lists";
    HeaderLists lists;
    struct DomainList {
        const char* file;
        std::unordered_set<std::string>* target;
    };
    const DomainList domain_lists[] = {
        {"shared_providers.txt", &lists.shared_providers_},
        {"inbound_gateways.txt", &lists.inbound_gateways_},
        {"email_services.txt", &lists.email_services_},
    };
    for (const auto& list : domain_lists) {
        auto set = net::read_domain_list(dir / list.file);
        if (!set) return Unexpected<Error>{set.error()};
        *list.target = std::move(*set);
    }
    const auto words_path = dir / "access_network_words.txt";
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

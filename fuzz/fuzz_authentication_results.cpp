// SPDX-License-Identifier: Apache-2.0
// Fuzz target: the Authentication-Results family of parsers on arbitrary bytes.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "auth/authentication_results.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    auto ar = mikiwame::auth::parse_authentication_results(input);
    for (const auto& r : ar.results)
        if (r.method.empty() || r.result.empty()) std::abort();
    (void)mikiwame::auth::parse_arc_authentication_results(input);
    (void)mikiwame::auth::parse_received_spf(input);
    if (auto reporter = mikiwame::auth::received_spf_reporter(input))
        if (reporter->empty() || reporter->find('.') == std::string::npos) std::abort();
    (void)mikiwame::auth::parse_dkim_signature(input);
    return 0;
}

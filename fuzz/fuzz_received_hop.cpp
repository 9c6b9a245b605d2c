// SPDX-License-Identifier: Apache-2.0
// Fuzz target: parse_received_hop on arbitrary bytes (STYLE 7.10 habit 4). Also checks that
// the raw value is kept and an address, when found, is in canonical form.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "headers/received_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    auto hop = mikiwame::headers::parse_received_hop(input);
    if (hop.raw.size() != size) std::abort();
    if (hop.from_ip && !mikiwame::headers::parse_received_ip(*hop.from_ip)) std::abort();
    return 0;
}

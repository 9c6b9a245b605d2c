// SPDX-License-Identifier: Apache-2.0
// Fuzz target: the data-file parsers (finding catalogue, brand records, scoring rules) and the
// feed-line key parser on arbitrary text. Malformed input must be an error value, never a crash.
#include <cstdint>
#include <string_view>

#include "catalog/brand_catalog.h"
#include "catalog/finding_catalog.h"
#include "intel/phish_feed.h"
#include "scoring/scoring.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)mikiwame::catalog::FindingCatalog::parse(text, "fuzz.toml");
    (void)mikiwame::catalog::BrandCatalog::parse_brand(text, "fuzz.toml", "");
    (void)mikiwame::scoring::ScoringRules::parse(text, "fuzz.toml");
    (void)mikiwame::intel::parse_feed_key(text);
    return 0;
}

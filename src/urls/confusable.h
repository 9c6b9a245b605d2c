// SPDX-License-Identifier: Apache-2.0
// Confusable skeletons (UTS #39, ICU uspoof): two names that look alike have the same
// skeleton ("pаypal.com" with a Cyrillic а and "paypal.com"). Used later to compare link
// and sender domains with brand domains.
#pragma once

#include <string>
#include <string_view>

namespace mikiwame::urls {

// The skeleton of a host name (A-labels are converted to Unicode first), lower-cased; the
// lower-cased input when ICU cannot compute one. Thread-safe, no throw.
std::string confusable_skeleton(std::string_view host);

} // namespace mikiwame::urls

// SPDX-License-Identifier: Apache-2.0
// Text folding for matching: NFKC with case folding (ICU's NFKC_Casefold), so that
// full-width ＫＡＧＯＹＡ, half-width ｶｺﾞﾔ and upper/lower case all compare equal.
#pragma once

#include <string>
#include <string_view>

namespace mikiwame::base {

// NFKC_Casefold of UTF-8 text; invalid input is sanitised first. Thread-safe.
std::string fold_for_matching(std::string_view utf8);

} // namespace mikiwame::base

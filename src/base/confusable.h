// SPDX-License-Identifier: Apache-2.0
// Confusable letters (Unicode UTS #39 through ICU's uspoof): skeletons, under which two
// strings that look alike are equal ("pаypal" with a Cyrillic а and "paypal"), and the
// restriction-level test for words that mix Latin with a look-alike script, and the ASCII
// look-alikes of typo-squatted domain labels. The one confusable module of the project: the
// content stage reads disguised words with it, the brand stage compares domain labels.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mikiwame::base {

// The UTS #39 skeleton of UTF-8 text, as ICU writes it (not case-folded); nullopt when ICU
// cannot compute one or the text is longer than kMaxSkeletonInputBytes. Thread-safe, no throw.
[[nodiscard]] std::optional<std::string> confusable_skeleton(std::string_view utf8);

// True when `word` (UTF-8) fails UTS #39 "moderately restrictive": Latin mixed with Cyrillic,
// Greek or another script a reader takes for Latin. False when ICU is unavailable.
// Thread-safe, no throw.
[[nodiscard]] bool fails_moderate_restriction(std::string_view word);

// An ASCII domain label with the typo-squatters' look-alikes undone: "rn" → m, "vv" → w,
// 0 → o, 1 → l, 3 → e, 5 → s, hyphens dropped ("rnicr0soft-" → "microsoft"). Lower-case
// input expected; pure.
[[nodiscard]] std::string undo_typo_lookalikes(std::string_view label);

constexpr std::size_t kMaxSkeletonInputBytes = 4096;

} // namespace mikiwame::base

// SPDX-License-Identifier: Apache-2.0
// Body language for the content stage and the report: kana → "ja"; otherwise the most
// frequent stop words of English, Portuguese, German or Dutch; "" when undecided.
// Pure, thread-safe, linear in the input.
#pragma once

#include <string>
#include <string_view>

namespace mikiwame::content {

// `utf8` is any text (normalised or not); only its first kMaxLanguageSampleBytes are read.
[[nodiscard]] std::string detect_language(std::string_view utf8);

constexpr std::size_t kMaxLanguageSampleBytes = 64 * 1024;

} // namespace mikiwame::content

// SPDX-License-Identifier: Apache-2.0
// Body language for the content stage and the report: Japanese by base::is_japanese_text;
// otherwise the language whose stop words (words.<lang>.toml) are most frequent; "" when
// undecided. Pure, thread-safe, linear in the input.
#pragma once

#include <string>
#include <string_view>

#include "content/content_words.h"

namespace mikiwame::content {

// `utf8` is any text (normalised or not); only its first kMaxLanguageSampleBytes are read.
// A language needs kMinStopWords hits of its stop words and a clear lead over the runner-up.
[[nodiscard]] std::string detect_language(std::string_view utf8, const ContentWords& words);

constexpr std::size_t kMaxLanguageSampleBytes = 64 * 1024;

} // namespace mikiwame::content

// SPDX-License-Identifier: Apache-2.0
// Measured features of unnatural (machine-translated or foreign-written) Japanese, on the
// text as the sender wrote it (before NFKC, which would turn a full-width 　 or ． into ASCII):
// half-width spaces between Japanese letters with kana on one side ("サーバー エラー"; "山田
// 太郎" is a name), and ASCII full stops or commas right after Japanese letters ("されました."),
// against the 。、 a native writer uses.
// Pure, thread-safe, linear.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mikiwame::content {

struct JapaneseStyle {
    std::size_t japanese_letters = 0; // kana and kanji
    std::size_t japanese_stops = 0;   // 。、．，
    std::size_t stray_spaces = 0;     // runs of U+0020 between Japanese letters, kana on at least one side
    std::size_t ascii_stops = 0;      // '.' or ',' right after a Japanese letter (not "...", not "名.pdf")
    std::vector<std::string> space_examples; // at most kMaxStyleExamples, a few letters each side
    std::vector<std::string> stop_examples;
};

[[nodiscard]] JapaneseStyle measure_japanese_style(std::string_view utf8);

constexpr std::size_t kMaxStyleExamples = 3;

} // namespace mikiwame::content

// SPDX-License-Identifier: Apache-2.0
// Filter-evasion tricks in text (content.obfuscated_text): invisible characters between the
// letters of a word ("P\u200Ca\u200Cy\u200CP\u200Ca\u200Cl"), combining marks of another
// script stacked on Latin letters ("Gooِgle"), and words that mix confusable scripts
// ("ΝFT" with a Greek Ν). Legitimate senders have no reason to do any of these; spam and
// phishing do it to slip past word filters while the reader still sees the brand name.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <set>

namespace mikiwame::content {

struct ObfuscationSigns {
    std::size_t invisible_in_words = 0;  // default-ignorable code points between two letters
    std::size_t foreign_marks = 0;       // combining marks whose script cannot go on the letter below
    std::size_t mixed_script_count = 0;  // words failing ICU's moderately-restrictive level
    std::set<std::string> mixed_script_words; // the distinct ones
    std::string plain;                   // the text as read (invisible characters and foreign marks
                                         // dropped, look-alike letters as Latin); only when asked

    [[nodiscard]] std::size_t total() const { return invisible_in_words + foreign_marks + mixed_script_count; }
};

// `allow_soft_hyphen`: U+00AD inside words is ordinary hyphenation in running text (German
// newsletters) but not in a display name or a subject. `keep_reading`: fill `plain` (the
// display name and subject need it; a multi-megabyte body does not).
[[nodiscard]] ObfuscationSigns find_obfuscation(std::string_view utf8, bool allow_soft_hyphen, bool keep_reading = true);

// How many signs make a field obfuscated: one is enough in a display name or subject; running
// text needs a few so that a stray zero-width space pasted from a web page does not count.
constexpr std::size_t kMinObfuscationSignsInHeader = 1;
constexpr std::size_t kMinObfuscationSignsInBody = 3;
constexpr std::size_t kMaxMixedWordsShown = 3;

} // namespace mikiwame::content

// SPDX-License-Identifier: Apache-2.0
// The shared text helpers of base: the one UTF-8 decoder and encoder, the one Japanese-text test, the one defang.
#include "base/text.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace mikiwame::base {
namespace {

std::u32string decode_all(std::string_view s) {
    std::u32string out;
    for (std::size_t pos = 0; pos < s.size();) out.push_back(decode_utf8(s, pos));
    return out;
}

TEST(DecodeUtf8, ReadsEveryLengthOfWellFormedSequence) {
    EXPECT_EQ(decode_all("a\xC3\xA9\xE3\x81\x82\xF0\x9F\x98\x80"), (std::u32string{U'a', U'é', U'あ', U'\U0001F600'}));
}

TEST(DecodeUtf8, ReadsEachIllFormedByteAsOneReplacementCharacter) {
    // A lone continuation byte, an overlong '/', a surrogate and a truncated sequence: each
    // byte that starts no well-formed sequence is one U+FFFD, as sanitize_utf8 writes it.
    EXPECT_EQ(decode_all("\x80"), U"\uFFFD");
    EXPECT_EQ(decode_all("\xC0\xAF"), U"\uFFFD\uFFFD");
    EXPECT_EQ(decode_all("\xED\xA0\x80"), U"\uFFFD\uFFFD\uFFFD");
    EXPECT_EQ(decode_all("\xE3\x81"), U"\uFFFD\uFFFD");
}

TEST(AppendUtf8, EncodesWhatDecodeUtf8Reads) {
    std::string out;
    for (char32_t c : std::u32string{U'a', U'é', U'あ', U'\U0001F600'}) append_utf8(out, c);
    EXPECT_EQ(out, "a\xC3\xA9\xE3\x81\x82\xF0\x9F\x98\x80");
    out.clear();
    append_utf8(out, 0xD800);
    EXPECT_EQ(out, "\xEF\xBF\xBD");
}

TEST(IsJapaneseText, NeedsKMinJapaneseKanaKana) {
    EXPECT_TRUE(is_japanese_text("お客様のアカウントを確認してください")); // many kana
    EXPECT_TRUE(is_japanese_text("ｱｶｳﾝﾄｦｶｸﾆﾝｼﾃｸﾀﾞｻｲ"));                     // half-width katakana
    EXPECT_FALSE(is_japanese_text("Thanks, arigato ありがとう"));            // 5 kana: a word in English
    EXPECT_FALSE(is_japanese_text("您的账户已被暂停，请立即验证您的身份信息"));   // Chinese: no kana
    EXPECT_FALSE(is_japanese_text("\xE3\x81\xE3\x81\xE3\x81"));              // truncated sequences
}

TEST(DefangUrl, BracketsHostDotsAndAltersTheScheme) {
    EXPECT_EQ(defang_url("https://login.example.com/a.b?c=d.e"), "hxxps://login[.]example[.]com/a.b?c=d.e");
    EXPECT_EQ(defang_url("http://198.51.100.110/"), "hxxp://198[.]51[.]100[.]110/");
    EXPECT_EQ(defang_url("example.com"), "example[.]com");
    EXPECT_EQ(defang_url(""), "");
}

TEST(DefangText, DefangsEveryUrlQuotedInALine) {
    EXPECT_EQ(defang_text("shows www.example.jp, goes to https://evil.example/x \"http://a.example\""),
              "shows www.example.jp, goes to hxxps://evil[.]example/x \"hxxp://a[.]example\"");
    EXPECT_EQ(defang_text("no link here"), "no link here");
}

TEST(EditDistance, IsBounded) {
    EXPECT_EQ(bounded_edit_distance("paypal", "paypa1", 2), 1u);
    EXPECT_EQ(bounded_edit_distance("kagoya", "kagoya", 2), 0u);
    EXPECT_EQ(bounded_edit_distance("abcdef", "uvwxyz", 2), 3u);
}

TEST(ClosestName, SuggestsTheNearestWithinTheCap) {
    const std::vector<std::string> keys{"official", "consumer"};
    EXPECT_EQ(closest_name("offical", keys), "official");
    EXPECT_EQ(closest_name("consumers", keys), "consumer");
    EXPECT_EQ(closest_name("networks", keys), "");
}

// count_byte works eight bytes at a time: every length and alignment, bytes with the high bit
// set next to the one counted, against a plain count.
TEST(CountByte, AgreesWithAPlainCountEverywhere) {
    std::string text;
    unsigned state = 12345;
    for (int i = 0; i < 4000; ++i) {
        state = state * 1103515245u + 12345u;
        const char pool[] = {'\n', '\r', '\0', 'a', '\x80', '\xff', '\x8d', '\x8a', '\x7f'};
        text += pool[(state >> 16) % sizeof pool];
    }
    for (char c : {'\n', '\r', '\0', '\xff', 'z'})
        for (std::size_t start = 0; start < 9; ++start)
            for (std::size_t length : {0u, 1u, 7u, 8u, 9u, 15u, 16u, 17u, 1000u, 3000u}) {
                const std::string_view part = std::string_view(text).substr(start, length);
                EXPECT_EQ(count_byte(part, c), static_cast<std::size_t>(std::count(part.begin(), part.end(), c)))
                    << "byte " << static_cast<int>(static_cast<unsigned char>(c)) << " at " << start << "+" << length;
            }
}

// The ASCII fast path of is_valid_utf8 and sanitize_utf8 must not skip a bad byte after a run.
TEST(Utf8, ValidityAfterLongAsciiRuns) {
    for (std::size_t run = 0; run < 20; ++run) {
        std::string ascii(run, 'a');
        EXPECT_TRUE(is_valid_utf8(ascii + "\xe3\x81\x82" + ascii));
        EXPECT_FALSE(is_valid_utf8(ascii + "\xe3\x81" + ascii)) << run;
        EXPECT_FALSE(is_valid_utf8(ascii + "\xff"));
        EXPECT_EQ(sanitize_utf8(ascii + "\xff" + ascii), ascii + "\xef\xbf\xbd" + ascii);
        std::size_t pos = run;
        const std::string mixed = ascii + "\xe3\x81\x82";
        EXPECT_EQ(decode_utf8(mixed, pos), U'\u3042');
        EXPECT_EQ(pos, run + 3);
    }
}

} // namespace
} // namespace mikiwame::base

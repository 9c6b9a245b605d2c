// SPDX-License-Identifier: Apache-2.0
#include "base/charset.h"

#include <gtest/gtest.h>

#include "base/base64.h"
#include "base/text.h"
#include "support/charset_encode.h"

namespace mikiwame::base {
namespace {

using mikiwame::testing::encode_charset;

TEST(CanonicalCharset, MapsShiftJisLabelsToCp932) {
    EXPECT_EQ(canonical_charset("Shift_JIS"), "windows-31j");
    EXPECT_EQ(canonical_charset("\"x-sjis\""), "windows-31j");
    EXPECT_EQ(canonical_charset("ISO-2022-JP"), "iso-2022-jp");
    EXPECT_EQ(canonical_charset("us-ascii"), "windows-1252");
    EXPECT_EQ(canonical_charset("x-unknown-thing"), "x-unknown-thing");
}

TEST(DecodeToUtf8, ReadsIso2022JpWithNecSpecialCharacters) {
    // ① is JIS row 13 (NEC special characters, CP50220): ESC $ B 0x2D 0x21.
    std::string bytes = "\x1b$B\x2d\x21\x2d\x6a$3$s$K$A$O\x1b(B!";
    DecodedText out = decode_to_utf8(bytes, "iso-2022-jp");
    EXPECT_EQ(out.utf8, "①㈱こんにちは!");
    EXPECT_FALSE(out.was_repaired);
    EXPECT_FALSE(out.is_lossy);
}

TEST(DecodeToUtf8, ReadsHalfWidthKatakanaInIso2022Jp) {
    std::string bytes = "\x1b(I\x36\x40\x36\x45\x1b(B";
    EXPECT_EQ(decode_to_utf8(bytes, "iso-2022-jp").utf8, "ｶﾀｶﾅ");
}

TEST(DecodeToUtf8, DetectsUndeclaredShiftJis) {
    std::string text = "お客様のアカウントは一時的に停止されました。至急ご確認ください。";
    DecodedText out = decode_to_utf8(encode_charset(text, "windows-31j"), "");
    EXPECT_EQ(out.utf8, text);
    EXPECT_TRUE(out.was_repaired);
    EXPECT_EQ(out.charset_used, "windows-31j");
}

TEST(DecodeToUtf8, RepairsGb2312LabelOnShiftJisText) {
    std::string text = "メールボックスの容量が上限に達しました。今すぐログインしてください。";
    DecodedText out = decode_to_utf8(encode_charset(text, "windows-31j"), "gb2312");
    EXPECT_EQ(out.utf8, text);
    EXPECT_TRUE(out.was_repaired);
}

TEST(DecodeToUtf8, KeepsRealGb2312Text) {
    std::string text = "您的邮箱已满，请立即登录以释放空间。";
    DecodedText out = decode_to_utf8(encode_charset(text, "gb2312"), "gb2312");
    EXPECT_EQ(out.utf8, text);
    EXPECT_FALSE(out.was_repaired);
}

TEST(DecodeToUtf8, RepairsUtf8LabelledLatin1) {
    std::string text = "Grüße aus Köln — naïve café";
    DecodedText out = decode_to_utf8(text, "iso-8859-1");
    EXPECT_EQ(out.utf8, text);
    EXPECT_TRUE(out.was_repaired);
}

TEST(DecodeToUtf8, KeepsRealLatin1) {
    std::string text = "Grüße aus Köln";
    DecodedText out = decode_to_utf8(encode_charset(text, "iso-8859-1"), "iso-8859-1");
    EXPECT_EQ(out.utf8, text);
    EXPECT_FALSE(out.was_repaired);
}

TEST(DecodeToUtf8, GarbageNeverYieldsInvalidUtf8) {
    std::string garbage;
    for (int i = 0; i < 512; ++i) garbage += static_cast<char>((i * 37 + 11) & 0xFF);
    for (const char* label : {"", "utf-8", "iso-2022-jp", "shift_jis", "gb2312", "nonsense"}) {
        DecodedText out = decode_to_utf8(garbage, label);
        EXPECT_TRUE(is_valid_utf8(out.utf8)) << label;
    }
}

TEST(Base64, DecodesStandardAndUrlSafeAlphabetsLeniently) {
    EXPECT_EQ(decode_base64_lenient("aGVsbG8gd29ybGQ="), "hello world");
    EXPECT_EQ(decode_base64_lenient("aGVs\r\nbG8gd29ybGQ"), "hello world");
    EXPECT_EQ(decode_base64_lenient("-_-_"), decode_base64_lenient("+/+/"));
    EXPECT_EQ(encode_base64("hello world"), "aGVsbG8gd29ybGQ=");
}

TEST(Utf8, SanitizeReplacesIllFormedSequences) {
    EXPECT_EQ(sanitize_utf8("a\xff" "b"), "a\xEF\xBF\xBD" "b");
    EXPECT_EQ(sanitize_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); // surrogate
    EXPECT_TRUE(is_valid_utf8("日本語"));
    EXPECT_EQ(truncate_utf8("日本語", 4), "日");
}

} // namespace
} // namespace mikiwame::base

// SPDX-License-Identifier: Apache-2.0
// normalize_for_scan, shorten and language detection.
#include "content/text_normalize.h"

#include <gtest/gtest.h>

#include "base/text.h"
#include "content/language.h"
#include "content_test_support.h"

namespace {

using mikiwame::content::detect_language;
using mikiwame::content::normalize_for_scan;
using mikiwame::content::shorten;

TEST(NormalizeForScan, FoldsFullWidthAsciiAndHalfWidthKatakana) {
    struct Row {
        const char* label;
        std::string in;
        std::string want;
    };
    const Row rows[] = {
        {"full-width ASCII", "ＰＡＳＳＷＯＲＤ１２３", "PASSWORD123"},
        {"half-width katakana", "ﾊﾟｽﾜｰﾄﾞ", "パスワード"},
        {"full-width space", "今すぐ　確認", "今すぐ確認"},
        {"full-width colon", "期限：本日", "期限:本日"},
        {"circled digit", "①", "1"},
    };
    for (const auto& r : rows) EXPECT_EQ(normalize_for_scan(r.in), r.want) << r.label;
}

TEST(NormalizeForScan, CollapsesWhitespaceAndJoinsJapaneseHardWraps) {
    EXPECT_EQ(normalize_for_scan("  Dear\r\n\tuser,\n\n  please  "), "Dear user, please");
    EXPECT_EQ(normalize_for_scan("メールボックスの\r\n容量"), "メールボックスの容量");
    // Japanese puts no space between words: one typed between Japanese letters (to slip past
    // filters, or by a translation tool) goes, so phrases match however the text is spaced.
    EXPECT_EQ(normalize_for_scan("サーバー エラー"), "サーバーエラー");
    EXPECT_EQ(normalize_for_scan("未配信 の メッセージ"), "未配信のメッセージ");
    EXPECT_EQ(normalize_for_scan("English\nテキスト"), "English テキスト");
}

TEST(NormalizeForScan, FoldsLongVowelStandInsAndMiddleDotsInsideKatakana) {
    EXPECT_EQ(normalize_for_scan("メ一ルボックス"), "メールボックス");
    EXPECT_EQ(normalize_for_scan("メ―ルボックス"), "メールボックス");
    EXPECT_EQ(normalize_for_scan("サ-ビス"), "サービス");
    EXPECT_EQ(normalize_for_scan("スーパ一"), "スーパー");
    EXPECT_EQ(normalize_for_scan("メール・ボックス"), "メールボックス");
    // 一 before a kanji is the kanji (データ一覧: a list of data); a hyphen between Latin words stays.
    EXPECT_EQ(normalize_for_scan("データ一覧"), "データ一覧");
    EXPECT_EQ(normalize_for_scan("e-mail"), "e-mail");
}

TEST(NormalizeForScan, DropsInvisibleCharactersAndRepairsBadBytes) {
    EXPECT_EQ(normalize_for_scan("pa\u200bss\u00adword\ufeff"), "password");
    std::string bad("ok\xff\xfe", 4);
    std::string out = normalize_for_scan(bad);
    EXPECT_TRUE(mikiwame::base::is_valid_utf8(out));
    EXPECT_TRUE(out.starts_with("ok"));
    EXPECT_EQ(normalize_for_scan(std::string("a\0b", 3)), "a b");
}

TEST(Shorten, CutsAtCodePointsAndMarksTheCut) {
    EXPECT_EQ(shorten("短い", 10), "短い");
    EXPECT_EQ(shorten("あいうえおかきくけこ", 4), "あいうえ…");
    EXPECT_EQ(shorten("a\n  b", 10), "a b");
}

TEST(DetectLanguage, KanaIsJapaneseAndStopWordsDecideTheRest) {
    struct Row {
        const char* label;
        std::string text;
        std::string want;
    };
    const Row rows[] = {
        {"ja", "いつもご利用いただきありがとうございます。", "ja"},
        {"en", "Your account has been suspended. Please verify the details of your account.", "en"},
        {"pt", "Sua conta foi bloqueada. Para continuar, atualize os dados da sua conta que não estão completos.", "pt"},
        {"de", "Ihr Konto wurde gesperrt. Bitte bestätigen Sie die Daten, die wir für die Prüfung benötigen.", "de"},
        {"nl", "Uw rekening is geblokkeerd. U kunt deze weer openen met de link die wij hebben gestuurd naar het adres.", "nl"},
        {"too short", "Hello", ""},
        {"Chinese without kana", "您的帐户已被暂停，请立即验证。", ""},
    };
    const auto& words = mikiwame::content::testing::fixture_catalog().words();
    for (const auto& r : rows) EXPECT_EQ(detect_language(r.text, words), r.want) << r.label;
}

} // namespace

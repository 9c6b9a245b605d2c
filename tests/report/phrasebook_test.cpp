// SPDX-License-Identifier: Apache-2.0
// Phrasebook: whole-line templates with reordered captures, one level of nesting, fragments,
// lines that fit nothing, and the file errors `mikiwame data check` reports.
#include "report/phrasebook.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace mikiwame::report {
namespace {

Phrasebook book(std::string_view text) {
    auto parsed = Phrasebook::parse(text, "test.txt");
    EXPECT_TRUE(parsed) << parsed.error().context << ": " << parsed.error().message;
    return parsed ? std::move(parsed.value()) : Phrasebook();
}

TEST(Phrasebook, TemplatesPutCapturesBackInAnyOrder) {
    auto b = book("# comment\n{} is one letter away from {}\t{1} は {2} と 1 文字違いです\n"
                  "display name {} claims {}, but the address is at {}\t{3} のアドレスで表示名 {1} が {2} を名乗っています\n");
    EXPECT_EQ(b.translate("paypa1.com is one letter away from paypal.com"), "paypa1.com は paypal.com と 1 文字違いです");
    EXPECT_EQ(b.translate("display name \"PayPal\" claims PayPal, but the address is at x.example"),
              "x.example のアドレスで表示名 \"PayPal\" が PayPal を名乗っています");
}

TEST(Phrasebook, NestedTemplateAndFragments) {
    auto b = book("link: {} ({})\tリンク: {1}（{2}）\n{} adds words to {}\t{1} は {2} に語を付け足したドメインです\n"
                  "~ in the subject\t（件名）\n~payment_failed: \t支払い失敗: \n");
    EXPECT_EQ(b.translate("link: kagoya-upgrade.example adds words to kagoya.jp (KAGOYA)"),
              "リンク: kagoya-upgrade.example は kagoya.jp に語を付け足したドメインです（KAGOYA）");
    EXPECT_EQ(b.translate("payment_failed: 「ご利用確認」 in the subject, 「停止」"), "支払い失敗: 「ご利用確認」（件名）, 「停止」");
}

TEST(Phrasebook, TheMostSpecificTemplateWinsWhateverTheOrder) {
    auto b = book("greeting {}\t宛名 {1}\ngreeting by the recipient's address {}\t受信者のアドレスによる呼びかけ {1}\n");
    EXPECT_EQ(b.translate("greeting by the recipient's address \"Dear a@b.jp\""), "受信者のアドレスによる呼びかけ \"Dear a@b.jp\"");
    EXPECT_EQ(b.translate("greeting \"Dear user\""), "宛名 \"Dear user\"");
}

TEST(Phrasebook, LinesThatFitNothingStayAsWritten) {
    auto b = book("text names {}\t本文が {1} を名乗っています\n");
    EXPECT_EQ(b.translate("spf=softfail"), "spf=softfail");
    EXPECT_EQ(b.translate("text names "), "text names ") << "a capture needs at least one character";
    EXPECT_EQ(b.translate(""), "");
    EXPECT_EQ(Phrasebook().translate("anything"), "anything");
}

TEST(Phrasebook, MalformedFilesAreConfigErrorsWithTheirLine) {
    for (const char* bad : {"no tab here\n", "{} and {}\t{3}\n", "{}{}\tx\n", "~\tx\n", "\tonly translation\n"}) {
        auto parsed = Phrasebook::parse(std::string("# ok\n") + bad, "bad.txt");
        ASSERT_FALSE(parsed) << bad;
        EXPECT_EQ(parsed.error().code, ErrorCode::Config);
        EXPECT_EQ(parsed.error().context, "bad.txt:2") << bad;
    }
    EXPECT_FALSE(Phrasebook::load("/nonexistent/evidence.ja.txt"));
}

TEST(Phrasebook, ShippedJapaneseFileLoads) {
    auto shipped = Phrasebook::load(std::filesystem::path(MIKIWAME_SOURCE_DIR) / "data/report/evidence.ja.txt");
    ASSERT_TRUE(shipped) << shipped.error().context << ": " << shipped.error().message;
    EXPECT_GT(shipped->size(), 50u);
    EXPECT_EQ(shipped->translate("reverse DNS of 192.0.2.1 is unknown"), "192.0.2.1 の逆引き (rDNS) がありません");
}

} // namespace
} // namespace mikiwame::report

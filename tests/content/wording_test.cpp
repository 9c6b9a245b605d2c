// SPDX-License-Identifier: Apache-2.0
// analyze_content on whole mails with the fixture phrase catalogue: a positive and a negative
// case for every content.* finding it emits, ordinary Japanese business mail and an English
// mailing-list message that must stay quiet, and the measured unnatural-Japanese features.
#include "content/wording.h"

#include <gtest/gtest.h>

#include "content/japanese_style.h"
#include "content_test_support.h"

namespace {

using namespace mikiwame::content;
using namespace mikiwame::content::testing;

// Ordinary Japanese business mail: names with a half-width space, a file name, a URL, a
// date with まで that is a week away, 本日 in a greeting.
const std::string kJapaneseBusiness =
    "株式会社サンプル\n営業部 山田 太郎 様\n\n"
    "いつも大変お世話になっております。株式会社テストの佐藤 花子です。\n"
    "本日はお打ち合わせのお時間をいただき、誠にありがとうございました。\n"
    "ご依頼いただいた見積書(見積書.pdf)を添付いたします。\n"
    "内容をご確認のうえ、2024年11月18日までにご返信いただけますと幸いです。\n"
    "詳細は https://www.example.co.jp/docs/2024/11/ をご覧ください。\n"
    "ご不明な点がございましたら、お気軽にお問い合わせください。\n"
    "今後ともどうぞよろしくお願いいたします。\n\n"
    "--\n株式会社テスト 営業部\n佐藤 花子\nTEL: 03-1234-5678\n";

// An English mailing-list message: greetings, "today", dates of the thread, no lure.
const std::string kMailingList =
    "Hi all,\n\n"
    "On Mon, Nov 11, 2024 at 10:02 AM Dan Example wrote:\n"
    "> This series adds support for the new namespace label format.\n\n"
    "I tested v3 of the series today on two machines and it looks good to me.\n"
    "Please send v4 with the typo fixed in patch 2/5 and I will apply it to the tree.\n\n"
    "Thanks,\nJohn\n_______________________________________________\n"
    "Linux-example mailing list -- linux-example@lists.example.org\n"
    "To unsubscribe send an email to linux-example-leave@lists.example.org\n";

ContentFacts business() { return analyze_raw(text_mail(kJapaneseBusiness, "お見積りの件")); }
ContentFacts mailing_list() {
    return analyze_raw(text_mail(kMailingList, "Re: [PATCH v3 2/5] add label format", "Mon, 11 Nov 2024 12:00:00 -0800",
                                 "john@example.org"),
                       {"john@example.org"});
}

TEST(AnalyzeContent, OrdinaryJapaneseBusinessMailHasNoFindings) {
    auto facts = business();
    EXPECT_EQ(facts.language, "ja");
    EXPECT_TRUE(facts.hits.empty()) << ::testing::PrintToString(hit_ids(facts)) << "\n"
                                    << (facts.hits.empty() ? "" : joined_evidence(&facts.hits[0]));
    EXPECT_TRUE(facts.pretexts.empty());
}

TEST(AnalyzeContent, EnglishMailingListMessageHasNoFindings) {
    auto facts = mailing_list();
    EXPECT_EQ(facts.language, "en");
    EXPECT_TRUE(facts.hits.empty()) << ::testing::PrintToString(hit_ids(facts)) << "\n"
                                    << (facts.hits.empty() ? "" : joined_evidence(&facts.hits[0]));
}

// --- content.unfilled_template ---

TEST(UnfilledTemplate, FiresOnMergeTagsLeftAsWritten) {
    auto facts = analyze_raw(text_mail("Dear {{ first_name }},\nyour parcel for %RECIPIENT% is waiting.\n", "[NAME], claim your gift"));
    const auto* hit = find_hit(facts, "content.unfilled_template");
    ASSERT_NE(hit, nullptr) << ::testing::PrintToString(hit_ids(facts));
    const std::string evidence = joined_evidence(hit);
    EXPECT_NE(evidence.find("{{ first_name }}"), std::string::npos) << evidence;
    EXPECT_NE(evidence.find("%RECIPIENT%"), std::string::npos) << evidence;
    EXPECT_NE(evidence.find("in the subject"), std::string::npos) << evidence;
}

TEST(UnfilledTemplate, QuietOnTemplateSyntaxThatIsNotAPersonsField) {
    auto facts = analyze_raw(text_mail("The loop prints {{ item.title }} for each row; set %PATH% first.\n"
                                       "Array access: names[i] and [1] are fine.\n"));
    EXPECT_EQ(find_hit(facts, "content.unfilled_template"), nullptr) << joined_evidence(find_hit(facts, "content.unfilled_template"));
}

// --- content.generic_salutation ---

TEST(GenericSalutation, FiresOnGreetingsByAddressAndGenericGreetings) {
    struct Row {
        const char* label;
        std::string body;
        std::string want_in_evidence;
    };
    const Row rows[] = {
        {"拝啓 + address", "拝啓 user@example.jp,\n\nメールの確認をお願いします。", "user@example.jp"},
        {"Dear + local part", "Dear user,\n\nYour messages are waiting.", "Dear user"},
        {"Dear + local part of another recipient", "Dear info,\n\nYour messages are waiting.", "Dear info"},
        {"address + 様", "user@example.jp 様\n\nいつもご利用ありがとうございます。", "user@example.jp 様"},
        {"body opens with the address", "user@example.jp:\nYou have 3 pending messages.", "user@example.jp:"},
        {"Dear + any address", "Dear someone@else.example\nplease read", "someone@else.example"},
        {"親愛なる", "親愛なる有効なユーザー: info\n", "親愛なる"},
        {"お客様各位", "お客様各位\n\nシステムメンテナンスのお知らせ", "お客様各位"},
        {"Dear customer", "Dear Customer,\nThank you.", "Dear Customer"},
        {"full-width address", "拝啓 ｕｓｅｒ＠ｅｘａｍｐｌｅ．ｊｐ 様", "user@example.jp"},
    };
    for (const auto& r : rows) {
        auto facts = analyze_raw(text_mail(r.body), {"user@example.jp", "info@example.jp"});
        const auto* hit = find_hit(facts, "content.generic_salutation");
        ASSERT_NE(hit, nullptr) << r.label;
        EXPECT_NE(joined_evidence(hit).find(r.want_in_evidence), std::string::npos) << r.label << ": " << joined_evidence(hit);
    }
}

TEST(GenericSalutation, QuietOnPersonalGreetings) {
    const char* bodies[] = {
        "Dear John,\n\nthanks for the review.",          // a name, capitalised, even though john@ is the recipient
        "Hi all,\nthe meeting moved to Friday.",
        "山田様\n\nいつもお世話になっております。",
        "拝啓 時下ますますご清栄のこととお慶び申し上げます。",
        "Hello,\nplease find the minutes attached. Contact user@example.jp for questions later in the text.",
    };
    for (const char* body : bodies) {
        auto facts = analyze_raw(text_mail(body, "notice", "Mon, 11 Nov 2024 09:30:00 +0900", "john@example.jp"),
                                 {"john@example.jp"});
        EXPECT_EQ(find_hit(facts, "content.generic_salutation"), nullptr)
            << body << "\n" << joined_evidence(find_hit(facts, "content.generic_salutation"));
    }
}

TEST(GenericSalutation, GreetingDeepInTheBodyDoesNotCount) {
    std::string body(800, 'x');
    body = "Hello Bob,\n" + std::string(80, '.') + "\n" + std::string(700, 'a') + "\nDear user, as quoted above";
    auto facts = analyze_raw(text_mail(body));
    EXPECT_EQ(find_hit(facts, "content.generic_salutation"), nullptr);
}

// --- content.urgency ---

TEST(Urgency, FiresAndQuotesThePhrases) {
    auto facts = analyze_raw(text_mail("今すぐ確認しないと、アカウントは完全に閉鎖されます。", "【至急】メール確認"));
    const auto* hit = find_hit(facts, "content.urgency");
    ASSERT_NE(hit, nullptr);
    const std::string ev = joined_evidence(hit);
    EXPECT_NE(ev.find("「今すぐ」"), std::string::npos) << ev;
    EXPECT_NE(ev.find("「完全に閉鎖」"), std::string::npos) << ev;
    EXPECT_NE(ev.find("「至急」 in the subject"), std::string::npos) << ev;
    auto en = analyze_raw(text_mail("Your account WILL BE SUSPENDED unless you act Immediately."));
    EXPECT_NE(find_hit(en, "content.urgency"), nullptr);
}

TEST(Urgency, QuietOnOrdinaryText) {
    EXPECT_EQ(find_hit(business(), "content.urgency"), nullptr);
    EXPECT_EQ(find_hit(mailing_list(), "content.urgency"), nullptr);
}

TEST(Urgency, OneCommonEnglishWordNeedsCompany) {
    // "immediately" alone is everyday English; next to a credential request it is pressure.
    auto alone = analyze_raw(text_mail("The build broke, so I reverted the patch immediately."));
    EXPECT_EQ(find_hit(alone, "content.urgency"), nullptr);
    auto with_request = analyze_raw(text_mail("Please confirm your password immediately."));
    EXPECT_NE(find_hit(with_request, "content.urgency"), nullptr);
}

// --- content.pretext ---

TEST(Pretext, NamesTheLure) {
    auto facts = analyze_raw(text_mail("メールボックスの容量が上限に達しました。未配信のメッセージが3件あります。"));
    const auto* hit = find_hit(facts, "content.pretext");
    ASSERT_NE(hit, nullptr);
    EXPECT_EQ(facts.pretexts, (std::vector<std::string>{"mailbox_full", "undelivered_mail"}));
    const std::string ev = joined_evidence(hit);
    EXPECT_NE(ev.find("mailbox_full: 「メールボックスの容量」"), std::string::npos) << ev;
    EXPECT_NE(ev.find("undelivered_mail: "), std::string::npos) << ev;
    auto pt = analyze_raw(text_mail("Identificamos um pagamento pendente em seu nome."));
    EXPECT_EQ(pt.pretexts, (std::vector<std::string>{"payment_failed"}));
}

TEST(Pretext, QuietOnOrdinaryText) {
    EXPECT_EQ(find_hit(business(), "content.pretext"), nullptr);
    auto facts = analyze_raw(text_mail("The mailbox migration finished; no messages were lost."));
    EXPECT_EQ(find_hit(facts, "content.pretext"), nullptr);
}

// --- content.credential_request ---

TEST(CredentialRequest, FiresOnLiteralAndRegexPhrases) {
    auto ja = analyze_raw(text_mail("以下のリンクからログインして、パスワードを入力してください。"));
    EXPECT_NE(find_hit(ja, "content.credential_request"), nullptr);
    auto en = analyze_raw(text_mail("Please sign in to your mailbox and confirm your password."));
    const auto* hit = find_hit(en, "content.credential_request");
    ASSERT_NE(hit, nullptr);
    EXPECT_NE(joined_evidence(hit).find("\"sign in to your mailbox\""), std::string::npos) << joined_evidence(hit);
}

TEST(CredentialRequest, QuietOnOrdinaryText) {
    EXPECT_EQ(find_hit(business(), "content.credential_request"), nullptr);
    auto facts = analyze_raw(text_mail("I could not log in yesterday, so I reset the router."));
    EXPECT_EQ(find_hit(facts, "content.credential_request"), nullptr);
}

// --- content.deadline_pressure ---

TEST(DeadlinePressure, SameDayDeadlineAgainstTheDateHeader) {
    auto facts = analyze_raw(text_mail("お支払いの期限は2024年11月11日です。", "お支払い", "Mon, 11 Nov 2024 09:30:00 +0900"));
    const auto* hit = find_hit(facts, "content.deadline_pressure");
    ASSERT_NE(hit, nullptr);
    EXPECT_NE(joined_evidence(hit).find("2024-11-11, the day the mail was sent (Date 2024-11-11 +0900)"),
              std::string::npos)
        << joined_evidence(hit);
}

TEST(DeadlinePressure, LocalDayOfTheDateHeaderCounts) {
    // 00:30 +0900 on the 12th is still the 11th in UTC; the sender's day is the 12th, so a
    // deadline of 11/11 is one day before, 11/13 one day after.
    auto facts = analyze_raw(text_mail("締め切り: 11/13", "notice", "Tue, 12 Nov 2024 00:30:00 +0900"));
    const auto* hit = find_hit(facts, "content.deadline_pressure");
    ASSERT_NE(hit, nullptr);
    EXPECT_NE(joined_evidence(hit).find("the day after the mail was sent"), std::string::npos) << joined_evidence(hit);
}

TEST(DeadlinePressure, RelativeDeadlines) {
    for (const char* body : {"24時間以内にご確認ください。", "本日中に手続きを完了してください。",
                             "Verify within 48 hours or lose access.", "Confirme em 24 horas."}) {
        auto facts = analyze_raw(text_mail(body));
        EXPECT_NE(find_hit(facts, "content.deadline_pressure"), nullptr) << body;
    }
}

TEST(DeadlinePressure, QuietOnFarDeadlinesAndThreadDates) {
    EXPECT_EQ(find_hit(business(), "content.deadline_pressure"), nullptr);
    EXPECT_EQ(find_hit(mailing_list(), "content.deadline_pressure"), nullptr);
    auto week = analyze_raw(text_mail("Please reply by November 20, 2024."));
    EXPECT_EQ(find_hit(week, "content.deadline_pressure"), nullptr);
    auto no_date = analyze_raw("From: a@b.example\r\nTo: user@example.jp\r\nSubject: x\r\n\r\n2024年11月11日まで\r\n");
    EXPECT_EQ(find_hit(no_date, "content.deadline_pressure"), nullptr);
}

// --- content.unnatural_japanese ---

TEST(UnnaturalJapanese, StraySpacesAndAsciiStopsAreMeasuredAndCounted) {
    const std::string body =
        "サーバー エラーにより、 あなたの メッセージは 配信 されませんでした.\n"
        "アカウントを 確認する には, 以下の リンクを クリックしてください.\n"
        "ご不便を おかけして 申し訳ありません.\n";
    auto facts = analyze_raw(text_mail(body));
    const auto* hit = find_hit(facts, "content.unnatural_japanese");
    ASSERT_NE(hit, nullptr);
    const std::string ev = joined_evidence(hit);
    EXPECT_NE(ev.find("half-width space(s) between Japanese letters"), std::string::npos) << ev;
    EXPECT_NE(ev.find("ASCII full stop(s)/comma(s)"), std::string::npos) << ev;
    EXPECT_NE(ev.find("machine-translated phrasing"), std::string::npos) << ev;
}

TEST(UnnaturalJapanese, MachineTranslatedPhrasesAlone) {
    auto facts = analyze_raw(text_mail("親愛なる有効なユーザー様、サーバー エラーにより、メールの一部が届いていません。ご確認をお願いいたします。"
                                       "お手数をおかけしますが、よろしくお願いいたします。"));
    const auto* hit = find_hit(facts, "content.unnatural_japanese");
    ASSERT_NE(hit, nullptr);
    EXPECT_NE(joined_evidence(hit).find("「有効なユーザー」"), std::string::npos) << joined_evidence(hit);
}

TEST(UnnaturalJapanese, QuietOnOrdinaryJapaneseAndOnShortOrForeignText) {
    EXPECT_EQ(find_hit(business(), "content.unnatural_japanese"), nullptr);
    auto short_text = analyze_raw(text_mail("確認 して ください."));
    EXPECT_EQ(find_hit(short_text, "content.unnatural_japanese"), nullptr);
    EXPECT_EQ(find_hit(mailing_list(), "content.unnatural_japanese"), nullptr);
}

TEST(JapaneseStyle, CountsFeaturesOnTheTextAsWritten) {
    auto style = measure_japanese_style("サーバー エラー です. 山田　太郎。資料.pdf を送ります、よろしく...");
    EXPECT_EQ(style.stray_spaces, 2u); // サーバー エラー, エラー です; the full-width space is not counted
    EXPECT_EQ(style.ascii_stops, 1u);  // です. — not 資料.pdf, not the ellipsis
    EXPECT_EQ(style.japanese_stops, 2u);
    ASSERT_FALSE(style.space_examples.empty());
    EXPECT_NE(style.space_examples[0].find("サーバー エラー"), std::string::npos);
}

// --- language and hostile input ---

TEST(AnalyzeContent, ReportsTheBodyLanguage) {
    EXPECT_EQ(analyze_raw(text_mail("Seu pagamento não foi aprovado. Atualize os dados da sua conta para continuar com o serviço.")).language, "pt");
    EXPECT_EQ(analyze_raw(text_mail("Ihr Konto wurde gesperrt. Bitte bestätigen Sie die Daten, die wir für die Prüfung benötigen.")).language, "de");
}

TEST(AnalyzeContent, HtmlOnlyMailIsReadFromItsVisibleText) {
    std::string raw =
        "From: a@b.example\r\nTo: user@example.jp\r\nSubject: x\r\nDate: Mon, 11 Nov 2024 09:30:00 +0900\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        "<html><body><p>Dear user,</p><p>Your mailbox is full. Act <b>immediately</b>.</p>"
        "<div style='display:none'>verify your account</div></body></html>\r\n";
    auto facts = analyze_raw(raw);
    EXPECT_NE(find_hit(facts, "content.generic_salutation"), nullptr);
    EXPECT_NE(find_hit(facts, "content.urgency"), nullptr);
    EXPECT_NE(find_hit(facts, "content.pretext"), nullptr);
}

TEST(AnalyzeContent, HostileBytesNeverBreakIt) {
    std::string junk;
    for (int i = 0; i < 4096; ++i) junk += static_cast<char>((i * 131) & 0xFF);
    auto facts = analyze_raw(text_mail(junk + "至急 11/11 まで user@example.jp 様"));
    for (const auto& h : facts.hits) EXPECT_TRUE(h.id.starts_with("content.")) << h.id;
    auto empty = analyze_raw("");
    EXPECT_TRUE(empty.hits.empty());
}

} // namespace

namespace scam_wording {

using namespace mikiwame::content;
using namespace mikiwame::content::testing;

TEST(ScamWording, TwoPhrasesOfOneKindFireAndCountAsInstances) {
    auto facts = analyze_raw(text_mail("I am writing to you as next of kin of my client, the sole beneficiary of\n"
                                       "a deposit of 12 million US dollars.\n",
                                       "confidential"));
    const auto* hit = find_hit(facts, "content.scam");
    ASSERT_NE(hit, nullptr);
    EXPECT_EQ(hit->instances, 3u);
    EXPECT_NE(joined_evidence(hit).find("advance_fee: "), std::string::npos) << joined_evidence(hit);
    EXPECT_NE(joined_evidence(hit).find("next of kin"), std::string::npos);
}

TEST(ScamWording, OneWordEachOfTwoKindsIsNotEnough) {
    auto facts = analyze_raw(text_mail("Our club trip visits the casino hotel, and the raffle is not a lottery.\n"));
    EXPECT_EQ(find_hit(facts, "content.scam"), nullptr);
}

TEST(ScamWording, ThreePhrasesOfMixedKindsFire) {
    auto facts = analyze_raw(text_mail("Jackpot! Visit our casino, every beneficiary of the draw wins.\n"));
    const auto* hit = find_hit(facts, "content.scam");
    ASSERT_NE(hit, nullptr);
    EXPECT_EQ(hit->evidence.size(), 3u) << "one line per kind";
}

TEST(ObfuscatedText, DisguisedSubjectGivesItsReadingForBrandMatching) {
    auto facts = analyze_raw(text_mail("Please check your order.\n", "Your \xD0\x90mazon order"));
    const auto* hit = find_hit(facts, "content.obfuscated_text");
    ASSERT_NE(hit, nullptr);
    EXPECT_NE(joined_evidence(hit).find("subject"), std::string::npos);
    ASSERT_TRUE(facts.subject_reading.has_value());
    EXPECT_EQ(*facts.subject_reading, "Your Amazon order");
    EXPECT_FALSE(facts.display_name_reading.has_value()) << "the display name \"Support\" is plain";
}

TEST(ObfuscatedText, AFewInvisibleCharactersInRunningTextAreNotEnough) {
    auto facts = analyze_raw(text_mail("Copied from a web page: sign\xE2\x80\x8Bin here.\nThanks\n"));
    EXPECT_EQ(find_hit(facts, "content.obfuscated_text"), nullptr);
}

} // namespace scam_wording

namespace subject_tags {

using namespace mikiwame::content;
using namespace mikiwame::content::testing;

TEST(SubjectSpamTag, FoundInTheSubjectOnlyAndOncePerPlace) {
    auto tagged = analyze_raw(text_mail("hello\n", "***SPAM*** KAGOYA JAPAN"));
    const auto* hit = find_hit(tagged, "subject.spam_tag");
    ASSERT_NE(hit, nullptr);
    ASSERT_EQ(hit->evidence.size(), 1u) << joined_evidence(hit);
    EXPECT_EQ(hit->evidence[0], "***SPAM***") << "not also the **SPAM** inside it";
    auto japanese = analyze_raw(text_mail("hello\n", "【迷惑メール】未送信メッセージ"));
    EXPECT_NE(find_hit(japanese, "subject.spam_tag"), nullptr);
    auto in_body = analyze_raw(text_mail("Our filter writes [spam] in front of the subject.\n", "filter settings"));
    EXPECT_EQ(find_hit(in_body, "subject.spam_tag"), nullptr) << "a tag quoted in the body is not a tag";
    auto word = analyze_raw(text_mail("hello\n", "spam filter settings"));
    EXPECT_EQ(find_hit(word, "subject.spam_tag"), nullptr);
}

} // namespace subject_tags

namespace subject_salutation {

using namespace mikiwame::content;
using namespace mikiwame::content::testing;

TEST(SubjectSalutation, SubjectOpeningWithTheRecipientsAddressIsGeneric) {
    for (const char* subject : {"user@example.jp, lose weight the smart way", "#user: NFT launch"}) {
        auto facts = analyze_raw(text_mail("Read our offer.\n", subject));
        const auto* hit = find_hit(facts, "content.generic_salutation");
        ASSERT_NE(hit, nullptr) << subject;
        EXPECT_NE(joined_evidence(hit).find("in the subject"), std::string::npos) << joined_evidence(hit);
    }
    for (const char* subject : {"[user] weekly digest", "users: meeting moved", "Re: user guide"}) {
        auto facts = analyze_raw(text_mail("Minutes attached.\n", subject));
        EXPECT_EQ(find_hit(facts, "content.generic_salutation"), nullptr) << subject;
    }
}

} // namespace subject_salutation

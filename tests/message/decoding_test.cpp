// SPDX-License-Identifier: Apache-2.0
// Decoding of Subject, display name and body in every charset mail uses, from fixtures built
// here (text encoded with ICU, wrapped in RFC 2047 words and a MIME body).
#include <gtest/gtest.h>

#include "base/base64.h"
#include "message/parser.h"
#include "support/charset_encode.h"

namespace mikiwame::message {
namespace {

using mikiwame::testing::encode_charset;

struct CharsetCase {
    const char* label;       // what the mail declares
    const char* icu_name;    // how the fixture is encoded
    const char* subject;
    const char* name;
    const char* body;
};

std::string build_mail(const CharsetCase& c) {
    std::string subject = encode_charset(c.subject, c.icu_name);
    std::string name = encode_charset(c.name, c.icu_name);
    std::string body = encode_charset(c.body, c.icu_name);
    std::string mail;
    mail += "From: =?" + std::string(c.label) + "?B?" + base::encode_base64(name) + "?= <sender@example.jp>\r\n";
    mail += "To: user@example.com\r\n";
    mail += "Subject: =?" + std::string(c.label) + "?B?" + base::encode_base64(subject) + "?=\r\n";
    mail += "MIME-Version: 1.0\r\n";
    mail += "Content-Type: text/plain; charset=" + std::string(c.label) + "\r\n";
    mail += "Content-Transfer-Encoding: base64\r\n\r\n";
    mail += base::encode_base64(body) + "\r\n";
    return mail;
}

class CharsetDecoding : public ::testing::TestWithParam<CharsetCase> {};

TEST_P(CharsetDecoding, DecodesSubjectDisplayNameAndBody) {
    const CharsetCase& c = GetParam();
    Message msg = parse_message(build_mail(c), Limits{});
    EXPECT_EQ(msg.subject, c.subject) << c.label;
    ASSERT_EQ(msg.from.size(), 1u) << c.label;
    EXPECT_EQ(msg.from[0].display_name, c.name) << c.label;
    EXPECT_EQ(msg.from[0].domain, "example.jp");
    EXPECT_EQ(msg.text_body, c.body) << c.label;
}

INSTANTIATE_TEST_SUITE_P(
    AllCharsets, CharsetDecoding,
    ::testing::Values(
        CharsetCase{"ISO-2022-JP", "ISO-2022-JP", "【重要】アカウント確認のお願い", "カゴヤ・ジャパン サポート",
                    "お客様各位\r\nメールボックスの容量が上限に達しました。"},
        CharsetCase{"Shift_JIS", "windows-31j", "未配信メッセージが3件あります", "ｶｺﾞﾔ 管理者",
                    "拝啓 ①本日中にログインしてください。"},
        CharsetCase{"CP932", "windows-31j", "お支払い方法の確認", "三井住友カード", "㈱テスト ～ 確認"},
        CharsetCase{"EUC-JP", "EUC-JP", "パスワードの有効期限", "運営事務局", "至急ご対応ください。"},
        CharsetCase{"UTF-8", "UTF-8", "Ваш аккаунт 🔒 заблокирован", "Службa поддержки", "Vérifiez votre compte ✔"},
        CharsetCase{"GB2312", "GB2312", "您的邮箱已满", "系统管理员", "请立即登录以释放空间。"},
        CharsetCase{"GBK", "GBK", "账户异常通知", "安全中心", "请在24小时内验证您的账户。"},
        CharsetCase{"GB18030", "GB18030", "退款通知", "税务局", "您有一笔退款待领取。"},
        CharsetCase{"Big5", "Big5", "帳戶安全通知", "客服中心", "請立即驗證您的帳戶。"},
        CharsetCase{"EUC-KR", "EUC-KR", "계정 보안 알림", "고객 센터", "지금 로그인하여 확인하십시오."},
        CharsetCase{"KOI8-R", "KOI8-R", "Ваш пароль истекает", "Служба безопасности", "Срочно подтвердите учетную запись."},
        CharsetCase{"windows-1251", "windows-1251", "Счет на оплату", "Бухгалтерия", "Оплатите сегодня."},
        CharsetCase{"windows-1252", "windows-1252", "Última notificação – € 49", "Segurança Ação", "Atenção: ação necessária"},
        CharsetCase{"windows-1250", "windows-1250", "Důležité upozornění", "Správce účtu", "Ověřte svůj účet ihned."},
        CharsetCase{"ISO-8859-1", "ISO-8859-1", "Sehr geehrter Kunde", "Kundenservice Müller", "Bitte bestätigen Sie Ihre Daten."},
        CharsetCase{"ISO-8859-2", "ISO-8859-2", "Pilne: weryfikacja konta", "Dział obsługi", "Proszę się zalogować."},
        CharsetCase{"ISO-8859-5", "ISO-8859-5", "Важное уведомление", "Администратор", "Подтвердите данные."},
        CharsetCase{"ISO-8859-15", "ISO-8859-15", "Facture 2024 € payée", "Service clientèle", "Merci de vérifier."}));

TEST(HeaderDecoding, JoinsIso2022JpEncodedWordSplitMidCharacterAcrossFoldedLines) {
    std::string jis = encode_charset("メールサーバー障害のお知らせ", "ISO-2022-JP");
    // Split the bytes inside a two-byte character (odd offset after the 3-byte escape).
    std::size_t cut = 3 + 5;
    std::string first = jis.substr(0, cut), second = jis.substr(cut);
    std::string mail = "From: a@example.jp\r\nSubject: =?ISO-2022-JP?B?" + base::encode_base64(first) +
                       "?=\r\n =?ISO-2022-JP?B?" + base::encode_base64(second) + "?=\r\n\r\nbody\r\n";
    Message msg = parse_message(mail, Limits{});
    EXPECT_EQ(msg.subject, "メールサーバー障害のお知らせ");
}

TEST(HeaderDecoding, ReadsRawUtf8InHeaders) {
    std::string mail = "From: \"カゴヤ サポート\" <support@example.jp>\r\nSubject: 【重要】お支払い期限は本日です\r\n\r\nx\r\n";
    Message msg = parse_message(mail, Limits{});
    EXPECT_EQ(msg.subject, "【重要】お支払い期限は本日です");
    ASSERT_EQ(msg.from.size(), 1u);
    EXPECT_EQ(msg.from[0].display_name, "カゴヤ サポート");
}

TEST(HeaderDecoding, KeepsCommasInsideDecodedDisplayNamesOutOfTheAddressList) {
    std::string name = base::encode_base64("Support, Team <admin@evil.example>");
    std::string mail = "From: =?UTF-8?B?" + name + "?= <real@example.net>\r\n\r\nx\r\n";
    Message msg = parse_message(mail, Limits{});
    ASSERT_EQ(msg.from.size(), 1u);
    EXPECT_EQ(msg.from[0].display_name, "Support, Team <admin@evil.example>");
    EXPECT_EQ(msg.from[0].address(), "real@example.net");
}

TEST(HeaderDecoding, QEncodingAndMixedPlainText) {
    std::string mail = "Subject: Re: =?iso-8859-1?Q?Caf=E9_cr=E8me?= and more\r\n\r\nx\r\n";
    EXPECT_EQ(parse_message(mail, Limits{}).subject, "Re: Café crème and more");
}

TEST(BodyDecoding, DetectsUndeclaredShiftJisBody) {
    std::string body = encode_charset("お客様のメールアカウントは本日停止されます。至急ログインしてください。", "windows-31j");
    std::string mail = "From: a@example.jp\r\nSubject: x\r\nContent-Type: text/plain\r\n\r\n" + body + "\r\n";
    Message msg = parse_message(mail, Limits{});
    EXPECT_EQ(msg.text_body, "お客様のメールアカウントは本日停止されます。至急ログインしてください。\r\n");
    EXPECT_EQ(msg.parts.at(0).charset_used, "windows-31j");
}

TEST(BodyDecoding, RepairsGb2312LabelOnShiftJisBody) {
    std::string body = encode_charset("メールボックスの容量が不足しています。こちらから確認してください。", "windows-31j");
    std::string mail = "From: a@example.jp\r\nContent-Type: text/plain; charset=gb2312\r\n\r\n" + body;
    Message msg = parse_message(mail, Limits{});
    EXPECT_EQ(msg.text_body, "メールボックスの容量が不足しています。こちらから確認してください。");
    bool recorded = false;
    for (const auto& issue : msg.issues) recorded = recorded || issue.code == "charset_mislabelled";
    EXPECT_TRUE(recorded);
}

TEST(BodyDecoding, DecodesQuotedPrintableAndUuencode) {
    std::string mail =
        "From: a@example.com\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
        "--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        "caf=C3=A9 =\r\nsoft break\r\n"
        "--b\r\nContent-Type: application/octet-stream; name=\"a.txt\"\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\n"
        "begin 644 a.txt\r\n#86)C\r\n`\r\nend\r\n"
        "--b--\r\n";
    Message msg = parse_message(mail, Limits{});
    ASSERT_GE(msg.parts.size(), 3u);
    EXPECT_EQ(msg.parts[1].text, "café soft break"); // the CRLF before a boundary belongs to it (RFC 2046 §5.1.1)
    EXPECT_EQ(msg.parts[2].size, 3u); // "abc"
    EXPECT_EQ(msg.parts[2].filename.value_or(""), "a.txt");
    EXPECT_TRUE(msg.parts[2].is_attachment);
}

TEST(MimeTree, ReadsRfc2231FileNamesAndEmbeddedMessages) {
    std::string mail =
        "From: a@example.com\r\nContent-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n"
        "--outer\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
        "--outer\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment;\r\n"
        " filename*=UTF-8''%E8%AB%8B%E6%B1%82%E6%9B%B8.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        "JVBERi0xLjQK\r\n"
        "--outer\r\nContent-Type: message/rfc822\r\n\r\n"
        "From: inner@example.org\r\nSubject: inner subject\r\n\r\ninner body\r\n"
        "--outer--\r\n";
    Message msg = parse_message(mail, Limits{});
    ASSERT_EQ(msg.parts.size(), 4u);
    EXPECT_EQ(msg.parts[0].content_type, "multipart/mixed");
    EXPECT_EQ(msg.parts[2].filename.value_or(""), "請求書.pdf");
    EXPECT_EQ(msg.parts[2].sniffed_type, "application/pdf");
    ASSERT_TRUE(msg.parts[3].embedded);
    EXPECT_EQ(msg.parts[3].embedded->subject, "inner subject");
    EXPECT_EQ(msg.parts[3].embedded->from.at(0).domain, "example.org");
}

TEST(Envelope, ReadsAddressesDateAndMessageId) {
    std::string mail =
        "Return-Path: <bounce@mailer.example.net>\r\nDelivered-To: victim@example.jp\r\n"
        "From: \"Kagoya.net\" <akazawa@cymis.example>\r\nReply-To: other@reply.example\r\n"
        "To: victim@example.jp, Second <second@example.jp>\r\nCc: group: a@x.example, b@y.example;\r\n"
        "Date: Tue, 12 Nov 2024 09:15:00 +0900\r\nMessage-ID: <abc.123@cymis.example>\r\n\r\nbody\r\n";
    Message msg = parse_message(mail, Limits{});
    EXPECT_EQ(msg.return_path.at(0).address(), "bounce@mailer.example.net");
    EXPECT_EQ(msg.delivered_to.at(0).address(), "victim@example.jp");
    EXPECT_EQ(msg.from.at(0).display_name, "Kagoya.net");
    EXPECT_EQ(msg.from.at(0).local_part, "akazawa");
    EXPECT_EQ(msg.reply_to.at(0).domain, "reply.example");
    EXPECT_EQ(msg.to.size(), 2u);
    EXPECT_EQ(msg.cc.size(), 2u);
    ASSERT_TRUE(msg.date);
    EXPECT_EQ(msg.date->offset_minutes, 9 * 60);
    EXPECT_EQ(msg.date->utc_seconds, 1731370500);
    EXPECT_EQ(msg.message_id.value_or(""), "abc.123@cymis.example");
}

TEST(Envelope, RecordsConflictingDuplicateFrom) {
    std::string mail = "From: a@example.com\r\nFrom: b@example.org\r\n\r\nx\r\n";
    Message msg = parse_message(mail, Limits{});
    bool found = false;
    for (const auto& issue : msg.issues) found = found || issue.code == "conflicting_duplicate_header";
    EXPECT_TRUE(found);
}

TEST(Headers, KeepsEveryHeaderInOrderWithRawAndDecodedValues) {
    std::string mail = "X-First: 1\r\nSubject: =?UTF-8?B?5pel5pys?=\r\nX-Folded: a\r\n b\r\n\r\nx";
    Message msg = parse_message(mail, Limits{});
    ASSERT_EQ(msg.headers.size(), 3u);
    EXPECT_EQ(msg.headers[0].name, "X-First");
    EXPECT_EQ(msg.headers[1].raw_value, "=?UTF-8?B?5pel5pys?=");
    EXPECT_EQ(msg.headers[1].value, "日本");
    EXPECT_EQ(msg.headers[2].value, "a b");
}

} // namespace
} // namespace mikiwame::message

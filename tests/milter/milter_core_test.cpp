// SPDX-License-Identifier: Apache-2.0
// The milter's logic without libmilter: header edits, subject tags, message assembly with the
// size limit, the worker pool. The same code runs inside Postfix in the integration tests.
#include <gtest/gtest.h>

#include <atomic>
#include <set>

#include "mail_headers.h"
#include "message_buffer.h"
#include "worker_pool.h"

namespace mikiwame::milter {
namespace {

// Decodes one "=?UTF-8?B?…?=" word (test helper; the milter itself only encodes).
std::string decode_word(std::string_view word) {
    EXPECT_EQ(word.substr(0, 10), "=?UTF-8?B?");
    EXPECT_EQ(word.substr(word.size() - 2), "?=");
    std::string_view b64 = word.substr(10, word.size() - 12);
    static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (char c : b64) {
        if (c == '=') break;
        buffer = (buffer << 6) | static_cast<unsigned>(alphabet.find(c));
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    return out;
}

// Decodes a value made of encoded words separated by folding whitespace.
std::string decode_words(std::string_view value) {
    std::string out;
    std::size_t i = 0;
    while (i < value.size()) {
        while (i < value.size() && (value[i] == ' ' || value[i] == '\n' || value[i] == '\t')) ++i;
        std::size_t end = value.find("?=", i + 10);
        if (end == std::string_view::npos) break;
        out += decode_word(value.substr(i, end + 2 - i));
        i = end + 2;
    }
    return out;
}

TEST(MailHeaders, RecognisesOwnHeadersInAnyCase) {
    EXPECT_TRUE(is_mikiwame_header("X-Mikiwame-Verdict"));
    EXPECT_TRUE(is_mikiwame_header("x-MIKIWAME-anything"));
    EXPECT_FALSE(is_mikiwame_header("X-Mikiwam"));
    EXPECT_FALSE(is_mikiwame_header("X-Spam-Flag"));
}

TEST(MailHeaders, EncodedWordsStayShortAndNeverSplitACharacter) {
    const std::string text = "【フィッシング注意】お客様のアカウントは停止されました。今すぐ確認してください";
    std::string encoded = encode_words(text);
    EXPECT_EQ(decode_words(encoded), text);
    std::size_t start = 0;
    while (start < encoded.size()) {
        std::size_t end = encoded.find("\n ", start);
        std::string word = encoded.substr(start, end == std::string::npos ? std::string::npos : end - start);
        EXPECT_LE(word.size(), 75u) << word;
        std::string decoded = decode_word(word);
        // Each word decodes to whole UTF-8 characters.
        ASSERT_FALSE(decoded.empty());
        EXPECT_NE(static_cast<unsigned char>(decoded.front()) & 0xC0, 0x80u);
        start = end == std::string::npos ? encoded.size() : end + 2;
    }
}

TEST(MailHeaders, TagsPlainAndEncodedSubjects) {
    struct Row {
        const char* label;
        std::string subject;
        std::string tag;
        std::string want_raw;     // exact value, when the rule is exact
        std::string want_decoded; // what a reader sees, for encoded results
    };
    const std::string ja_tag = "【フィッシング注意】";
    const Row rows[] = {
        {"ascii tag, ascii subject", "Your account", "[phishing]", "[phishing] Your account", ""},
        {"ascii tag, encoded subject", "=?UTF-8?B?44GK55+l44KJ44Gb?=", "[phishing]", "[phishing] =?UTF-8?B?44GK55+l44KJ44Gb?=", ""},
        {"empty tag", "Hello", "", "Hello", ""},
        {"no subject", "", "[spam]", "[spam]", ""},
        {"raw utf-8 subject", "お知らせ", ja_tag, ja_tag + " お知らせ", ""},
    };
    for (const auto& r : rows) EXPECT_EQ(tag_subject(r.subject, r.tag), r.want_raw) << r.label;

    // Japanese tag before an encoded (ISO-2022-JP) subject: the tag is an encoded word that
    // carries its own trailing space, the original words follow untouched.
    const std::string jis = "=?ISO-2022-JP?B?GyRCJCpDTiRpJDsbKEI=?=";
    std::string tagged = tag_subject(jis, ja_tag);
    ASSERT_NE(tagged.find(" " + jis), std::string::npos) << tagged;
    EXPECT_EQ(decode_words(tagged.substr(0, tagged.find(" =?ISO"))), ja_tag + " ");

    // Japanese tag before a plain ASCII subject: encoded tag, then the subject.
    std::string before_ascii = tag_subject("Invoice 42", ja_tag);
    EXPECT_EQ(before_ascii.substr(before_ascii.size() - 11), " Invoice 42");
    EXPECT_EQ(decode_words(before_ascii.substr(0, before_ascii.size() - 11)), ja_tag);
    for (char c : before_ascii) EXPECT_LT(static_cast<unsigned char>(c), 0x80u) << "all ASCII on the wire";
}

TEST(MailHeaders, FoldsLongValuesAtSpaces) {
    std::string ids;
    for (int i = 0; i < 12; ++i) ids += (i ? ", " : "") + std::string("content.some_finding_") + std::to_string(i);
    std::string folded = fold_value("X-Mikiwame-Findings", ids);
    std::string unfolded;
    for (char c : folded)
        if (c != '\n') unfolded += c;
    EXPECT_EQ(unfolded, ids);
    std::size_t line_start = 0;
    bool first = true;
    for (std::size_t i = 0; i <= folded.size(); ++i) {
        if (i == folded.size() || folded[i] == '\n') {
            std::size_t len = i - line_start + (first ? std::string("X-Mikiwame-Findings: ").size() : 0);
            EXPECT_LE(len, 78u);
            if (i < folded.size()) {
                EXPECT_EQ(folded[i + 1], ' ') << "a folded line starts with whitespace";
            }
            line_start = i + 1;
            first = false;
        }
    }
}

Report sample_report() {
    Report r;
    r.verdict = Verdict::Phishing;
    r.score = 14.25;
    BrandInfo kagoya;
    kagoya.id = "kagoya";
    kagoya.name = "KAGOYA JAPAN";
    kagoya.official_domains = {"kagoya.jp"};
    r.brands.push_back(kagoya);
    r.findings.push_back({"sender.display_brand_mismatch", Severity::High, 3, {"表示名…", "The display name claims a brand"}, {}, {}});
    r.findings.push_back({"url.text_href_mismatch", Severity::High, 3, {"", "The link text and target differ"}, {}, {}});
    r.findings.push_back({"content.pretext", Severity::Medium, 1, {"", "A known lure"}, {}, {}});
    r.top_reasons = {"sender.display_brand_mismatch", "url.text_href_mismatch"};
    r.auth.spf = AuthResult::SoftFail;
    r.auth.dkim = AuthResult::None;
    return r;
}

TEST(MailHeaders, VerdictHeadersSayVerdictScoreFindingsReasonsAndAuth) {
    auto headers = verdict_headers(sample_report(), "mx.example.jp");
    ASSERT_EQ(headers.size(), 5u);
    EXPECT_EQ(headers[0].name, "X-Mikiwame-Verdict");
    EXPECT_EQ(headers[0].value, "phishing");
    EXPECT_EQ(headers[1].value, "14.2");
    std::string findings;
    for (char c : headers[2].value)
        if (c != '\n') findings += c;
    EXPECT_EQ(findings, "sender.display_brand_mismatch, url.text_href_mismatch, content.pretext");
    EXPECT_EQ(headers[3].name, "X-Mikiwame-Report");
    std::string report;
    for (char c : headers[3].value)
        if (c != '\n') report += c;
    EXPECT_EQ(report, "phishing (score 14.2, claims KAGOYA JAPAN): The display name claims a brand; The link text and target differ");
    EXPECT_EQ(headers[4].name, "X-Mikiwame-Authentication-Results");
    EXPECT_EQ(headers[4].value.rfind("mx.example.jp; spf=softfail; dkim=none", 0), 0u) << headers[4].value;
    EXPECT_EQ(headers[4].value.find("dmarc"), std::string::npos) << "unknown results are left out";
    for (const auto& h : headers)
        for (char c : h.value) EXPECT_LT(static_cast<unsigned char>(c), 0x80u) << h.name;
}

TEST(MailHeaders, ACleanMailWithoutFindingsStillGetsEveryHeader) {
    Report r;
    auto headers = verdict_headers(r, "");
    ASSERT_EQ(headers.size(), 5u);
    EXPECT_EQ(headers[0].value, "clean");
    EXPECT_EQ(headers[2].value, "none");
    EXPECT_EQ(headers[3].value, "clean (score 0.0): no finding");
    EXPECT_EQ(headers[4].value.rfind("mikiwame; none", 0), 0u);
}

TEST(MessageBuffer, AssemblesHeadersAndBodyWithCrlf) {
    MessageBuffer b(1000);
    b.add_header("Subject", "Hello");
    b.add_header("X-Folded", "one\n\ttwo");
    b.add_header("x-mikiwame-verdict", "clean");
    b.add_header("X-Mikiwame-Verdict", "clean");
    b.add_header("subject", "second");
    b.end_headers();
    b.add_body("body\r\n");
    EXPECT_EQ(b.raw(), "Subject: Hello\r\nX-Folded: one\r\n\ttwo\r\nx-mikiwame-verdict: clean\r\nX-Mikiwame-Verdict: clean\r\n"
                       "subject: second\r\n\r\nbody\r\n");
    ASSERT_EQ(b.own_headers().size(), 2u);
    EXPECT_EQ(b.own_headers()[0].index, 1);
    EXPECT_EQ(b.own_headers()[1].index, 2) << "positions count names in any letter case";
    EXPECT_EQ(b.subject().value_or(""), "Hello");
    EXPECT_FALSE(b.oversize());
}

TEST(MessageBuffer, LetsGoOfTheMessageOnceOverTheLimit) {
    MessageBuffer b(100);
    b.add_header("Subject", "x");
    b.add_header("X-Mikiwame-Score", "0");
    b.end_headers();
    b.add_body(std::string(60, 'a'));
    EXPECT_FALSE(b.oversize());
    b.add_body(std::string(60, 'a'));
    EXPECT_TRUE(b.oversize());
    EXPECT_TRUE(b.raw().empty());
    EXPECT_EQ(b.raw().capacity() < 100, true) << "the storage is released, not kept";
    b.add_body(std::string(1000, 'a'));
    EXPECT_TRUE(b.raw().empty());
    EXPECT_GT(b.size(), 1100u) << "bytes past the limit are still counted";
    EXPECT_EQ(b.own_headers().size(), 1u) << "forged headers are still known, to remove them";
}

TEST(MessageBuffer, AtTheLimitIsStillAnalysed) {
    MessageBuffer b(20);
    b.add_header("A", "b"); // "A: b\r\n" = 6
    b.end_headers();        // 8
    b.add_body(std::string(12, 'x'));
    EXPECT_FALSE(b.oversize());
    EXPECT_EQ(b.raw().size(), 20u);
    b.add_body("y");
    EXPECT_TRUE(b.oversize());
}

TEST(WorkerPool, RunsEveryJobWithOneContextPerThread) {
    std::atomic<int> ran{0};
    std::mutex mutex;
    std::set<const AnalysisContext*> contexts;
    {
        WorkerPool pool(3);
        EXPECT_EQ(pool.size(), 3u);
        for (int i = 0; i < 200; ++i)
            pool.submit([&](AnalysisContext& context) {
                std::lock_guard lock(mutex);
                contexts.insert(&context);
                ++ran;
            });
        pool.stop();
    }
    EXPECT_EQ(ran.load(), 200) << "stop() runs what is queued";
    EXPECT_LE(contexts.size(), 3u);
}

} // namespace
} // namespace mikiwame::milter

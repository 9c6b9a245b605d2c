// SPDX-License-Identifier: Apache-2.0
// Parses every message of ../shared/corpus (under ASan/UBSan in `make test`) and prints how
// many were parsed and how many carried parse issues.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>

#include "message/parser.h"
#include "support/corpus.h"

namespace mikiwame::message {
namespace {

TEST(CorpusParse, EveryMessageParses) {
    MIKIWAME_SKIP_WITHOUT_CORPUS();
    std::size_t parsed = 0, with_issues = 0, with_from = 0;
    std::map<std::string, std::size_t> issue_codes;
    for (const char* folder : {"phish", "ham", "spam", "ja", "suites/mime"}) {
        for (const auto& path : testing::files_under(testing::corpus_dir() / folder, "")) {
            std::string ext = path.extension().string();
            if (folder != std::string("suites/mime") && ext != ".eml") continue;
            if (ext == ".json" || ext == ".md" || ext == ".LICENSE") continue;
            std::string raw = testing::read_file(path);
            Message msg = parse_message(raw, Limits{});
            ++parsed;
            EXPECT_EQ(msg.size, raw.size()) << path;
            if (!msg.issues.empty()) ++with_issues;
            if (!msg.from.empty()) ++with_from;
            for (const auto& issue : msg.issues) ++issue_codes[issue.code];
        }
    }
    std::printf("corpus: parsed %zu messages, %zu with parse issues, %zu with a From address\n", parsed, with_issues,
                with_from);
    for (const auto& [code, count] : issue_codes) std::printf("  %-40s %zu\n", code.c_str(), count);
    EXPECT_GT(parsed, 850u);
}

// Exact decoded strings, checked against an independent decoder (Python's email package).
struct ExpectedSubject {
    const char* file;
    const char* subject;
};

TEST(CorpusJapanese, DecodesSubjectsExactly) {
    MIKIWAME_SKIP_WITHOUT_CORPUS();
    const ExpectedSubject cases[] = {
        {"ja/phish/nvdimm-02692e2b9feb6685bd92243b1b8901bd98b98dcb.eml", "三井住友カード【重要】"},
        {"ja/phish/nvdimm-04ea3a954603228ed37425e78f6daec6370ca405.eml",
         "【バージョンアップ】メンテナンス作業のお知らせ【2020年5月1日】"},
        {"ja/ham/mail-japanese_attachment_long_name.eml",
         "まみむめもまみむめもまみむめもまみむめもまみむめもまみむめもまみむめもまみむめもまみむめもまみむめも"},
        {"ja/ham/sa-cjk-iso-2022-jp.2.eml", "[ports-jp 8947] Re: ipv6 & ruby"},
        {"ja/ham/jpmobile-iphone-unicode-emoji.eml", "絵文字🎅"},
    };
    for (const auto& c : cases) {
        std::string raw = testing::read_file(testing::corpus_dir() / c.file);
        ASSERT_FALSE(raw.empty()) << c.file;
        Message msg = parse_message(raw, Limits{});
        EXPECT_EQ(msg.subject, c.subject) << c.file;
    }
}

TEST(CorpusJapanese, DecodesAttachmentNameAndDisplayName) {
    MIKIWAME_SKIP_WITHOUT_CORPUS();
    Message msg = parse_message(testing::read_file(testing::corpus_dir() / "ja/ham/mail-japanese_attachment_long_name.eml"), Limits{});
    bool found = false;
    for (const auto& part : msg.parts)
        found = found || part.filename.value_or("") == "かきくけこかきくけこかきくけこかきくけこかきくけこ.txt";
    EXPECT_TRUE(found);
    Message jcb = parse_message(testing::read_file(testing::corpus_dir() /
                                                   "ja/phish/nvdimm-19894259fe9d7f15d0c3b64475de5443a77bdd63.eml"),
                                Limits{});
    EXPECT_EQ(jcb.subject, "あなたのjcbカードにはリスク取引がありますので、3日以内にパスワードを変更し、リスクを解除してください");
}

TEST(CorpusJapanese, RepairsEucJpBodyLabelledIso2022Jp) {
    MIKIWAME_SKIP_WITHOUT_CORPUS();
    // This 2000 list post declares ISO-2022-JP but its body bytes are EUC-JP.
    Message msg = parse_message(testing::read_file(testing::corpus_dir() / "ja/ham/sa-cjk-iso-2022-jp.2.eml"), Limits{});
    EXPECT_EQ(msg.parts.at(0).charset_used, "euc-jp");
    EXPECT_NE(msg.text_body.find("ruby repository"), std::string::npos);
    EXPECT_NE(msg.text_body.find("心当たりがあります"), std::string::npos);
}

} // namespace
} // namespace mikiwame::message

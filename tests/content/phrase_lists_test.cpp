// SPDX-License-Identifier: Apache-2.0
// PhraseCatalog on the fixture phrase lists: loading, literal and regex matching, NFKC,
// word boundaries, error lines with file:line, caps, concurrent scans, and a throughput run.
#include "content/phrase_lists.h"

#include <fstream>
#include <sstream>
#include <iterator>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "content/text_normalize.h"
#include "content_test_support.h"

namespace {

using mikiwame::ErrorCode;
using mikiwame::content::normalize_for_scan;
using mikiwame::content::PhraseCatalog;
using mikiwame::content::PhraseMatch;
using mikiwame::content::testing::scan;

// Matches of `catalog` (not the fixture one) in `text`, with a scratch of its own.
std::vector<PhraseMatch> scan_with(const PhraseCatalog& catalog, std::string_view text) {
    mikiwame::base::HsScratch scratch;
    EXPECT_TRUE(catalog.reserve(scratch));
    auto matches = catalog.scan(text, scratch);
    EXPECT_TRUE(matches);
    return matches ? std::move(matches.value()) : std::vector<PhraseMatch>{};
}
using mikiwame::content::testing::fixture_catalog;
namespace fs = std::filesystem;

std::set<std::string> matched_lists(const std::vector<PhraseMatch>& matches) {
    std::set<std::string> out;
    for (const auto& m : matches) out.insert(m.pattern->list + "/" + m.pattern->language);
    return out;
}

std::set<std::string> matched_phrases(const std::vector<PhraseMatch>& matches) {
    std::set<std::string> out;
    for (const auto& m : matches) out.insert(m.pattern->phrase);
    return out;
}

// A scratch directory of phrase files, removed afterwards.
class TempPhrases {
public:
    TempPhrases() {
        dir_ = fs::temp_directory_path() /
               ("mikiwame-phrases-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    ~TempPhrases() {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    void write(const std::string& name, const std::string& content) const {
        std::ofstream(dir_ / name, std::ios::binary) << content;
    }
    const fs::path& dir() const { return dir_; }

private:
    fs::path dir_;
};

TEST(PhraseCatalog, LoadsEveryFixtureListWithLanguageAndTag) {
    const auto& catalog = fixture_catalog();
    ASSERT_FALSE(catalog.empty());
    auto lists = catalog.lists();
    for (const char* want : {"credential_request", "deadline", "machine_translated_ja", "pretext", "salutation",
                             "spam_subject_tags", "urgency"})
        EXPECT_NE(std::find(lists.begin(), lists.end(), want), lists.end()) << want;
    bool saw_tagged = false;
    for (const auto& p : catalog.patterns()) {
        if (p.list == "pretext" && p.phrase == "メールボックスの容量") {
            EXPECT_EQ(p.tag, "mailbox_full");
            EXPECT_EQ(p.language, "ja");
            EXPECT_EQ(p.file, "pretext.ja.txt");
            EXPECT_GT(p.line, 1u);
            saw_tagged = true;
        }
        if (p.list == "credential_request" && p.language == "en") {
            EXPECT_TRUE(p.is_regex);
        }
        if (p.list == "urgency") {
            EXPECT_FALSE(p.is_regex);
        }
    }
    EXPECT_TRUE(saw_tagged);
}

TEST(PhraseCatalog, ScansAllListsInOnePass) {
    std::string text = normalize_for_scan("今すぐご確認ください。メールボックスの容量が不足しています。Please verify your account immediately.");
    auto matches = scan(text);
    auto lists = matched_lists(matches);
    EXPECT_TRUE(lists.count("urgency/ja"));
    EXPECT_TRUE(lists.count("urgency/en"));
    EXPECT_TRUE(lists.count("pretext/ja"));
    EXPECT_TRUE(lists.count("credential_request/en"));
    for (const auto& m : matches) {
        ASSERT_LE(m.begin, m.end);
        ASSERT_LE(m.end, text.size());
        if (!m.pattern->is_regex) {
            EXPECT_TRUE(m.has_start);
        }
    }
}

TEST(PhraseCatalog, ReportsTheMatchedRangeForQuoting) {
    std::string text = normalize_for_scan("Please Verify Your Identity now");
    auto matches = scan(text);
    ASSERT_EQ(matches.size(), 1u);
    ASSERT_TRUE(matches[0].has_start);
    EXPECT_EQ(text.substr(matches[0].begin, matches[0].end - matches[0].begin), "Verify Your Identity");
}

TEST(PhraseCatalog, MatchesFullWidthAndHalfWidthFormsAfterNfkc) {
    // Full-width ASCII and half-width katakana are what lures use to dodge filters.
    auto full = scan(normalize_for_scan("ＩＭＭＥＤＩＡＴＥＬＹ　ｃｏｎｆｉｒｍ　ｙｏｕｒ　ｐａｓｓｗｏｒｄ"));
    EXPECT_TRUE(matched_phrases(full).count("immediately"));
    EXPECT_TRUE(matched_phrases(full).count("confirm your password"));
    auto half = scan(normalize_for_scan("ﾊﾟｽﾜｰﾄﾞを入力してください"));
    EXPECT_TRUE(matched_phrases(half).count("パスワードを入力"));
}

TEST(PhraseCatalog, FindsPhrasesSplitByInvisibleCharactersOrLineWraps) {
    auto zero_width = scan(normalize_for_scan("今\u200bす\u200bぐ"));
    EXPECT_TRUE(matched_phrases(zero_width).count("今すぐ"));
    auto wrapped = scan(normalize_for_scan("アカウントが\r\n停止されます"));
    EXPECT_TRUE(matched_phrases(wrapped).count("アカウントが停止"));
}

TEST(PhraseCatalog, AsciiLiteralsMatchOnlyWholeWords) {
    EXPECT_TRUE(scan("immediatelyx and preimmediately").empty());
    EXPECT_FALSE(scan("act immediately.").empty());
}

TEST(PhraseCatalog, OrdinaryTextMatchesNothing) {
    EXPECT_TRUE(scan(normalize_for_scan("いつもお世話になっております。会議の資料を添付いたします。")).empty());
    EXPECT_TRUE(scan("The patch series looks good to me; I will apply it to the tree.").empty());
}

TEST(PhraseCatalog, CapsMatchesPerPattern) {
    std::string text;
    for (int i = 0; i < 100; ++i) text += "至急 ";
    auto matches = scan(text);
    EXPECT_EQ(matches.size(), PhraseCatalog::kMaxMatchesPerPattern);
}

TEST(PhraseCatalog, RejectsInvalidUtf8InputWithoutScanning) {
    EXPECT_TRUE(scan(std::string("\xff\xfe至急", 8)).empty());
}

TEST(PhraseCatalog, MissingDirectoryIsAnEmptyCatalogue) {
    auto loaded = PhraseCatalog::load("/nonexistent/mikiwame/phrases");
    ASSERT_TRUE(loaded.has_value());
    EXPECT_TRUE(loaded->empty());
    EXPECT_TRUE(scan_with(*loaded, "anything").empty());
}

TEST(PhraseCatalog, RejectedRegexIsAConfigErrorWithFileAndLine) {
    TempPhrases tmp;
    tmp.write("urgency.en.txt", "# format: regex\nfine\n(unclosed\n");
    auto loaded = PhraseCatalog::load(tmp.dir());
    ASSERT_FALSE(loaded.has_value());
    EXPECT_EQ(loaded.error().code, ErrorCode::Config);
    EXPECT_NE(loaded.error().context.find("urgency.en.txt:3"), std::string::npos) << loaded.error().context;
}

TEST(PhraseCatalog, RegexMatchingTheEmptyStringIsRejected) {
    TempPhrases tmp;
    tmp.write("urgency.en.txt", "# format: regex\na*\n");
    auto loaded = PhraseCatalog::load(tmp.dir());
    ASSERT_FALSE(loaded.has_value());
    EXPECT_NE(loaded.error().context.find("urgency.en.txt:2"), std::string::npos);
}

TEST(PhraseCatalog, InvalidUtf8IsAConfigErrorWithFileAndLine) {
    TempPhrases tmp;
    tmp.write("urgency.ja.txt", "# comment\n至急\n\x82\xa0\n");
    auto loaded = PhraseCatalog::load(tmp.dir());
    ASSERT_FALSE(loaded.has_value());
    EXPECT_EQ(loaded.error().code, ErrorCode::Config);
    EXPECT_NE(loaded.error().context.find("urgency.ja.txt:3"), std::string::npos);
    EXPECT_NE(loaded.error().message.find("UTF-8"), std::string::npos);
}

// The fixture tags.toml, which restricts the pretext and scam tags.
std::string fixture_tags() {
    std::ifstream in(mikiwame::content::testing::fixture_phrases_dir() / "tags.toml", std::ios::binary);
    std::ostringstream buffer; // not istreambuf_iterator: g++ 12 warns -Wnull-dereference in it
    buffer << in.rdbuf();
    return std::move(buffer).str();
}

TEST(PhraseCatalog, UnknownPretextTagIsAConfigError) {
    TempPhrases tmp;
    tmp.write("tags.toml", fixture_tags());
    tmp.write("pretext.en.txt", "mailbox is full\tmailbox_overflow\n");
    auto loaded = PhraseCatalog::load(tmp.dir());
    ASSERT_FALSE(loaded.has_value());
    EXPECT_NE(loaded.error().message.find("mailbox_overflow"), std::string::npos);
    EXPECT_NE(loaded.error().context.find("pretext.en.txt:1"), std::string::npos);
}

TEST(PhraseCatalog, ScamLinesNeedAKnownKind) {
    TempPhrases untagged;
    untagged.write("tags.toml", fixture_tags());
    untagged.write("scam.en.txt", "# comment\nnext of kin\n");
    auto loaded = PhraseCatalog::load(untagged.dir());
    ASSERT_FALSE(loaded.has_value());
    EXPECT_NE(loaded.error().message.find("advance_fee"), std::string::npos) << "the error lists the kinds";
    EXPECT_NE(loaded.error().context.find("scam.en.txt:2"), std::string::npos);

    TempPhrases unknown;
    unknown.write("tags.toml", fixture_tags());
    unknown.write("scam.en.txt", "next of kin\tnigerian\n");
    EXPECT_FALSE(PhraseCatalog::load(unknown.dir()).has_value());

    TempPhrases good;
    good.write("tags.toml", fixture_tags());
    good.write("scam.en.txt", "next of kin\tadvance_fee\n");
    EXPECT_TRUE(PhraseCatalog::load(good.dir()).has_value());
}

TEST(PhraseCatalog, TagsAreFreeWithoutTagsToml) {
    TempPhrases tmp;
    tmp.write("scam.en.txt", "next of kin\n");
    auto loaded = PhraseCatalog::load(tmp.dir());
    ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
    EXPECT_TRUE(loaded->allowed_tags("scam").empty());
}

TEST(PhraseCatalog, LiteralMetacharactersAreEscaped) {
    TempPhrases tmp;
    tmp.write("spam_subject_tags.txt", "[spam]\n***SPAM***\n(a+b)?\n");
    auto loaded = PhraseCatalog::load(tmp.dir());
    ASSERT_TRUE(loaded.has_value()) << loaded.error().context << ": " << loaded.error().message;
    EXPECT_EQ(scan_with(*loaded, "[SPAM] hello ***spam*** (a+b)?").size(), 3u);
    EXPECT_TRUE(scan_with(*loaded, "s p a m aab").empty());
}

TEST(PhraseCatalog, CrlfFilesBomAndTrailingSpacesAreTolerated) {
    TempPhrases tmp;
    tmp.write("urgency.en.txt", "\xEF\xBB\xBF# header\r\nact now  \r\n\r\n");
    auto loaded = PhraseCatalog::load(tmp.dir());
    ASSERT_TRUE(loaded.has_value());
    ASSERT_EQ(loaded->patterns().size(), 1u);
    EXPECT_EQ(loaded->patterns()[0].phrase, "act now");
    EXPECT_EQ(loaded->patterns()[0].line, 2u);
}

TEST(PhraseCatalog, ConcurrentScansAgree) {
    const std::string text = normalize_for_scan("至急: メールボックスの容量が不足。verify your account immediately");
    const auto want = scan(text).size();
    ASSERT_GT(want, 0u);
    std::vector<std::thread> threads;
    std::vector<std::size_t> got(4);
    for (std::size_t t = 0; t < got.size(); ++t)
        threads.emplace_back([&, t] {
            std::size_t last = 0;
            for (int i = 0; i < 200; ++i) last = scan(text).size();
            got[t] = last;
        });
    for (auto& th : threads) th.join();
    for (auto g : got) EXPECT_EQ(g, want);
}

// Throughput sanity, not a benchmark (STYLE habit 10): a 4 MiB mixed text is scanned once
// and yields exactly the planted matches. Timing is measured in bench/, never asserted here.
TEST(PhraseCatalog, ScansMegabytesOfTextInOnePass) {
    std::string filler = "いつもお世話になっております。The quick brown fox jumps over the lazy dog. ";
    std::string text;
    while (text.size() < 4u * 1024 * 1024) text += filler;
    text += "至急";
    auto matches = scan(normalize_for_scan(text));
    ASSERT_EQ(matches.size(), 1u);
    EXPECT_EQ(matches[0].pattern->phrase, "至急");
}

} // namespace

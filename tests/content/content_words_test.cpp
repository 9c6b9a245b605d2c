// SPDX-License-Identifier: Apache-2.0
// ContentWords: words.<lang>.toml loading, merging across languages, and its errors.
#include "content/content_words.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "content_test_support.h"

namespace {

using mikiwame::ErrorCode;
using mikiwame::content::ContentWords;
namespace fs = std::filesystem;

// A scratch directory of words files, removed afterwards.
class TempWords {
public:
    TempWords() {
        dir_ = fs::temp_directory_path() / ("mikiwame-words-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    ~TempWords() {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    void write(const std::string& name, const std::string& content) const { std::ofstream(dir_ / name, std::ios::binary) << content; }
    const fs::path& dir() const { return dir_; }

private:
    fs::path dir_;
};

TEST(ContentWords, MergesEveryLanguage) {
    const ContentWords& words = mikiwame::content::testing::fixture_catalog().words();
    EXPECT_EQ(words.languages(), (std::vector<std::string>{"de", "en", "ja", "nl", "pt"}));
    EXPECT_EQ(words.month_of("march"), 3);
    EXPECT_EQ(words.month_of("märz"), 3);
    EXPECT_EQ(words.month_of("maart"), 3);
    EXPECT_EQ(words.month_of("monday"), 0);
    EXPECT_EQ(words.unit_hours("dagen"), 24);
    EXPECT_TRUE(words.is_day_first("pt"));
    EXPECT_FALSE(words.is_day_first("en"));
    EXPECT_FALSE(words.is_day_first(""));
    ASSERT_FALSE(words.eras().empty());
    EXPECT_EQ(words.eras().front().name, "令和");
    // Longer leads first: "within the next 24 hours" starts at "within".
    const auto& leads = words.relative_leads();
    auto at = [&](const std::string& w) { return std::find(leads.begin(), leads.end(), w) - leads.begin(); };
    EXPECT_LT(at("within the next"), at("next"));
}

TEST(ContentWords, NoFilesNoWords) {
    auto words = ContentWords::load("/nonexistent/phrases");
    ASSERT_TRUE(words) << words.error().message;
    EXPECT_TRUE(words->languages().empty());
    EXPECT_EQ(words->month_of("january"), 0);
}

TEST(ContentWords, ALanguageIsOneFile) {
    TempWords tmp;
    tmp.write("words.fr.toml", "language = \"fr\"\nnumeric_dates = \"day-month\"\nstop_words = [\"le\", \"la\", \"vous\"]\n"
                               "[months]\n\"janvier\" = 1\n\"décembre\" = 12\n[deadline]\nbefore = [\"avant\"]\n");
    auto words = ContentWords::load(tmp.dir());
    ASSERT_TRUE(words) << words.error().context << ": " << words.error().message;
    EXPECT_EQ(words->month_of("décembre"), 12);
    EXPECT_TRUE(words->is_day_first("fr"));
    ASSERT_EQ(words->stop_words().size(), 1u);
    EXPECT_EQ(words->stop_words()[0].language, "fr");
    EXPECT_EQ(words->cues_before(), std::vector<std::string>{"avant"});
}

TEST(ContentWords, ErrorsNameFileLineAndKey) {
    struct Row {
        const char* label;
        std::string file;
        std::string text;
        std::string want_message;
    };
    const Row rows[] = {
        {"language differs from the file name", "words.de.toml", "language = \"en\"\n", "as the file name says"},
        {"unknown key", "words.en.toml", "language = \"en\"\nstopwords = []\n", "unknown key 'stopwords'"},
        {"unknown deadline key", "words.en.toml", "language = \"en\"\n[deadline]\nbefor = []\n", "unknown key 'deadline.befor'"},
        {"month out of range", "words.en.toml", "language = \"en\"\n[months]\nsmarch = 13\n", "months.smarch"},
        {"bad day word", "words.en.toml", "language = \"en\"\n[deadline]\nday_words = [{ word = \"today\" }]\n", "day_words"},
        {"bad numeric_dates", "words.en.toml", "language = \"en\"\nnumeric_dates = \"year-first\"\n", "numeric_dates"},
    };
    for (const auto& r : rows) {
        TempWords tmp;
        tmp.write(r.file, r.text);
        auto words = ContentWords::load(tmp.dir());
        ASSERT_FALSE(words) << r.label;
        EXPECT_EQ(words.error().code, ErrorCode::Config) << r.label;
        EXPECT_NE(words.error().message.find(r.want_message), std::string::npos) << r.label << ": " << words.error().message;
        EXPECT_NE(words.error().context.find(r.file), std::string::npos) << r.label << ": " << words.error().context;
    }
}

TEST(ContentWords, OneMonthWordHasOneNumber) {
    TempWords tmp;
    tmp.write("words.en.toml", "language = \"en\"\n[months]\nmar = 3\n");
    tmp.write("words.xx.toml", "language = \"xx\"\n[months]\nmar = 4\n");
    auto words = ContentWords::load(tmp.dir());
    ASSERT_FALSE(words);
    EXPECT_NE(words.error().message.find("already 3"), std::string::npos) << words.error().message;
}

} // namespace

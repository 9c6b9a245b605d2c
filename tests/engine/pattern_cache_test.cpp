// SPDX-License-Identifier: Apache-2.0
// The engine with a pattern-database cache (EngineOptions::cache_dir): a cold load fills it, a
// warm load uses it, a stale or damaged cache is compiled again — and in every case each
// finding case of tests/cases is judged exactly as by an engine that compiles everything.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "mikiwame/engine.h"
#include "support/corpus.h"

namespace mikiwame {
namespace {

namespace fs = std::filesystem;

// Every .eml of the finding cases and the web fixtures: phishing, genuine and hostile mail.
std::vector<std::string> sample_mails() {
    std::vector<std::string> mails;
    for (const char* dir : {"tests/cases", "tests/web/fixtures", "tests/fixtures/messages"})
        for (const auto& file : testing::files_under(fs::path(MIKIWAME_SOURCE_DIR) / dir)) mails.push_back(testing::read_file(file));
    return mails;
}

// The JSON report of every sample, the build's identity left as is (same build for both).
std::vector<std::string> judge_all(const Engine& engine, const std::vector<std::string>& mails) {
    std::vector<std::string> out;
    AnalysisContext context;
    for (const auto& raw : mails) {
        AnalyzeRequest request;
        request.raw = raw;
        auto report = engine.analyze(request, context);
        out.push_back(report ? engine.renderer().render(*report, ReportFormat::Json, "en") : "error: " + report.error().message);
    }
    return out;
}

class PatternCache : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        mails_ = new std::vector<std::string>(sample_mails());
        auto reference = Engine::load({});
        ASSERT_TRUE(reference) << reference.error().message;
        EXPECT_EQ((*reference)->cache_counts().hits + (*reference)->cache_counts().misses, 0u) << "no cache_dir, no cache";
        expected_ = new std::vector<std::string>(judge_all(**reference, *mails_));
    }
    static void TearDownTestSuite() {
        delete mails_;
        delete expected_;
    }
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("mikiwame-pattern-cache-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::shared_ptr<const Engine> load(const fs::path& data = {}) {
        EngineOptions options;
        options.cache_dir = dir_;
        options.data_dir = data;
        auto engine = Engine::load(options);
        EXPECT_TRUE(engine) << engine.error().message;
        return engine ? *engine : nullptr;
    }

    static std::vector<std::string>* mails_;
    static std::vector<std::string>* expected_;
    fs::path dir_;
};

std::vector<std::string>* PatternCache::mails_ = nullptr;
std::vector<std::string>* PatternCache::expected_ = nullptr;

TEST_F(PatternCache, ColdThenWarmJudgeAsWithoutACache) {
    ASSERT_GT(mails_->size(), 50u);
    auto cold = load();
    ASSERT_TRUE(cold);
    EXPECT_EQ(cold->cache_counts().misses, 3u) << "brand names, brand link words, phrases";
    EXPECT_EQ(cold->cache_counts().hits, 0u);
    EXPECT_EQ(judge_all(*cold, *mails_), *expected_);
    auto warm = load();
    ASSERT_TRUE(warm);
    EXPECT_EQ(warm->cache_counts().hits, 3u);
    EXPECT_EQ(warm->cache_counts().misses + warm->cache_counts().stale + warm->cache_counts().rejected, 0u);
    EXPECT_EQ(judge_all(*warm, *mails_), *expected_);
}

TEST_F(PatternCache, DamagedEntriesAreCompiledAgain) {
    ASSERT_TRUE(load());
    std::size_t damaged = 0;
    for (const auto& entry : fs::directory_iterator(dir_)) {
        std::string bytes = testing::read_file(entry.path());
        ASSERT_GT(bytes.size(), 100u);
        bytes[bytes.size() / 2] ^= 0x20;
        std::ofstream(entry.path(), std::ios::binary | std::ios::trunc) << bytes;
        ++damaged;
    }
    ASSERT_EQ(damaged, 3u);
    auto engine = load();
    ASSERT_TRUE(engine);
    EXPECT_EQ(engine->cache_counts().rejected, 3u);
    EXPECT_EQ(engine->cache_counts().hits, 0u);
    EXPECT_EQ(judge_all(*engine, *mails_), *expected_);
    EXPECT_EQ(load()->cache_counts().hits, 3u) << "the damaged entries were replaced";
}

TEST_F(PatternCache, MissingEntriesAreCompiled) {
    ASSERT_TRUE(load());
    fs::remove(dir_ / "phrases.hsdb");
    auto engine = load();
    ASSERT_TRUE(engine);
    EXPECT_EQ(engine->cache_counts().hits, 2u);
    EXPECT_EQ(engine->cache_counts().misses, 1u);
    EXPECT_EQ(judge_all(*engine, *mails_), *expected_);
}

// Data that changed after the cache was written: the entry is stale, the new data's patterns
// are compiled and used (a phrase added to a copy of the data is found).
TEST_F(PatternCache, ChangedDataMakesEntriesStale) {
    ASSERT_TRUE(load());
    const fs::path data = dir_.string() + "-data";
    fs::remove_all(data);
    fs::copy(fs::path(MIKIWAME_SOURCE_DIR) / "data", data, fs::copy_options::recursive);
    std::ofstream(data / "brands" / "zzcachetest.toml") << "id = \"zzcachetest\"\ncategory = \"retail\"\nhome_country = \"JP\"\n\n"
                                                           "[names]\nen = [\"Zorvantix\"]\n\n[match]\ntokens = [\"zorvantix\"]\n\n"
                                                           "[domains]\nofficial = [\"zorvantix.example\"]\n";
    auto changed = load(data);
    ASSERT_TRUE(changed);
    EXPECT_EQ(changed->cache_counts().stale, 2u) << "both brand databases hold the new brand";
    EXPECT_EQ(changed->cache_counts().hits, 1u) << "the phrases did not change";
    const std::string mail = "From: \"Zorvantix Support\" <help@mailer.example.net>\r\nTo: a@example.org\r\n"
                             "Subject: Zorvantix account\r\nMessage-ID: <1@example.net>\r\n\r\nPlease log in to your Zorvantix account.\r\n";
    auto report = changed->analyze(mail);
    ASSERT_TRUE(report);
    ASSERT_FALSE(report->brands.empty());
    EXPECT_EQ(report->brands.front().id, "zzcachetest");
    fs::remove_all(data);
}

} // namespace
} // namespace mikiwame

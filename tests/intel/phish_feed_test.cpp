// SPDX-License-Identifier: Apache-2.0
#include "intel/phish_feed.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/corpus.h"

namespace mikiwame::intel {
namespace {

namespace fs = std::filesystem;

class PhishFeed : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("mikiwame-intel-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    fs::path dir_;
};

TEST(FeedKey, NormalisesUrlsAndDomains) {
    FeedKey k = parse_feed_key("HTTPS://User@Sub.Example.CO.JP:8443/path?q=1");
    EXPECT_EQ(k.host, "sub.example.co.jp");
    EXPECT_EQ(k.registrable_domain, "example.co.jp");
    EXPECT_EQ(k.url, "https://sub.example.co.jp/path?q=1");
    EXPECT_EQ(parse_feed_key("bad.example.com").host, "bad.example.com");
    EXPECT_EQ(parse_feed_key("http://198.51.100.7/x").host, "198.51.100.7");
    EXPECT_TRUE(parse_feed_key("not a url").host.empty());
}

TEST_F(PhishFeed, ImportsJpcertCsvAndPlainListsIdempotently) {
    std::ofstream(dir_ / "feed.csv") << "date,URL,description\n"
                                        "2025/08/01 10:21:00,https://login.bad-bank.example/index.html,\"Bank, Inc.\"\n"
                                        "2025/08/01 10:22:00,https://whole-site.example/,Card\n"
                                        "2025/08/01 10:23:00,,broken\n";
    std::ofstream(dir_ / "list.txt") << "# my list\nhttps://other.example/phish\nplain-domain.example\n\n!!!\n";
    auto db = PhishDatabase::open(dir_ / "intel.sqlite", true);
    ASSERT_TRUE(db) << db.error().message;
    auto first = db->import_file(dir_ / "feed.csv");
    ASSERT_TRUE(first);
    EXPECT_EQ(first->read, 3u);
    EXPECT_EQ(first->inserted, 2u);
    ASSERT_EQ(first->rejected_lines.size(), 1u);
    EXPECT_EQ(first->rejected_lines[0], 4u);
    auto list = db->import_file(dir_ / "list.txt");
    ASSERT_TRUE(list);
    EXPECT_EQ(list->inserted, 2u);
    EXPECT_EQ(list->rejected_lines, std::vector<std::size_t>{5});
    auto again = db->import_file(dir_ / "feed.csv");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->inserted, 0u);
    EXPECT_EQ(again->duplicates, 2u);
    EXPECT_EQ(db->count(), 4u);

    auto exact = db->lookup("https://login.bad-bank.example/index.html");
    ASSERT_FALSE(exact.empty());
    EXPECT_EQ(exact[0].match, MatchKind::ExactUrl);
    EXPECT_EQ(exact[0].description, "Bank, Inc.");
    EXPECT_EQ(exact[0].source, "feed.csv");
    auto host = db->lookup("https://login.bad-bank.example/other");
    ASSERT_FALSE(host.empty());
    EXPECT_EQ(host[0].match, MatchKind::Host);
    auto domain = db->lookup("https://deep.sub.whole-site.example/x");
    ASSERT_FALSE(domain.empty());
    EXPECT_EQ(domain[0].match, MatchKind::RegistrableDomain);
    // A listed page on one host says nothing about its neighbours under the same domain.
    EXPECT_TRUE(db->lookup("https://www.bad-bank.example/").empty());
    EXPECT_FALSE(db->lookup("https://plain-domain.example/any").empty());
    EXPECT_TRUE(db->lookup("https://innocent.example/").empty());
}

TEST_F(PhishFeed, ImportsTheJpcertFeedsOfTheCorpus) {
    MIKIWAME_SKIP_WITHOUT_CORPUS();
    auto db = PhishDatabase::open(dir_ / "intel.sqlite", true);
    ASSERT_TRUE(db);
    std::size_t loaded = 0;
    for (const auto& csv : testing::files_under(testing::corpus_dir() / "intel", ".csv")) {
        auto stats = db->import_file(csv);
        ASSERT_TRUE(stats) << csv;
        EXPECT_TRUE(stats->rejected_lines.empty()) << csv;
        loaded += stats->inserted;
        std::printf("%s: %zu read, %zu loaded, %zu duplicates\n", csv.filename().c_str(), stats->read, stats->inserted, stats->duplicates);
    }
    EXPECT_GT(loaded, 5000u);
    EXPECT_EQ(db->count(), loaded);
    auto hit = db->lookup("https://info-monex.kr004.com/support/");
    ASSERT_FALSE(hit.empty());
    EXPECT_EQ(hit[0].description, "マネックス証券");
    for (const auto& csv : testing::files_under(testing::corpus_dir() / "intel", ".csv")) {
        auto stats = db->import_file(csv);
        ASSERT_TRUE(stats);
        EXPECT_EQ(stats->inserted, 0u);
    }
    EXPECT_EQ(db->count(), loaded);
}

TEST_F(PhishFeed, ReadOnlyOpenOfAMissingFileIsAnError) {
    EXPECT_FALSE(PhishDatabase::open(dir_ / "missing.sqlite", false));
}

} // namespace
} // namespace mikiwame::intel

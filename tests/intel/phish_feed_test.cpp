// SPDX-License-Identifier: Apache-2.0
// Tests of the phishing-URL store: feed parsing, import statistics, idempotence, the three match
// kinds and their strength, and the JPCERT/CC files of the shared corpus. Every test works on its
// own temporary SQLite file, since the file is a real component here.
#include "intel/phish_feed.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>
#include <unistd.h>

#include "support/corpus.h"

namespace mikiwame::intel {
namespace {

namespace fs = std::filesystem;

const fs::path kFixtures = fs::path(MIKIWAME_SOURCE_DIR) / "tests/fixtures/intel";

class PhishFeed : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("mikiwame-intel-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    PhishDatabase open_db() {
        auto db = PhishDatabase::open(dir_ / "intel.sqlite");
        EXPECT_TRUE(db) << db.error().message;
        return std::move(db.value());
    }
    fs::path dir_;
};

struct KeyCase {
    const char* label;
    const char* text;
    const char* url;
    const char* host;
    const char* registrable_domain;
};

TEST(FeedKey, NormalisesUrlsAndDomains) {
    const KeyCase cases[] = {
        {"case, userinfo and default port", "HTTPS://User@Sub.Example.CO.JP:443/path?q=1", "https://sub.example.co.jp/path?q=1",
         "sub.example.co.jp", "example.co.jp"},
        {"other port kept", "http://a.example.com:8080/x", "http://a.example.com:8080/x", "a.example.com", "example.com"},
        {"empty path", "https://a.example.com", "https://a.example.com/", "a.example.com", "example.com"},
        {"query without path", "https://a.example.com?x=1", "https://a.example.com/?x=1", "a.example.com", "example.com"},
        {"fragment dropped", "https://a.example.com/p#frag", "https://a.example.com/p", "a.example.com", "example.com"},
        {"backslash as slash", "https://a.example.com\\p\\q?r=\\s", "https://a.example.com/p/q?r=\\s", "a.example.com",
         "example.com"},
        {"brand before @", "https://brand.example.jp@evil.example.com/", "https://evil.example.com/", "evil.example.com",
         "example.com"},
        {"bare domain", "bad.example.com", "", "bad.example.com", "example.com"},
        {"defanged", "hxxps://bad[.]example[.]com/x", "https://bad.example.com/x", "bad.example.com", "example.com"},
        {"IPv4", "http://198.51.100.7/x", "http://198.51.100.7/x", "198.51.100.7", "198.51.100.7"},
        {"IPv6", "http://[2001:DB8::1]:8080/", "http://[2001:db8::1]:8080/", "2001:db8::1", "2001:db8::1"},
        {"IDN", "https://例え.テスト.jp/", "https://xn--r8jz45g.xn--zckzah.jp/", "xn--r8jz45g.xn--zckzah.jp",
         "xn--zckzah.jp"},
        {"not a URL", "not a url", "", "", ""},
        {"single label", "https://intranet/", "", "", ""},
        {"mail address", "victim@mail.example.com", "", "", ""},
        {"bad port", "https://a.example.com:x/", "", "", ""},
    };
    for (const auto& c : cases) {
        FeedKey k = parse_feed_key(c.text);
        EXPECT_EQ(k.url, c.url) << c.label;
        EXPECT_EQ(k.host, c.host) << c.label;
        EXPECT_EQ(k.registrable_domain, c.registrable_domain) << c.label;
    }
}

TEST(FeedReader, DetectsTheJpcertHeaderOnlyOnTheFirstLine) {
    FeedReader csv;
    FeedRecord r;
    EXPECT_EQ(csv.read_line("\xEF\xBB\xBF" "date,URL,description\r", r), FeedReader::LineKind::Skipped);
    EXPECT_TRUE(csv.is_jpcert_csv());
    ASSERT_EQ(csv.read_line("2025/08/01 10:21:00,https://bad-example.com/,\"A, B\"\r", r), FeedReader::LineKind::Entry);
    EXPECT_EQ(r.listed_at, "2025/08/01 10:21:00");
    EXPECT_EQ(r.description, "A, B");
    EXPECT_TRUE(r.whole_domain);

    FeedReader plain;
    EXPECT_EQ(plain.read_line("https://bad.example.com/login", r), FeedReader::LineKind::Entry);
    EXPECT_FALSE(plain.is_jpcert_csv());
    EXPECT_FALSE(r.whole_domain);
    EXPECT_EQ(plain.read_line("date,URL,description", r), FeedReader::LineKind::Rejected);
    EXPECT_EQ(plain.line_number(), 2u);
}

TEST_F(PhishFeed, ImportsAJpcertCsvCountingRejectedLinesByNumber) {
    PhishDatabase db = open_db();
    auto stats = db.import_file(kFixtures / "feed-jpcert.csv");
    ASSERT_TRUE(stats) << stats.error().message;
    EXPECT_EQ(stats->read, 9u);
    EXPECT_EQ(stats->inserted, 5u);
    EXPECT_EQ(stats->duplicates, 1u); // the same URL twice in one file
    EXPECT_EQ(stats->rejected_lines, (std::vector<std::size_t>{4, 5, 8}));
    EXPECT_EQ(db.count(), 5u);

    auto comma = db.lookup("https://tenant.example.net/a,b/index.html");
    ASSERT_FALSE(comma.empty());
    EXPECT_EQ(comma[0].match, MatchKind::ExactUrl);
    EXPECT_EQ(comma[0].description, "comma in URL");
    // Case in scheme and host, the default port and the fragment do not hide a listed URL.
    auto mixed = db.lookup("https://mixed.case.example/Path?Q=1#other");
    ASSERT_FALSE(mixed.empty());
    EXPECT_EQ(mixed[0].match, MatchKind::ExactUrl);
    // ... but the path and query are compared as written.
    EXPECT_EQ(db.lookup("https://mixed.case.example/path?q=1")[0].match, MatchKind::Host);
}

TEST_F(PhishFeed, ImportsAPlainListWithCommentsHostsLinesAndDefangedUrls) {
    PhishDatabase db = open_db();
    auto stats = db.import_file(kFixtures / "plain-list.txt");
    ASSERT_TRUE(stats) << stats.error().message;
    EXPECT_EQ(stats->read, 8u);
    EXPECT_EQ(stats->inserted, 6u);
    EXPECT_EQ(stats->rejected_lines, (std::vector<std::size_t>{8, 9}));
    for (const char* url : {"https://other.example/phish/login.php", "https://www.plain-domain.example/",
                            "https://sub.host-only.example/anything", "http://hosts-format.example/",
                            "https://defanged.example/x", "http://198.51.100.7/"}) {
        auto hits = db.lookup(url);
        ASSERT_FALSE(hits.empty()) << url;
        EXPECT_EQ(hits[0].source, "plain-list.txt") << url;
        // A plain list has no dates; the file's own date stands in (ISO 8601, UTC).
        EXPECT_EQ(hits[0].listed_at.size(), 20u) << url;
    }
    // A listed host is not its parent domain or its siblings.
    EXPECT_TRUE(db.lookup("https://host-only.example/").empty());
    EXPECT_TRUE(db.lookup("https://www.host-only.example/").empty());
}

TEST_F(PhishFeed, TellsWhichKeyMatchedAndHowStrongly) {
    PhishDatabase db = open_db();
    ASSERT_TRUE(db.import_file(kFixtures / "feed-jpcert.csv"));

    auto exact = db.lookup("https://login.bad-bank.example/index.html", "login.bad-bank.example", "bad-bank.example");
    ASSERT_EQ(exact.size(), 1u);
    EXPECT_EQ(exact[0].match, MatchKind::ExactUrl);
    EXPECT_STREQ(match_kind_id(exact[0].match), "exact_url");
    EXPECT_EQ(exact[0].description, "Bank, Inc.");
    EXPECT_EQ(exact[0].source, "feed-jpcert.csv");
    EXPECT_EQ(exact[0].listed_at, "2025/08/01 10:21:00");
    EXPECT_FALSE(exact[0].weak);

    auto host = db.lookup("https://login.bad-bank.example/other", "LOGIN.bad-bank.example.", "");
    ASSERT_EQ(host.size(), 1u);
    EXPECT_EQ(host[0].match, MatchKind::Host);
    EXPECT_FALSE(host[0].weak);

    // The feed listed the site's root: the whole registrable domain is the phisher's.
    auto whole = db.lookup("https://deep.sub.whole-site.example/x", "", "");
    ASSERT_EQ(whole.size(), 1u);
    EXPECT_EQ(whole[0].match, MatchKind::RegistrableDomain);
    EXPECT_TRUE(whole[0].whole_domain_listed);
    EXPECT_FALSE(whole[0].weak);

    // A page on one host says little about a neighbour under the same registrable domain (a
    // compromised site, or shared hosting the public-suffix list does not know): weak.
    auto neighbour = db.lookup("https://www.bad-bank.example/", "www.bad-bank.example", "bad-bank.example");
    ASSERT_EQ(neighbour.size(), 1u);
    EXPECT_EQ(neighbour[0].match, MatchKind::RegistrableDomain);
    EXPECT_TRUE(neighbour[0].weak);
    EXPECT_TRUE(db.lookup("https://www.bad-bank.example/").empty()) << "the one-argument lookup keeps strong matches only";

    // Host and domain alone, as a caller with its own URL parser passes them.
    EXPECT_EQ(db.lookup("", "login.bad-bank.example", "bad-bank.example")[0].match, MatchKind::Host);
    EXPECT_TRUE(db.lookup("https://innocent.example/", "innocent.example", "innocent.example").empty());
    EXPECT_TRUE(db.lookup("", "", "").empty());
}

TEST_F(PhishFeed, AHostMatchOnAShortenerIsWeakOnceTheSharedHostsAreKnown) {
    PhishDatabase db = open_db();
    ASSERT_TRUE(db.import_file(kFixtures / "feed-jpcert.csv"));
    EXPECT_FALSE(db.lookup("https://t.co/Different")[0].weak) << "without the list, a host is a host";
    db.set_shared_hosts({"t.co", "docs.google.com"});
    auto other = db.lookup("https://t.co/Different", "t.co", "t.co");
    ASSERT_EQ(other.size(), 1u);
    EXPECT_EQ(other[0].match, MatchKind::Host);
    EXPECT_TRUE(other[0].weak);
    EXPECT_TRUE(db.lookup("https://t.co/Different").empty());
    auto same = db.lookup("https://t.co/AbCdEf123");
    ASSERT_EQ(same.size(), 1u);
    EXPECT_EQ(same[0].match, MatchKind::ExactUrl);
}

TEST_F(PhishFeed, ImportingTheSameFileTwiceAddsNothing) {
    PhishDatabase db = open_db();
    ASSERT_TRUE(db.import_file(kFixtures / "feed-jpcert.csv"));
    ASSERT_TRUE(db.import_file(kFixtures / "plain-list.txt"));
    std::size_t before = db.count();
    auto again = db.import_file(kFixtures / "feed-jpcert.csv");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->inserted, 0u);
    EXPECT_EQ(again->duplicates, 6u);
    EXPECT_EQ(db.count(), before);
    // The same file seen through a new handle (another `mikiwame intel import` run).
    auto reopened = PhishDatabase::open(dir_ / "intel.sqlite");
    ASSERT_TRUE(reopened);
    ASSERT_TRUE(reopened->import_file(kFixtures / "plain-list.txt"));
    EXPECT_EQ(reopened->count(), before);
}

TEST_F(PhishFeed, ReportsEnvironmentErrorsWithThePath) {
    PhishDatabase db = open_db();
    auto missing = db.import_file(dir_ / "no-such-feed.csv");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::CannotOpen);
    EXPECT_EQ(missing.error().context, (dir_ / "no-such-feed.csv").string());
    auto directory = db.import_file(dir_);
    ASSERT_FALSE(directory);
    EXPECT_EQ(directory.error().code, ErrorCode::CannotOpen);

    auto read_only_missing = PhishDatabase::open(dir_ / "missing.sqlite", false);
    ASSERT_FALSE(read_only_missing);
    EXPECT_EQ(read_only_missing.error().context, (dir_ / "missing.sqlite").string());
    // A file that is not our database is a configuration mistake, reported at open.
    auto not_db = PhishDatabase::open(kFixtures / "plain-list.txt", false);
    ASSERT_FALSE(not_db);
    EXPECT_EQ(not_db.error().code, ErrorCode::Config);
    std::ofstream(dir_ / "garbage.sqlite") << "this is not SQLite, but long enough to look like a header to it....";
    auto garbage = PhishDatabase::open(dir_ / "garbage.sqlite");
    ASSERT_FALSE(garbage);
    EXPECT_EQ(garbage.error().code, ErrorCode::Config);
    // The parent "directory" is a file: nothing can be created there.
    auto blocked = PhishDatabase::open(kFixtures / "plain-list.txt" / "intel.sqlite");
    ASSERT_FALSE(blocked);
    EXPECT_EQ(blocked.error().code, ErrorCode::CannotOpen);
}

TEST_F(PhishFeed, AReadOnlyHandleServesLookupsFromSeveralThreads) {
    {
        PhishDatabase db = open_db();
        ASSERT_TRUE(db.import_file(kFixtures / "feed-jpcert.csv"));
    }
    auto db = PhishDatabase::open(dir_ / "intel.sqlite", false);
    ASSERT_TRUE(db);
    std::vector<std::thread> threads;
    std::vector<int> hits(4, 0);
    for (std::size_t t = 0; t < hits.size(); ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 200; ++i) hits[t] += db->lookup("https://login.bad-bank.example/index.html").empty() ? 0 : 1;
        });
    }
    for (auto& t : threads) t.join();
    for (int h : hits) EXPECT_EQ(h, 200);
}

TEST_F(PhishFeed, OneReaderPerThreadAnswersAsTheDatabaseDoes) {
    {
        PhishDatabase db = open_db();
        ASSERT_TRUE(db.import_file(kFixtures / "feed-jpcert.csv"));
    }
    auto db = PhishDatabase::open(dir_ / "intel.sqlite", false);
    ASSERT_TRUE(db);
    const std::string listed = "https://login.bad-bank.example/index.html";
    const std::size_t want = db->lookup(listed).size();
    ASSERT_GT(want, 0u);
    std::vector<std::thread> threads;
    std::vector<int> agree(4, 0);
    for (std::size_t t = 0; t < agree.size(); ++t) {
        threads.emplace_back([&, t] {
            auto reader = PhishReader::open(dir_ / "intel.sqlite", {});
            if (!reader) return;
            for (int i = 0; i < 200; ++i) {
                auto hits = reader->lookup_strong(listed);
                auto none = reader->lookup_strong("https://innocent.example/");
                if (hits && hits->size() == want && none && none->empty()) ++agree[t];
            }
        });
    }
    for (auto& t : threads) t.join();
    for (int a : agree) EXPECT_EQ(a, 200);
    auto not_db = PhishReader::open(kFixtures / "plain-list.txt", {});
    ASSERT_FALSE(not_db);
    EXPECT_EQ(not_db.error().code, ErrorCode::Config);
}

TEST_F(PhishFeed, ImportsTheJpcertFeedsOfTheCorpus) {
    MIKIWAME_SKIP_WITHOUT_CORPUS();
    const fs::path intel = testing::corpus_dir() / "intel";
    auto feeds = testing::files_under(intel, ".csv");
    if (feeds.empty()) GTEST_SKIP() << "no JPCERT/CC feeds in " << intel << "; skipping";
    PhishDatabase db = open_db();
    std::size_t loaded = 0;
    for (const auto& csv : feeds) {
        auto stats = db.import_file(csv);
        ASSERT_TRUE(stats) << csv;
        EXPECT_TRUE(stats->rejected_lines.empty()) << csv << ": first rejected line " << stats->rejected_lines.front();
        EXPECT_EQ(stats->read, stats->inserted + stats->duplicates + stats->rejected_lines.size()) << csv;
        loaded += stats->inserted;
        std::printf("intel corpus: %s: %zu read, %zu loaded, %zu repeated in the file, %zu rejected\n",
                    csv.filename().c_str(), stats->read, stats->inserted, stats->duplicates, stats->rejected_lines.size());
    }
    std::printf("intel corpus: %zu entries in the database\n", db.count());
    EXPECT_GT(loaded, 5000u);
    EXPECT_EQ(db.count(), loaded);

    // Lines of the August file, looked up by each key.
    auto exact = db.lookup("https://info-monex.kr004.com/support/");
    ASSERT_FALSE(exact.empty());
    EXPECT_EQ(exact[0].match, MatchKind::ExactUrl);
    EXPECT_EQ(exact[0].description, "マネックス証券");
    EXPECT_EQ(exact[0].source, "jpcert-phishurl-202508.csv");
    EXPECT_EQ(exact[0].listed_at, "2025/08/01 10:25:00");
    auto host = db.lookup("https://info-monex.kr004.com/other/page.html");
    ASSERT_FALSE(host.empty());
    EXPECT_EQ(host[0].match, MatchKind::Host);
    // The September file lists https://jbaeszfj.com/ itself: the whole domain.
    auto domain = db.lookup("https://login.jbaeszfj.com/ib/");
    ASSERT_FALSE(domain.empty());
    EXPECT_EQ(domain[0].match, MatchKind::RegistrableDomain);
    EXPECT_FALSE(domain[0].weak);
    auto weak = db.lookup("https://elsewhere.kr004.com/", "elsewhere.kr004.com", "kr004.com");
    ASSERT_FALSE(weak.empty());
    EXPECT_TRUE(weak[0].weak);

    for (const auto& csv : feeds) {
        auto stats = db.import_file(csv);
        ASSERT_TRUE(stats);
        EXPECT_EQ(stats->inserted, 0u) << csv;
    }
    EXPECT_EQ(db.count(), loaded);
}

} // namespace
} // namespace mikiwame::intel

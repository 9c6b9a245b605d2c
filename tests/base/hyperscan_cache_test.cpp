// SPDX-License-Identifier: Apache-2.0
// The compiled-database cache: a second load hits, other inputs miss, a damaged, truncated or
// foreign entry is compiled again and replaced (never used), an unwritable directory only
// costs the store, and a cached database matches exactly like a freshly compiled one.
#include <gtest/gtest.h>

#include <hs/hs.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/hyperscan_cache.h"

namespace mikiwame::base {
namespace {

namespace fs = std::filesystem;

class HsCacheTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("mikiwame-hscache-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
    }
    void TearDown() override {
        std::error_code ec;
        fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(dir_, ec);
    }
    fs::path dir_;
};

// Compiles `words` as literals; counts its calls so a test can tell a hit from a compile.
struct Compiler {
    std::vector<std::string> words;
    int calls = 0;
    Result<CompiledDatabase> operator()() {
        ++calls;
        std::vector<const char*> expressions;
        std::vector<std::size_t> lengths;
        std::vector<unsigned> flags, ids;
        for (std::size_t i = 0; i < words.size(); ++i) {
            expressions.push_back(words[i].c_str());
            lengths.push_back(words[i].size());
            flags.push_back(0);
            ids.push_back(static_cast<unsigned>(i));
        }
        hs_database_t* db = nullptr;
        hs_compile_error_t* error = nullptr;
        if (hs_compile_lit_multi(expressions.data(), flags.data(), ids.data(), lengths.data(), static_cast<unsigned>(words.size()),
                                 HS_MODE_BLOCK, nullptr, &db, &error) != HS_SUCCESS) {
            hs_free_compile_error(error);
            return make_error(ErrorCode::Config, "compile failed");
        }
        CompiledDatabase out;
        out.database = HsDatabase(db);
        out.extra = "extra:" + std::to_string(words.size());
        return out;
    }
    std::string key() const {
        std::string k;
        for (const auto& w : words) k += w + '\x1e';
        return k;
    }
};

// The ids matched in `text`, in order.
std::vector<unsigned> matches(const HsDatabase& db, std::string_view text) {
    HsScratch scratch;
    EXPECT_TRUE(scratch.reserve(db));
    std::vector<unsigned> ids;
    auto on_match = [](unsigned id, unsigned long long, unsigned long long, void* user) {
        static_cast<std::vector<unsigned>*>(user)->push_back(id);
        return true;
    };
    EXPECT_TRUE(db.scan(text, scratch, on_match, &ids));
    return ids;
}

TEST_F(HsCacheTest, SecondLoadComesFromTheCacheAndMatchesAlike) {
    Compiler compiler{{"kagoya", "paypal", "amazon"}};
    {
        HsCache cache(dir_);
        auto first = cache.get_or_compile("words", compiler.key(), std::ref(compiler));
        ASSERT_TRUE(first) << first.error().message;
        EXPECT_EQ(compiler.calls, 1);
        EXPECT_EQ(cache.counts().misses, 1u);
        EXPECT_TRUE(fs::exists(cache.entry_path("words")));
    }
    HsCache cache(dir_);
    auto second = cache.get_or_compile("words", compiler.key(), std::ref(compiler));
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_EQ(compiler.calls, 1) << "a verified entry must not be compiled again";
    EXPECT_EQ(cache.counts().hits, 1u);
    EXPECT_EQ(second->extra, "extra:3");
    auto fresh = compiler();
    ASSERT_TRUE(fresh);
    const std::string text = "from amazon via kagoya to paypal and amazon";
    EXPECT_EQ(matches(second->database, text), matches(fresh->database, text));
    EXPECT_EQ(matches(second->database, text).size(), 4u);
}

TEST_F(HsCacheTest, OtherInputsAreStaleAndCompiledAgain) {
    Compiler before{{"kagoya", "paypal"}};
    HsCache cache(dir_);
    ASSERT_TRUE(cache.get_or_compile("words", before.key(), std::ref(before)));
    Compiler after{{"kagoya", "paypal", "xserver"}};
    auto loaded = cache.get_or_compile("words", after.key(), std::ref(after));
    ASSERT_TRUE(loaded);
    EXPECT_EQ(after.calls, 1);
    EXPECT_EQ(cache.counts().stale, 1u);
    EXPECT_EQ(matches(loaded->database, "xserver"), std::vector<unsigned>{2});
    // The replaced entry now serves the new inputs.
    HsCache again(dir_);
    ASSERT_TRUE(again.get_or_compile("words", after.key(), std::ref(after)));
    EXPECT_EQ(again.counts().hits, 1u);
    EXPECT_EQ(after.calls, 1);
}

// Every kind of damage: compiled again, replaced, and the result still matches correctly.
TEST_F(HsCacheTest, DamagedEntriesAreNeverTrusted) {
    Compiler compiler{{"kagoya", "paypal", "amazon"}};
    HsCache seed(dir_);
    ASSERT_TRUE(seed.get_or_compile("words", compiler.key(), std::ref(compiler)));
    const fs::path entry = seed.entry_path("words");
    std::ostringstream buffer;
    buffer << std::ifstream(entry, std::ios::binary).rdbuf();
    const std::string good = buffer.str();
    ASSERT_GT(good.size(), 200u);

    std::vector<std::pair<std::string, std::string>> damages = {
        {"one flipped byte in the database", [&] { std::string b = good; b[b.size() - 40] ^= 0x5a; return b; }()},
        {"one flipped byte in the header", [&] { std::string b = good; b[3] ^= 0x01; return b; }()},
        {"truncated", good.substr(0, good.size() / 2)},
        {"empty", ""},
        {"another program's file", std::string(4096, '\x7f')},
        {"a huge extra length", [&] {
             std::string b = good;
             const std::size_t line3 = b.find('\n', b.find('\n', b.find('\n') + 1) + 1) + 1;
             const std::size_t end = b.find('\n', line3);
             return b.substr(0, line3) + "99999999999999999999999" + b.substr(end);
         }()},
    };
    for (const auto& [what, bytes] : damages) {
        SCOPED_TRACE(what);
        std::ofstream(entry, std::ios::binary | std::ios::trunc) << bytes;
        HsCache cache(dir_);
        const int calls = compiler.calls;
        auto loaded = cache.get_or_compile("words", compiler.key(), std::ref(compiler));
        ASSERT_TRUE(loaded) << loaded.error().message;
        EXPECT_EQ(compiler.calls, calls + 1) << "a damaged entry must be compiled again";
        EXPECT_EQ(cache.counts().hits, 0u);
        EXPECT_EQ(cache.counts().rejected + cache.counts().stale, 1u);
        EXPECT_EQ(matches(loaded->database, "amazon paypal"), (std::vector<unsigned>{2, 1}));
        // …and the entry was replaced by a sound one.
        HsCache again(dir_);
        ASSERT_TRUE(again.get_or_compile("words", compiler.key(), std::ref(compiler)));
        EXPECT_EQ(again.counts().hits, 1u);
    }
}

TEST_F(HsCacheTest, AnUnwritableDirectoryOnlyCostsTheStore) {
    if (::geteuid() == 0) GTEST_SKIP() << "root writes into any directory; the permission case cannot be made";
    fs::create_directories(dir_);
    fs::permissions(dir_, fs::perms::owner_read | fs::perms::owner_exec);
    Compiler compiler{{"kagoya"}};
    HsCache cache(dir_);
    auto loaded = cache.get_or_compile("words", compiler.key(), std::ref(compiler));
    ASSERT_TRUE(loaded);
    EXPECT_EQ(cache.counts().unwritable, 1u);
    EXPECT_EQ(matches(loaded->database, "kagoya"), std::vector<unsigned>{0});
}

TEST_F(HsCacheTest, ADirectoryThatCannotExistOnlyCostsTheStore) {
    // A regular file where the directory should be: create_directories fails whoever runs it.
    fs::create_directories(dir_);
    std::ofstream(dir_ / "file") << "x";
    Compiler compiler{{"kagoya"}};
    HsCache cache(dir_ / "file" / "cache");
    auto loaded = cache.get_or_compile("words", compiler.key(), std::ref(compiler));
    ASSERT_TRUE(loaded);
    EXPECT_EQ(cache.counts().unwritable, 1u);
    EXPECT_EQ(matches(loaded->database, "kagoya"), std::vector<unsigned>{0});
}

TEST_F(HsCacheTest, NoDirectoryMeansNoCache) {
    Compiler compiler{{"kagoya"}};
    HsCache cache;
    ASSERT_TRUE(cache.get_or_compile("words", compiler.key(), std::ref(compiler)));
    ASSERT_TRUE(cache.get_or_compile("words", compiler.key(), std::ref(compiler)));
    EXPECT_EQ(compiler.calls, 2);
    EXPECT_EQ(cache.counts().hits + cache.counts().misses, 0u);
}

TEST_F(HsCacheTest, ACompileErrorIsPassedOnAndNothingStored) {
    HsCache cache(dir_);
    auto failing = [] { return Result<CompiledDatabase>(make_error(ErrorCode::Config, "bad pattern")); };
    auto loaded = cache.get_or_compile("words", "k", failing);
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().message, "bad pattern");
    EXPECT_FALSE(fs::exists(cache.entry_path("words")));
}

TEST(HyperscanPlatformKey, NamesTheVersionAndTheCpu) {
    const std::string key = hyperscan_platform_key();
    EXPECT_NE(key.find(hs_version()), std::string::npos);
    EXPECT_NE(key.find("features"), std::string::npos);
}

} // namespace
} // namespace mikiwame::base

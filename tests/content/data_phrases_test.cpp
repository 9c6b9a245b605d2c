// SPDX-License-Identifier: Apache-2.0
// The shipped data/phrases: every file loads, every regex compiles into the one database,
// pretext tags are SPEC §3 lures, and each list the content stage reads is present. Skips
// while the folder has no phrase files yet.
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "content/phrase_lists.h"
#include "content/text_normalize.h"

namespace {

namespace fs = std::filesystem;
using mikiwame::content::PhraseCatalog;

fs::path shipped_dir() { return fs::path(MIKIWAME_SOURCE_DIR) / "data/phrases"; }

bool has_phrase_files() {
    std::error_code ec;
    if (!fs::is_directory(shipped_dir(), ec)) return false;
    for (const auto& entry : fs::directory_iterator(shipped_dir(), ec))
        if (entry.path().extension() == ".txt") return true;
    return false;
}

TEST(ShippedPhrases, LoadAndCompileIntoOneDatabase) {
    if (!has_phrase_files()) GTEST_SKIP() << "data/phrases has no *.txt files yet; skipping";
    auto loaded = PhraseCatalog::load(shipped_dir());
    ASSERT_TRUE(loaded.has_value()) << loaded.error().context << ": " << loaded.error().message;
    std::map<std::string, std::size_t> per_list;
    std::set<std::string> languages;
    for (const auto& p : loaded->patterns()) {
        ++per_list[p.list + "." + p.language];
        languages.insert(p.language);
    }
    for (const auto& [list, count] : per_list) std::cout << "  " << list << ": " << count << " line(s)\n";
    const auto lists = loaded->lists();
    auto has_prefix = [&](const std::string& prefix) {
        return std::any_of(lists.begin(), lists.end(), [&](const std::string& l) { return l.rfind(prefix, 0) == 0; });
    };
    for (const char* list : {"urgency", "pretext", "salutation", "credential", "deadline", "machine_translated"})
        EXPECT_TRUE(has_prefix(list)) << "no " << list << ".*.txt in data/phrases";
    EXPECT_TRUE(languages.count("ja"));
    EXPECT_TRUE(languages.count("en"));
}

TEST(ShippedPhrases, PretextLinesNameTheirLure) {
    if (!has_phrase_files()) GTEST_SKIP() << "data/phrases has no *.txt files yet; skipping";
    auto loaded = PhraseCatalog::load(shipped_dir());
    ASSERT_TRUE(loaded.has_value());
    std::set<std::string> tags;
    for (const auto& p : loaded->patterns())
        if (p.list == "pretext") {
            EXPECT_FALSE(p.tag.empty()) << p.file << ":" << p.line << ": pretext line without a lure tag";
            tags.insert(p.tag);
        }
    std::cout << "  lures covered: " << tags.size() << " of " << loaded->allowed_tags("pretext").size() << "\n";
}

TEST(ShippedPhrases, WordsAndTagsArePresent) {
    auto loaded = PhraseCatalog::load(shipped_dir());
    ASSERT_TRUE(loaded.has_value()) << loaded.error().context << ": " << loaded.error().message;
    const auto languages = loaded->words().languages();
    for (const char* language : {"ja", "en"})
        EXPECT_NE(std::find(languages.begin(), languages.end(), language), languages.end())
            << "no data/phrases/words." << language << ".toml";
    EXPECT_FALSE(loaded->words().stop_words().empty());
    EXPECT_FALSE(loaded->words().cues_near().empty());
    EXPECT_FALSE(loaded->allowed_tags("pretext").empty()) << "data/phrases/tags.toml names the lures";
    EXPECT_FALSE(loaded->allowed_tags("scam").empty()) << "data/phrases/tags.toml names the scam kinds";
}

TEST(ShippedPhrases, NoPatternMatchesOrdinaryText) {
    if (!has_phrase_files()) GTEST_SKIP() << "data/phrases has no *.txt files yet; skipping";
    auto loaded = PhraseCatalog::load(shipped_dir());
    ASSERT_TRUE(loaded.has_value());
    // A pattern that matches everyday words would fire on every mail.
    const std::string text = mikiwame::content::normalize_for_scan(
        "いつもお世話になっております。資料を添付いたします。よろしくお願いいたします。"
        "Thanks for the patch, I applied it to the tree. The meeting is on Friday.");
    mikiwame::base::HsScratch scratch;
    ASSERT_TRUE(loaded->reserve(scratch));
    auto matches = loaded->scan(text, scratch);
    ASSERT_TRUE(matches) << matches.error().message;
    for (const auto& m : *matches)
        if (m.pattern->list != "salutation")
            ADD_FAILURE() << m.pattern->file << ":" << m.pattern->line << " matches ordinary text: " << m.pattern->phrase;
}

} // namespace

// SPDX-License-Identifier: Apache-2.0
// For information: how many messages of ../shared/corpus/ja/phish, phish and ham hit each
// content.* finding, plus the unnatural-Japanese features of the Japanese folders. Asserts
// only that urgency is more frequent in ja/phish than in ham. Uses the shipped phrase lists
// (the fixture lists while data/phrases is still empty, without the assertion).
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <map>

#include <gtest/gtest.h>

#include "content/japanese_style.h"
#include "content/phrase_lists.h"
#include "content/wording.h"
#include "content_test_support.h"
#include "message/parser.h"
#include "support/corpus.h"

namespace {

namespace fs = std::filesystem;
using namespace mikiwame;

struct FolderStats {
    std::size_t messages = 0;
    std::map<std::string, std::size_t> hits;
    std::map<std::string, std::size_t> languages;
};

FolderStats run_folder(const fs::path& dir, const content::PhraseCatalog& catalog) {
    FolderStats stats;
    const Limits limits;
    base::HsScratch scratch;
    if (auto reserved = catalog.reserve(scratch); !reserved) ADD_FAILURE() << reserved.error().message;
    for (const auto& file : mikiwame::testing::files_under(dir)) {
        const message::Message msg = message::parse_message(mikiwame::testing::read_file(file), limits);
        const content::ContentFacts facts = content::analyze_content(msg, {}, catalog, limits, scratch);
        ++stats.messages;
        ++stats.languages[facts.language.empty() ? "?" : facts.language];
        for (const auto& h : facts.hits) {
            ++stats.hits[h.id];
            // MIKIWAME_CONTENT_VERBOSE=1 prints every hit with its evidence, for reviewing rules.
            if (std::getenv("MIKIWAME_CONTENT_VERBOSE")) {
                std::cout << file.parent_path().filename().string() << "/" << file.filename().string() << " " << h.id << "\n";
                for (const auto& e : h.evidence) std::cout << "    " << e << "\n";
            }
        }
    }
    return stats;
}

TEST(ContentCorpus, FindingFrequenciesPerFolder) {
    MIKIWAME_SKIP_WITHOUT_CORPUS();
    const fs::path shipped = fs::path(MIKIWAME_SOURCE_DIR) / "data/phrases";
    auto loaded = content::PhraseCatalog::load(shipped);
    ASSERT_TRUE(loaded.has_value()) << loaded.error().context << ": " << loaded.error().message;
    const bool is_shipped = !loaded->empty();
    const content::PhraseCatalog& catalog = is_shipped ? *loaded : content::testing::fixture_catalog();
    std::cout << "phrase lists: " << (is_shipped ? "data/phrases" : "fixture (data/phrases is empty)") << "\n";

    std::map<std::string, FolderStats> folders;
    for (const char* folder : {"ja/phish", "ja/ham", "phish", "ham", "spam"}) {
        const fs::path dir = mikiwame::testing::corpus_dir() / folder;
        if (fs::is_directory(dir)) folders[folder] = run_folder(dir, catalog);
    }
    const char* ids[] = {"content.generic_salutation", "content.urgency", "content.pretext",
                         "content.credential_request", "content.deadline_pressure", "content.unnatural_japanese"};
    std::cout << std::left << std::setw(30) << "finding";
    for (const auto& [name, stats] : folders) std::cout << std::setw(16) << (name + "(" + std::to_string(stats.messages) + ")");
    std::cout << "\n";
    for (const char* id : ids) {
        std::cout << std::setw(30) << id;
        for (const auto& [name, stats] : folders) {
            auto it = stats.hits.find(id);
            std::cout << std::setw(16) << (it == stats.hits.end() ? 0 : it->second);
        }
        std::cout << "\n";
    }
    for (const auto& [name, stats] : folders) {
        std::cout << "languages " << name << ":";
        for (const auto& [lang, n] : stats.languages) std::cout << " " << lang << "=" << n;
        std::cout << "\n";
    }
    if (!is_shipped) return;
    ASSERT_TRUE(folders.count("ja/phish") && folders.count("ham"));
    auto rate = [&](const std::string& folder, const std::string& id) {
        const auto& s = folders[folder];
        auto it = s.hits.find(id);
        return s.messages == 0 ? 0.0 : static_cast<double>(it == s.hits.end() ? 0 : it->second) / static_cast<double>(s.messages);
    };
    EXPECT_GT(rate("ja/phish", "content.urgency"), rate("ham", "content.urgency"));
}

// The measured features behind content.unnatural_japanese, per message of the Japanese
// folders, so the thresholds in wording.h can be checked against real mail.
TEST(ContentCorpus, JapaneseStyleFeatures) {
    MIKIWAME_SKIP_WITHOUT_CORPUS();
    const Limits limits;
    for (const char* folder : {"ja/ham", "ja/phish"}) {
        const fs::path dir = mikiwame::testing::corpus_dir() / folder;
        if (!fs::is_directory(dir)) continue;
        std::size_t over_spaces = 0, over_stops = 0, judged = 0;
        for (const auto& file : mikiwame::testing::files_under(dir)) {
            const message::Message msg = message::parse_message(mikiwame::testing::read_file(file), limits);
            const auto style = content::measure_japanese_style(msg.text_body);
            if (style.japanese_letters < content::kMinJapaneseLettersForStyle) continue;
            ++judged;
            if (style.stray_spaces >= content::kMinStraySpaces &&
                style.stray_spaces * 1000 >= content::kMinStraySpacesPerMille * style.japanese_letters)
                ++over_spaces;
            const std::size_t marks = style.ascii_stops + style.japanese_stops;
            if (style.ascii_stops >= content::kMinAsciiStops &&
                style.ascii_stops * 100 >= content::kMinAsciiStopPercent * marks)
                ++over_stops;
        }
        std::cout << folder << ": " << judged << " with Japanese text; over the space threshold " << over_spaces
                  << ", over the ASCII-stop threshold " << over_stops << "\n";
    }
}

} // namespace

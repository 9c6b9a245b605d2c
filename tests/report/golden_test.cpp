// SPDX-License-Identifier: Apache-2.0
// Golden reports (STYLE 7.8): tests/golden/<case>.eml goes with <case>.json, <case>.ja.txt
// and <case>.en.md, compared byte for byte. MIKIWAME_UPDATE_GOLDEN=1 rewrites them; the diff
// is then read in review. Output must be deterministic: no clock, no absolute paths.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "intel/phish_feed.h"
#include "mikiwame/engine.h"
#include "report/render.h"
#include "support/corpus.h"

namespace mikiwame {
namespace {

namespace fs = std::filesystem;

bool updating() {
    const char* v = std::getenv("MIKIWAME_UPDATE_GOLDEN");
    return v && std::string(v) == "1";
}

void check_golden(const fs::path& path, const std::string& actual) {
    if (updating()) {
        std::ofstream(path, std::ios::binary) << actual;
        return;
    }
    ASSERT_TRUE(fs::exists(path)) << path << " missing: run with MIKIWAME_UPDATE_GOLDEN=1 and review the new file";
    std::string expected = testing::read_file(path);
    EXPECT_EQ(actual, expected) << path.filename() << " differs; if the change is intended, rerun with "
                                << "MIKIWAME_UPDATE_GOLDEN=1 and review the diff";
}

TEST(GoldenReports, EveryCaseMatchesItsReportsInAllFormats) {
    // Golden output must not depend on what this machine has installed: no IP databases and an
    // empty phishing-URL database.
    EngineOptions options;
    options.geoip_country = "/nonexistent/country.mmdb";
    options.geoip_asn = "/nonexistent/asn.mmdb";
    options.intel_db = fs::temp_directory_path() / ("mikiwame-golden-" + std::to_string(::getpid()) + ".sqlite");
    fs::remove(options.intel_db);
    ASSERT_TRUE(intel::PhishDatabase::open(options.intel_db, true));
    auto engine = Engine::load(options);
    ASSERT_TRUE(engine) << engine.error().message;
    auto cases = testing::files_under(fs::path(MIKIWAME_SOURCE_DIR) / "tests/golden", ".eml");
    ASSERT_GE(cases.size(), 6u);
    for (const auto& eml : cases) {
        SCOPED_TRACE(eml.filename().string());
        auto report = (*engine)->analyze(testing::read_file(eml));
        ASSERT_TRUE(report);
        fs::path base = eml;
        base.replace_extension();
        check_golden(base.string() + ".json", report::render_json(*report) + "\n");
        // Japanese write-ups as the CLI renders them: evidence through the shipped phrasebook.
        const report::Phrasebook* ja = &(*engine)->japanese_phrasebook();
        const report::Words& ja_words = (*engine)->report_wording().words("ja");
        const report::Words& en_words = (*engine)->report_wording().words("en");
        check_golden(base.string() + ".ja.txt", report::render_text(*report, ja_words, ja));
        check_golden(base.string() + ".en.txt", report::render_text(*report, en_words));
        check_golden(base.string() + ".en.md", report::render_markdown(*report, en_words));
        check_golden(base.string() + ".ja.md", report::render_markdown(*report, ja_words, ja));
        check_golden(base.string() + ".ja.html", report::render_html(*report, ja_words, ja));
    }
    fs::remove(options.intel_db);
}

} // namespace
} // namespace mikiwame

// SPDX-License-Identifier: Apache-2.0
// Golden reports (STYLE 7.8): tests/golden/<case>.eml goes with <case>.json, <case>.ja.txt,
// <case>.en.md (and the other formats below) and the user versions <case>.user.{ja,en}.txt,
// compared byte for byte. MIKIWAME_UPDATE_GOLDEN=1 rewrites them; the diff
// is then read in review. Output must be deterministic: no clock, no absolute paths.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "mikiwame/engine.h"
#include "mikiwame/render.h"
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

// The build's commit and the data files' hash change with every commit; the rest of the
// provenance (version, which databases) is compared as it is.
// Replaces the run of characters in `alphabet` after every `marker` with `placeholder`.
// (Plain string search: std::regex trips g++ 12's -Wmaybe-uninitialized under -Werror.)
std::string replace_after(std::string text, std::string_view marker, std::string_view alphabet, std::string_view placeholder) {
    for (std::size_t at = text.find(marker); at != std::string::npos; at = text.find(marker, at + marker.size())) {
        std::size_t begin = at + marker.size(), end = begin;
        while (end < text.size() && alphabet.find(text[end]) != std::string_view::npos) ++end;
        if (end > begin) text.replace(begin, end - begin, placeholder);
    }
    return text;
}

std::string without_build_identity(std::string text) {
    constexpr std::string_view kHex = "0123456789abcdef";
    text = replace_after(text, "commit ", "0123456789abcdefghijklmnopqrstuvwxyz", "<commit>");
    text = replace_after(text, "\"commit\": \"", "0123456789abcdefghijklmnopqrstuvwxyz", "<commit>");
    return replace_after(text, "sha256:", kHex, "<data>");
}

TEST(GoldenReports, EveryCaseMatchesItsReportsInAllFormats) {
    // Golden output must not depend on what this machine has installed: no IP databases and no
    // phishing-URL database (the engine opens none it is not given).
    EngineOptions options;
    auto engine = Engine::load(options);
    ASSERT_TRUE(engine) << engine.error().message;
    auto cases = testing::files_under(fs::path(MIKIWAME_SOURCE_DIR) / "tests/golden", ".eml");
    ASSERT_GE(cases.size(), 12u);
    for (const auto& eml : cases) {
        SCOPED_TRACE(eml.filename().string());
        auto report = (*engine)->analyze(testing::read_file(eml));
        ASSERT_TRUE(report);
        fs::path base = eml;
        base.replace_extension();
        // Through the public renderer, as every app renders them.
        const Renderer& renderer = (*engine)->renderer();
        auto render = [&](ReportFormat format, std::string_view lang) { return without_build_identity(renderer.render(*report, format, lang)); };
        check_golden(base.string() + ".json", render(ReportFormat::Json, {}));
        check_golden(base.string() + ".ja.txt", render(ReportFormat::Text, "ja"));
        check_golden(base.string() + ".en.txt", render(ReportFormat::Text, "en"));
        check_golden(base.string() + ".en.md", render(ReportFormat::Markdown, "en"));
        check_golden(base.string() + ".ja.md", render(ReportFormat::Markdown, "ja"));
        check_golden(base.string() + ".ja.html", render(ReportFormat::Html, "ja"));
        // The short version for a reply to the person who forwarded the mail (--audience user).
        for (std::string_view lang : {"ja", "en"})
            check_golden(base.string() + ".user." + std::string(lang) + ".txt",
                         without_build_identity(renderer.render(*report, ReportFormat::Text, lang, Audience::User)));
    }
}

} // namespace
} // namespace mikiwame

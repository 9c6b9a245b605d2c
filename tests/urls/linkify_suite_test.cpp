// SPDX-License-Identifier: Apache-2.0
// Runs linkify-it's fixtures (corpus suites/linkify) through extract_text_links:
// links.txt lines must yield their expected first link, not_links.txt lines none.
// Skips when the corpus is absent.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "base/text.h"
#include "urls/text_links.h"

namespace {

namespace fs = std::filesystem;
using mikiwame::urls::extract_text_links;

const fs::path kSuite = fs::path(MIKIWAME_CORPUS_DIR) / "suites/linkify";

std::vector<std::string> read_lines(const fs::path& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(line);
    }
    return lines;
}

// The suite's normalisation: "http://" for schemeless links ("//" kept), "mailto:" for
// bare addresses.
std::string normalise(const std::string& link) {
    const std::string lower = mikiwame::base::to_lower_ascii(link);
    if (lower.rfind("mailto:", 0) == 0 || lower.rfind("//", 0) == 0) return link;
    const auto colon = lower.find("://");
    if (colon != std::string::npos && colon < 8) return link;
    if (link.find('@') != std::string::npos) return "mailto:" + link;
    return "http://" + link;
}

TEST(LinkifySuite, PassesAtLeast95PercentOfLinkifyItFixtures) {
    if (!fs::exists(kSuite / "links.txt")) GTEST_SKIP() << "corpus not found at " << kSuite;
    int passed = 0, failed = 0;
    const auto links = read_lines(kSuite / "links.txt");
    for (std::size_t i = 0; i < links.size(); ++i) {
        const std::string& line = links[i];
        if (line.empty() || line[0] == '%') continue;
        std::string expected = line;
        if (i + 1 < links.size() && !links[i + 1].empty()) expected = links[++i];
        const auto got = extract_text_links(line, 10);
        if (!got.empty() && got[0].url == normalise(expected)) {
            ++passed;
        } else {
            ++failed;
            std::cout << "  links.txt: " << line << " -> "
                      << (got.empty() ? std::string("(none)") : got[0].url) << ", want "
                      << normalise(expected) << "\n";
        }
    }
    for (const auto& line : read_lines(kSuite / "not_links.txt")) {
        if (line.empty() || line[0] == '%') continue;
        const auto got = extract_text_links(line, 10);
        if (got.empty()) {
            ++passed;
        } else {
            ++failed;
            std::cout << "  not_links.txt: " << line << " -> " << got[0].url << "\n";
        }
    }
    std::cout << passed << " passed, " << failed << " failed\n";
    ASSERT_GT(passed + failed, 0);
    EXPECT_GE(passed * 100, (passed + failed) * 95);
}

} // namespace

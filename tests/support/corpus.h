// SPDX-License-Identifier: Apache-2.0
// Test helper: locating ../shared/corpus and reading files. Corpus tests skip with a clear
// message when the corpus is absent (it lives beside the checkout, never inside it).
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace mikiwame::testing {

inline std::filesystem::path corpus_dir() {
    return std::filesystem::path(MIKIWAME_CORPUS_DIR);
}

inline bool has_corpus() {
    std::error_code ec;
    return std::filesystem::is_directory(corpus_dir(), ec);
}

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer; // not istreambuf_iterator: g++ 12 warns -Wnull-dereference in it
    buffer << in.rdbuf();
    return std::move(buffer).str();
}

// Every .eml (or other regular file) below `dir`, sorted for deterministic output.
inline std::vector<std::filesystem::path> files_under(const std::filesystem::path& dir, const std::string& ext = ".eml") {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir, ec))
        if (entry.is_regular_file() && (ext.empty() || entry.path().extension() == ext)) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace mikiwame::testing

#define MIKIWAME_SKIP_WITHOUT_CORPUS()                                                              \
    do {                                                                                            \
        if (!::mikiwame::testing::has_corpus())                                                     \
            GTEST_SKIP() << "shared corpus not found at " << MIKIWAME_CORPUS_DIR                    \
                         << " (it sits beside the checkout as ../shared/corpus); skipping";          \
    } while (0)

// SPDX-License-Identifier: Apache-2.0
// The statistical content model's honest figures: `mikiwame eval --cross-validate 5` over the
// shared corpus with every upstream verdict stripped (what a milter at the first MX sees), each
// fold judged by a model trained on the other folds and the project's training/ mail only.
// The floors are the figures reached when this test was written (docs/model.md), kept as
// floors: detection of phish/ at least 85% and of ja/phish/ at least 98%, no ham/ or ja/ham/
// mail flagged as phishing or spam beyond 0.5%, ham/ suspicious at most 3%.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>

#include "support/corpus.h"

namespace {

namespace fs = std::filesystem;

struct Row {
    std::size_t phishing = 0, spam = 0, suspicious = 0, clean = 0, total = 0;
    double flagged_pct() const { return total ? 100.0 * static_cast<double>(phishing + spam) / static_cast<double>(total) : 0; }
    double suspicious_pct() const { return total ? 100.0 * static_cast<double>(suspicious) / static_cast<double>(total) : 0; }
};

std::string run(const std::string& command, int& exit_code) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return out;
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.append(buffer.data(), n);
    const int status = pclose(pipe);
    exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
}

// The per-folder rows of eval's output, by the folder's last two path components
// ("x/phish" → "phish", "x/ja/phish" → "ja/phish").
std::map<std::string, Row> rows_by_folder(const std::string& out, const fs::path& root) {
    std::map<std::string, Row> rows;
    std::istringstream lines(out);
    std::string line;
    while (std::getline(lines, line)) {
        const std::size_t at = line.find(root.string() + "/");
        if (at == std::string::npos) continue;
        std::istringstream fields(line.substr(0, at));
        std::string label, pct;
        Row row;
        if (!(fields >> label >> row.phishing >> row.spam >> row.suspicious >> row.clean >> row.total >> pct)) continue;
        rows[line.substr(at + root.string().size() + 1)] = row;
    }
    return rows;
}

TEST(CrossValidation, StrippedCorpusStaysAtTheFloorsOfTheContentModel) {
    MIKIWAME_SKIP_WITHOUT_CORPUS();
    const fs::path corpus = mikiwame::testing::corpus_dir();
    const fs::path strip_tool = corpus.parent_path() / "tools/strip-upstream.py";
    if (!fs::exists(strip_tool)) GTEST_SKIP() << strip_tool << " not found; skipping";
    const fs::path root = fs::temp_directory_path() / ("mikiwame-cv-" + std::to_string(::getpid()));
    fs::remove_all(root);
    int rc = 0;
    for (const char* folder : {"phish", "spam", "ham", "ja/phish", "ja/spam", "ja/ham"}) {
        run("python3 " + strip_tool.string() + " " + (corpus / folder).string() + " " + (root / folder).string() + " 2>&1", rc);
        ASSERT_EQ(rc, 0) << folder;
    }
    auto dir = [&](const char* folder) { return (root / folder).string(); };
    const std::string command = std::string(MIKIWAME_CLI) + " --config /dev/null eval --cross-validate 5 -j 2" + " --phish " + dir("phish") +
                                " --phish " + dir("ja/phish") + " --spam " + dir("spam") + " --spam " + dir("ja/spam") + " --ham " +
                                dir("ham") + " --ham " + dir("ja/ham") + " --train-ham " + MIKIWAME_SOURCE_DIR + "/training/ham 2>&1";
    const std::string out = run(command, rc);
    fs::remove_all(root);
    ASSERT_EQ(rc, 0) << out;
    std::printf("%s", out.substr(0, out.find("\nfinding")).c_str());
    auto rows = rows_by_folder(out, root);
    ASSERT_EQ(rows.size(), 6u) << out;
    EXPECT_EQ(rows["phish"].total, 300u);
    EXPECT_GE(rows["phish"].flagged_pct(), 85.0);
    EXPECT_GE(rows["ja/phish"].flagged_pct(), 98.0);
    EXPECT_LE(rows["ham"].flagged_pct(), 0.5);
    EXPECT_LE(rows["ham"].suspicious_pct(), 3.0);
    EXPECT_EQ(rows["ja/ham"].phishing + rows["ja/ham"].spam, 0u);
}

} // namespace

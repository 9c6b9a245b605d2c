// SPDX-License-Identifier: Apache-2.0
// The CLI as a user meets it: exit codes (STYLE 7.3), error lines, report formats, data check.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

struct RunResult {
    int exit_code = -1;
    std::string out;
};

RunResult run(const std::string& args) {
    std::string command = std::string(MIKIWAME_CLI) + " " + args + " 2>&1";
    RunResult result;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return result;
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.out.append(buffer.data(), n);
    int status = pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

std::string sample() {
    return std::string(MIKIWAME_SOURCE_DIR) + "/tests/fixtures/messages/demo-kagoya-phish.eml";
}

TEST(Cli, AnalyzePrintsAJsonReportOfTheSchema) {
    RunResult r = run("analyze --format json " + sample());
    ASSERT_EQ(r.exit_code, 0) << r.out;
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << r.out;
    EXPECT_EQ(j["schema"], "mikiwame.report/1");
    for (const char* key : {"verdict", "score", "message", "brands", "sender", "origin", "received", "auth", "urls",
                            "attachments", "findings"})
        EXPECT_TRUE(j.contains(key)) << key;
    EXPECT_EQ(j["sender"]["from"]["address"], "zhanghong@wlssmee.example");
    EXPECT_EQ(j["origin"]["ip"], "104.250.145.186");
    EXPECT_EQ(j["auth"]["spf"], "softfail");
    EXPECT_EQ(j["message"]["size"], std::filesystem::file_size(sample()));
}

TEST(Cli, ReadsStandardInput) {
    RunResult r = run("analyze --format json - < " + sample());
    ASSERT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("mikiwame.report/1"), std::string::npos);
}

TEST(Cli, TextMarkdownAndHtmlReportsInBothLanguages) {
    RunResult ja = run("analyze --lang ja " + sample());
    ASSERT_EQ(ja.exit_code, 0);
    EXPECT_NE(ja.out.find("送信経路"), std::string::npos);
    EXPECT_NE(ja.out.find("推奨される対応"), std::string::npos);
    RunResult en = run("analyze --lang en --format markdown " + sample());
    ASSERT_EQ(en.exit_code, 0);
    EXPECT_NE(en.out.find("## Route"), std::string::npos);
    RunResult html = run("analyze --format html " + sample());
    ASSERT_EQ(html.exit_code, 0);
    EXPECT_NE(html.out.find("<!DOCTYPE html>"), std::string::npos);
    EXPECT_EQ(html.out.find("<script"), std::string::npos);
    EXPECT_EQ(html.out.find("href="), std::string::npos); // no clickable link at all
    EXPECT_EQ(html.out.find("https://"), std::string::npos);
}

TEST(Cli, ExitCodesFollowSysexits) {
    EXPECT_EQ(run("analyze /nonexistent/mail.eml").exit_code, 66);
    EXPECT_EQ(run("analyze --format yaml " + sample()).exit_code, 64);
    EXPECT_EQ(run("").exit_code, 64);
    RunResult missing = run("analyze /nonexistent/mail.eml");
    EXPECT_NE(missing.out.find("mikiwame: /nonexistent/mail.eml:"), std::string::npos) << missing.out;
}

TEST(Cli, DataCheckAcceptsTheShippedDataAndRejectsABrokenFileWithItsLocation) {
    RunResult ok = run("data check");
    EXPECT_EQ(ok.exit_code, 0) << ok.out;
    EXPECT_NE(ok.out.find("data check: OK"), std::string::npos);
    auto dir = std::filesystem::temp_directory_path() / "mikiwame-bad-data";
    std::filesystem::remove_all(dir);
    std::filesystem::copy(std::string(MIKIWAME_SOURCE_DIR) + "/data", dir, std::filesystem::copy_options::recursive);
    std::filesystem::create_directories(dir / "brands");
    std::ofstream(dir / "brands" / "broken.toml") << "id = \"broken\"\n[names]\nen = \"not an array\"\n";
    RunResult bad = run("data check " + dir.string());
    EXPECT_EQ(bad.exit_code, 78);
    EXPECT_NE(bad.out.find("broken.toml:3:"), std::string::npos) << bad.out;
    std::filesystem::remove_all(dir);
}

} // namespace

// SPDX-License-Identifier: Apache-2.0
// The CLI as a user meets it: exit codes (STYLE 7.3), error lines, report formats, data check.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

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

namespace {

std::filesystem::path temp_file(const std::string& name, const std::string& text) {
    auto path = std::filesystem::temp_directory_path() / ("mikiwame-cli-" + std::to_string(::getpid()) + "-" + name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

TEST(CliConfig, ABadConfigFileIsExit78WithItsPlace) {
    auto bad = temp_file("bad.toml", "[network]\ntrusted_networks = [\"10.0.0.0/33\"]\n");
    RunResult r = run("--config " + bad.string() + " analyze " + sample());
    EXPECT_EQ(r.exit_code, 78) << r.out;
    EXPECT_EQ(r.out.rfind("mikiwame: " + bad.string() + ":2:21: ", 0), 0u) << r.out;
    EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << "one line: " << r.out;
    // The same after the command name, and for every command.
    EXPECT_EQ(run("analyze --config " + bad.string() + " " + sample()).exit_code, 78);
    EXPECT_EQ(run("--config " + bad.string() + " data check").exit_code, 78);
    EXPECT_EQ(run("--config /nonexistent/mikiwame.toml analyze " + sample()).exit_code, 66);
    std::filesystem::remove(bad);
}

TEST(CliConfig, AGoodConfigFileIsUsed) {
    // A threshold nobody reaches turns the demo's phishing verdict into clean.
    auto lenient = temp_file("lenient.toml", "language = \"en\"\n[scoring]\nphishing_threshold = 999\nspam_threshold = 999\n"
                                             "suspicious_threshold = 999\n");
    RunResult r = run("--config " + lenient.string() + " analyze --format json " + sample());
    ASSERT_EQ(r.exit_code, 0) << r.out;
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << r.out;
    EXPECT_EQ(j["verdict"], "clean");
    RunResult text = run("--config " + lenient.string() + " analyze " + sample());
    EXPECT_NE(text.out.find("mikiwame analysis report"), std::string::npos) << "language = en in the file";
    RunResult ja = run("--config " + lenient.string() + " analyze --lang ja " + sample());
    EXPECT_EQ(ja.out.find("mikiwame analysis report"), std::string::npos) << "the flag wins over the file";
    std::filesystem::remove(lenient);
}

TEST(CliConfig, TheIntelDatabaseIsExplicit) {
    RunResult missing = run("analyze --intel-db /nonexistent/intel.sqlite " + sample());
    EXPECT_EQ(missing.exit_code, 78) << missing.out;
    EXPECT_NE(missing.out.find("/nonexistent/intel.sqlite"), std::string::npos) << missing.out;
}

} // namespace

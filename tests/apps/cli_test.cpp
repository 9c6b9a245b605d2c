// SPDX-License-Identifier: Apache-2.0
// The CLI as a user meets it: exit codes (STYLE 7.3), error lines, report formats, data check.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <sstream>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "support/corpus.h"

namespace {

struct RunResult {
    int exit_code = -1;
    std::string out;
};

// Runs `mikiwame ARGS REDIRECTS` in a shell; its standard output and exit code.
RunResult run_cli(const std::string& args, const std::string& redirects) {
    std::string command = std::string(MIKIWAME_CLI) + " " + args + " " + redirects;
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

// Standard output and standard error together.
RunResult run(const std::string& args) {
    return run_cli(args, "2>&1");
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

// A copy of the shipped data directory to break, removed at the end of the test.
struct DataCopy {
    std::filesystem::path dir;
    explicit DataCopy(const std::string& name)
        : dir(std::filesystem::temp_directory_path() / ("mikiwame-data-" + name + "-" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(dir);
        std::filesystem::copy(std::string(MIKIWAME_SOURCE_DIR) + "/data", dir, std::filesystem::copy_options::recursive);
    }
    ~DataCopy() { std::filesystem::remove_all(dir); }
    // Replaces the first `from` in `file` by `to`; returns the 1-based line it was on.
    int edit(const std::string& file, const std::string& from, const std::string& to) {
        std::string text = mikiwame::testing::read_file(dir / file);
        const auto at = text.find(from);
        if (at == std::string::npos) return -1;
        const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
        text.replace(at, from.size(), to);
        std::ofstream(dir / file, std::ios::binary | std::ios::trunc) << text;
        return line;
    }
};

TEST(CliDataCheck, MisspeltKeysAndListNamesAreErrorsAtTheirPlace) {
    {
        DataCopy data("table");
        const int line = data.edit("brands/kagoya.toml", "[domains]", "[domain]");
        ASSERT_GT(line, 0);
        RunResult r = run("data check " + data.dir.string());
        EXPECT_EQ(r.exit_code, 78) << r.out;
        EXPECT_NE(r.out.find("kagoya.toml:" + std::to_string(line) + ":2: unknown key 'domain' (did you mean 'domains'?)"),
                  std::string::npos)
            << r.out;
    }
    {
        DataCopy data("key");
        const int line = data.edit("brands/kagoya.toml", "official =", "offical =");
        ASSERT_GT(line, 0);
        RunResult r = run("data check --strict " + data.dir.string());
        EXPECT_EQ(r.exit_code, 78) << r.out;
        EXPECT_NE(r.out.find("kagoya.toml:" + std::to_string(line) + ":1: unknown key 'domains.offical' (did you mean "
                             "'domains.official'?)"),
                  std::string::npos)
            << r.out;
    }
    {
        DataCopy data("list");
        std::filesystem::rename(data.dir / "phrases" / "urgency.en.txt", data.dir / "phrases" / "urgnecy.en.txt");
        RunResult r = run("data check " + data.dir.string());
        EXPECT_EQ(r.exit_code, 78) << r.out;
        EXPECT_NE(r.out.find("urgnecy.en.txt:1:1: unknown phrase list 'urgnecy' (did you mean 'urgency'?)"), std::string::npos)
            << r.out;
    }
}

TEST(CliDataCheck, DoubtfulDataIsAWarningAndAnErrorWhenStrict) {
    DataCopy data("warnings");
    const int line = data.edit("brands/kagoya.toml", "official = [", "consumer = [");
    ASSERT_GT(line, 0);
    std::filesystem::copy_file(data.dir / "lists" / "shorteners.txt", data.dir / "lists" / "shortners.txt");
    RunResult lenient = run("data check " + data.dir.string());
    EXPECT_EQ(lenient.exit_code, 0) << lenient.out;
    EXPECT_NE(lenient.out.find("mikiwame: warning: " + (data.dir / "brands" / "kagoya.toml").string() +
                               ":3:6: brand 'kagoya' has no official domain"),
              std::string::npos)
        << lenient.out;
    EXPECT_NE(lenient.out.find("shortners.txt: no stage reads this file (did you mean 'shorteners.txt'?)"), std::string::npos)
        << lenient.out;
    EXPECT_NE(lenient.out.find("data check: OK with 2 warnings"), std::string::npos) << lenient.out;
    RunResult strict = run("data check --strict " + data.dir.string());
    EXPECT_EQ(strict.exit_code, 78) << strict.out;
    EXPECT_NE(strict.out.find("mikiwame: error: " + (data.dir / "brands" / "kagoya.toml").string() + ":3:6:"), std::string::npos)
        << strict.out;
    EXPECT_NE(strict.out.find("data check: 2 problems (--strict)"), std::string::npos) << strict.out;
}

TEST(CliDataCheck, ADomainOfTwoBrandsIsAWarningUnlessTheyShareAGroup) {
    DataCopy data("shared-domain");
    ASSERT_GT(data.edit("brands/conoha.toml", "group = \"gmo\"\n", ""), 0);
    RunResult r = run("data check --strict " + data.dir.string());
    EXPECT_EQ(r.exit_code, 78) << r.out;
    EXPECT_NE(r.out.find("is claimed by brand 'onamae' and by 'conoha'"), std::string::npos) << r.out;
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

TEST(CliForwarded, AForwardedReportIsUnwrappedUnlessTheFlagOrTheFileSaysNo) {
    const std::string forward = std::string(MIKIWAME_SOURCE_DIR) + "/tests/cases/forwarded/attachment-rfc822.eml";
    auto json_of = [](const RunResult& r) { return nlohmann::json::parse(r.out, nullptr, false); };
    RunResult unwrapped = run("analyze --format json " + forward);
    ASSERT_EQ(unwrapped.exit_code, 0) << unwrapped.out;
    auto j = json_of(unwrapped);
    ASSERT_FALSE(j.is_discarded()) << unwrapped.out;
    EXPECT_EQ(j["forwarded"]["kind"], "attachment");
    EXPECT_EQ(j["forwarded"]["forwarder"]["address"], "tanaka@example-shop.jp");
    EXPECT_EQ(j["sender"]["from"]["address"], "info@kagoya-notice.example.net");
    RunResult text = run("analyze --lang en " + forward);
    EXPECT_NE(text.out.find("mikiwame analysis report ==\nForwarded report: this is the analysis of the message that tanaka@example-shop.jp forwarded as an attachment"),
              std::string::npos)
        << text.out;

    RunResult kept = run("analyze --no-unwrap-forwarded --format json " + forward);
    ASSERT_EQ(kept.exit_code, 0) << kept.out;
    auto k = json_of(kept);
    ASSERT_FALSE(k.is_discarded()) << kept.out;
    EXPECT_TRUE(k["forwarded"].is_null());
    EXPECT_EQ(k["sender"]["from"]["address"], "tanaka@example-shop.jp") << "the forwarder's own mail is analysed";

    auto off = temp_file("no-unwrap.toml", "[analysis]\nunwrap_forwarded = false\n");
    RunResult configured = run("--config " + off.string() + " analyze --format json " + forward);
    auto c = json_of(configured);
    ASSERT_FALSE(c.is_discarded()) << configured.out;
    EXPECT_TRUE(c["forwarded"].is_null());
    std::filesystem::remove(off);
    auto bad = temp_file("bad-unwrap.toml", "[analysis]\nunwrap_forwarded = \"yes\"\n");
    RunResult rejected = run("--config " + bad.string() + " analyze " + forward);
    EXPECT_EQ(rejected.exit_code, 78);
    EXPECT_NE(rejected.out.find("analysis.unwrap_forwarded: expected true or false"), std::string::npos) << rejected.out;
    std::filesystem::remove(bad);
}

TEST(CliConfig, TheIntelDatabaseIsExplicit) {
    RunResult missing = run("analyze --intel-db /nonexistent/intel.sqlite " + sample());
    EXPECT_EQ(missing.exit_code, 78) << missing.out;
    EXPECT_NE(missing.out.find("/nonexistent/intel.sqlite"), std::string::npos) << missing.out;
}

} // namespace

namespace {

// Standard output only (standard error discarded), for byte checks of reports.
RunResult run_stdout(const std::string& args) {
    return run_cli(args, "2>/dev/null");
}

TEST(CliSafety, TerminalControlsInAMailAreShownNotObeyed) {
    // An OSC 8 hyperlink, SGR "hidden" text, a cursor move and a right-to-left override in the
    // subject, the display name and the body link text.
    const std::string mail =
        "From: \"Support\x1b[8m hidden\x1b[0m\" <a@sender.example>\r\nTo: b@example.jp\r\n"
        "Subject: =?UTF-8?B?" + std::string("UGF5IFx4MWJdODs7aHR0cHM6Ly9ldmlsLmV4YW1wbGUvXHgxYlxcY2xpY2tceDFiXTg7O1x4MWJcXCDigK5mZHAuZXhl") +
        "?= \x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\ \x1b[2J\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        "Log in at https://evil.example/login \xe2\x80\xae" "exe.pdf\r\n";
    auto path = temp_file("controls.eml", mail);
    for (const char* format : {"text", "markdown"}) {
        for (const char* lang : {"ja", "en"}) {
            RunResult r = run_stdout(std::string("analyze -f ") + format + " -l " + lang + " " + path.string());
            ASSERT_EQ(r.exit_code, 0) << format;
            for (unsigned char c : r.out)
                EXPECT_TRUE(c >= 0x20 || c == '\n' || c == '\t') << format << " " << lang << ": control byte " << int(c);
            EXPECT_EQ(r.out.find("\xe2\x80\xae"), std::string::npos) << "bidi override passed through";
            EXPECT_NE(r.out.find("\\x1b"), std::string::npos) << format << ": escape shown visibly";
            EXPECT_NE(r.out.find("U+202E"), std::string::npos) << format << ": override shown visibly";
            // The subject keeps its text, but the hyperlink escape around the URL is broken up and shown.
            for (std::size_t at = r.out.find("https://evil.example"); at != std::string::npos; at = r.out.find("https://evil.example", at + 1))
                EXPECT_EQ(r.out.compare(at - 4, 4, "]8;;"), 0) << format << ": a live link at " << at << ": " << r.out.substr(at - 20, 60);
            EXPECT_NE(r.out.find("hxxps://evil"), std::string::npos) << format << ": the link, defanged";
        }
    }
    std::filesystem::remove(path);
}

TEST(CliInput, WhatIsNotASingleMailIsExit65WithOneLine) {
    auto empty = temp_file("empty.eml", "");
    auto pdf = temp_file("doc.pdf", "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n");
    const std::string three = "From a@x.example Mon Jan  1 00:00:00 2024\nFrom: a@x.example\nSubject: one\n\nbody one\n\n"
                              "From b@y.example Tue Jan  2 00:00:00 2024\nFrom: b@y.example\nSubject: two\n\nbody two\n\n"
                              "From c@z.example Wed Jan  3 00:00:00 2024\nFrom: c@z.example\nSubject: three\n\nbody three\n";
    auto mbox = temp_file("three.mbox", three);
    struct Case {
        std::string args, says;
    };
    const Case cases[] = {
        {"analyze " + empty.string(), "empty input"},
        {"analyze - < /dev/null", "standard input: empty input"},
        {"analyze /bin/ls", "binary data (ELF"},
        {"analyze " + pdf.string(), "PDF document"},
        {"analyze " + mbox.string(), "mbox with 3 messages"},
    };
    for (const auto& c : cases) {
        RunResult r = run(c.args);
        EXPECT_EQ(r.exit_code, 65) << c.args << "\n" << r.out;
        EXPECT_EQ(r.out.rfind("mikiwame: ", 0), 0u) << r.out;
        EXPECT_NE(r.out.find(c.says), std::string::npos) << r.out;
        EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << "one line: " << r.out;
    }
    // An mbox of one message is that message, without the envelope line.
    auto one = temp_file("one.mbox", "From a@x.example Mon Jan  1 00:00:00 2024\n" + mikiwame::testing::read_file(sample()));
    RunResult single = run_stdout("analyze -f json " + one.string());
    ASSERT_EQ(single.exit_code, 0) << single.out;
    auto j = nlohmann::json::parse(single.out, nullptr, false);
    ASSERT_FALSE(j.is_discarded());
    EXPECT_EQ(j["verdict"], "phishing");
    EXPECT_EQ(j["message"]["size"], std::filesystem::file_size(sample()));
    for (const auto& p : {empty, pdf, mbox, one}) std::filesystem::remove(p);
}

TEST(CliConventions, VersionHelpUsageAndWriteErrors) {
    RunResult version = run("--version");
    EXPECT_EQ(version.exit_code, 0);
    EXPECT_EQ(version.out.rfind("mikiwame ", 0), 0u) << version.out;
    EXPECT_NE(version.out.find("commit"), std::string::npos) << version.out;
    RunResult help = run("help analyze");
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_NE(help.out.find("--format"), std::string::npos) << help.out;
    EXPECT_NE(run("help").out.find("analyze"), std::string::npos);
    RunResult typo = run("analyse " + sample());
    EXPECT_EQ(typo.exit_code, 64);
    EXPECT_EQ(typo.out, "mikiwame: unknown command 'analyse' (did you mean 'analyze'?)\n");
    RunResult usage = run("analyze --format yaml " + sample());
    EXPECT_EQ(usage.exit_code, 64);
    EXPECT_EQ(usage.out.rfind("mikiwame: ", 0), 0u);
    EXPECT_EQ(std::count(usage.out.begin(), usage.out.end(), '\n'), 1) << usage.out;
    RunResult full = run_cli("analyze " + sample(), "2>&1 >/dev/full"); // standard error read, the report to a full disk
    EXPECT_EQ(full.exit_code, 74) << full.out;
    EXPECT_NE(full.out.find("write error"), std::string::npos) << full.out;
    // Short options and -o.
    auto out = std::filesystem::temp_directory_path() / ("mikiwame-cli-" + std::to_string(::getpid()) + "-report.json");
    EXPECT_EQ(run("analyze -f json -l en -o " + out.string() + " " + sample()).exit_code, 0);
    EXPECT_NE(mikiwame::testing::read_file(out).find("mikiwame.report/1"), std::string::npos);
    std::filesystem::remove(out);
}

TEST(CliConventions, ExitCodeByVerdictOnRequest) {
    EXPECT_EQ(run("analyze " + sample() + " > /dev/null").exit_code, 0);
    EXPECT_EQ(run("analyze --exit-code " + sample() + " > /dev/null").exit_code, 3) << "phishing is 3";
    auto ham = temp_file("ham.eml", "From: Taro <taro@example.org>\r\nTo: hanako@example.jp\r\nSubject: lunch\r\n"
                                    "Date: Mon, 1 Jan 2024 12:00:00 +0900\r\nMessage-ID: <1@example.org>\r\n\r\nShall we have lunch on Friday?\r\n");
    EXPECT_EQ(run("analyze --exit-code " + ham.string() + " > /dev/null").exit_code, 0) << "clean is 0";
    std::filesystem::remove(ham);
}

TEST(CliEval, CountsMboxMessagesRefusesMissingFoldersAndListsMisses) {
    auto dir = std::filesystem::temp_directory_path() / ("mikiwame-eval-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir / "phish");
    std::filesystem::create_directories(dir / "ham");
    const std::string demo = mikiwame::testing::read_file(sample());
    std::string mbox;
    for (int i = 0; i < 3; ++i) mbox += "From x@y.example Mon Jan  1 00:00:0" + std::to_string(i) + " 2024\n" + demo + "\n";
    std::ofstream(dir / "phish" / "three.mbox", std::ios::binary) << mbox;
    std::ofstream(dir / "phish" / "README") << "These are phishing samples.\n";
    std::ofstream(dir / "ham" / "clean.eml", std::ios::binary) << "From: Taro <taro@example.org>\r\nTo: hanako@example.jp\r\n"
                                                                  "Subject: lunch\r\n\r\nShall we have lunch?\r\n";
    // The demo as "ham": a misclassified sample for --misses.
    std::ofstream(dir / "ham" / "demo.eml", std::ios::binary) << demo;
    auto misses = dir / "misses.tsv";
    RunResult r = run("eval --phish " + (dir / "phish").string() + " --ham " + (dir / "ham").string() + " -j 2 --misses " + misses.string());
    ASSERT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("detection of phish (phishing or spam):"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("100.0% (3/3)"), std::string::npos) << "three messages of one mbox: " << r.out;
    EXPECT_NE(r.out.find("README: skipped"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("phishing only"), std::string::npos) << r.out;
    const std::string listed = mikiwame::testing::read_file(misses);
    EXPECT_NE(listed.find("ham\tphishing\t"), std::string::npos) << listed;
    EXPECT_NE(listed.find("demo.eml"), std::string::npos) << listed;
    EXPECT_EQ(listed.find("clean.eml"), std::string::npos) << listed;
    RunResult missing = run("eval --phish " + (dir / "nope").string());
    EXPECT_EQ(missing.exit_code, 66) << missing.out;
    EXPECT_NE(missing.out.find("no such file or folder"), std::string::npos) << missing.out;
    std::filesystem::remove_all(dir);
}

TEST(CliIntel, ImportValidatesListsRemovesAndCounts) {
    auto db = std::filesystem::temp_directory_path() / ("mikiwame-intel-" + std::to_string(::getpid()) + ".sqlite");
    std::filesystem::remove(db);
    RunResult binary = run("intel import /bin/ls --db " + db.string());
    EXPECT_EQ(binary.exit_code, 0) << binary.out;
    EXPECT_NE(binary.out.find(" 0 loaded"), std::string::npos) << binary.out;
    EXPECT_NE(binary.out.find("/bin/ls:1: not a URL or domain"), std::string::npos) << binary.out;
    auto feed = temp_file("feed.txt", "# test feed\nhttps://login.bad-bank.example/index.html\nevil.example\nnot a domain\n");
    RunResult imported = run("intel import " + feed.string() + " --db " + db.string());
    EXPECT_NE(imported.out.find("2 loaded, 1 rejected"), std::string::npos) << imported.out;
    EXPECT_NE(imported.out.find(":4: not a URL or domain"), std::string::npos) << imported.out;
    RunResult list = run("intel list --db " + db.string());
    EXPECT_NE(list.out.find("https://login.bad-bank.example/index.html"), std::string::npos) << list.out;
    EXPECT_NE(list.out.find("evil.example"), std::string::npos) << list.out;
    RunResult stats = run("intel stats --db " + db.string());
    EXPECT_NE(stats.out.find("all\ttotal\t2"), std::string::npos) << stats.out;
    RunResult removed = run("intel remove evil.example --db " + db.string());
    EXPECT_NE(removed.out.find("1 entries removed, 1 left"), std::string::npos) << removed.out;
    RunResult by_source = run("intel remove --source " + feed.filename().string() + " --db " + db.string());
    EXPECT_NE(by_source.out.find("1 entries removed, 0 left"), std::string::npos) << by_source.out;
    std::filesystem::remove(db);
    std::filesystem::remove(feed);
}

} // namespace

namespace {

TEST(CliProvenance, TheReportSaysWhatProducedIt) {
    auto db = std::filesystem::temp_directory_path() / ("mikiwame-prov-" + std::to_string(::getpid()) + ".sqlite");
    std::filesystem::remove(db);
    auto feed = temp_file("prov-feed.txt", "https://su-activemail-kagoya-jp.es/mail/login.html\n");
    ASSERT_EQ(run("intel import " + feed.string() + " --db " + db.string()).exit_code, 0);
    RunResult r = run_stdout("analyze -f json --intel-db " + db.string() + " " + sample());
    ASSERT_EQ(r.exit_code, 0) << r.out;
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_FALSE(j.is_discarded());
    const auto& e = j["engine"];
    EXPECT_FALSE(e["version"].get<std::string>().empty());
    EXPECT_EQ(e["data_version"].get<std::string>().rfind("sha256:", 0), 0u);
    EXPECT_EQ(e["intel_db"], db.string());
    EXPECT_EQ(e["intel_entries"], 1);
    ASSERT_EQ(e["intel_feeds"].size(), 1u);
    EXPECT_EQ(e["intel_feeds"][0]["source"], feed.filename().string());
    bool listed = false;
    for (const auto& f : j["findings"]) listed = listed || f["id"] == "url.known_phish";
    EXPECT_TRUE(listed) << "the given store was used";
    RunResult text = run_stdout("analyze -l en --intel-db " + db.string() + " " + sample());
    EXPECT_NE(text.out.find("Produced by mikiwame"), std::string::npos);
    EXPECT_NE(text.out.find(db.string() + " (1 entries)"), std::string::npos) << text.out;
    std::filesystem::remove(db);
    std::filesystem::remove(feed);
}

} // namespace

namespace {

TEST(CliOutlook, MsgFilesAreReadAndADamagedOneIsAnInputError) {
    const std::filesystem::path msg = std::filesystem::path(MIKIWAME_CORPUS_DIR) / "suites/msg/unicode.msg";
    if (!std::filesystem::exists(msg)) GTEST_SKIP() << "../shared/corpus/suites/msg absent; skipping";
    RunResult r = run_stdout("analyze -f json " + msg.string());
    ASSERT_EQ(r.exit_code, 0) << r.out;
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_FALSE(j.is_discarded());
    EXPECT_EQ(j["message"]["subject"], "Test for TIF files");
    EXPECT_EQ(j["sender"]["from"]["address"], "brizhou@gmail.com");
    ASSERT_EQ(j["attachments"].size(), 2u);
    EXPECT_EQ(j["attachments"][0]["filename"], "import OleFileIO.tif");
    EXPECT_EQ(j["attachments"][0]["size"], 969674);
    RunResult text = run_stdout("analyze -l en " + msg.string());
    EXPECT_NE(text.out.find("input was an Outlook .msg"), std::string::npos) << "the report says how the input was read";
    const std::string bytes = mikiwame::testing::read_file(msg);
    auto truncated = temp_file("truncated.msg", bytes.substr(0, 30000));
    RunResult damaged = run("analyze " + truncated.string());
    EXPECT_EQ(damaged.exit_code, 65) << damaged.out;
    EXPECT_NE(damaged.out.find("damaged Outlook .msg"), std::string::npos) << damaged.out;
    std::filesystem::remove(truncated);
}

} // namespace

namespace {

std::string model_fixtures(const std::string& folder) {
    return std::string(MIKIWAME_SOURCE_DIR) + "/tests/fixtures/model/" + folder;
}

TEST(CliLearn, TrainsAModelThatAnalyzeLoadsFromTheConfiguration) {
    const auto model = std::filesystem::temp_directory_path() / ("mikiwame-cli-" + std::to_string(::getpid()) + "-learned.model");
    RunResult learned = run("--config /dev/null learn --phish " + model_fixtures("phish") + " --spam " + model_fixtures("spam") +
                            " --ham " + model_fixtures("ham") + " -o " + model.string());
    ASSERT_EQ(learned.exit_code, 0) << learned.out;
    EXPECT_NE(learned.out.find("learned 5 phishing, 2 spam and 5 ham messages"), std::string::npos) << learned.out;
    ASSERT_TRUE(std::filesystem::exists(model));
    auto config = temp_file("model.toml", "[model]\npath = \"" + model.string() + "\"\n");
    RunResult r = run("--config " + config.string() + " analyze --format json " + model_fixtures("probe/similar-phish.eml"));
    ASSERT_EQ(r.exit_code, 0) << r.out;
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << r.out;
    bool fired = false;
    for (const auto& f : j["findings"]) fired = fired || f["id"] == "content.statistical";
    EXPECT_TRUE(fired) << r.out;
    EXPECT_TRUE(j["engine"]["content_model"].is_string());
    RunResult check = run("--config " + config.string() + " data check");
    EXPECT_EQ(check.exit_code, 0) << check.out;
    EXPECT_NE(check.out.find("content model: " + model.string()), std::string::npos) << check.out;
    // Off in the configuration: no statistical judgement and no model in the report.
    auto off = temp_file("model-off.toml", "[model]\npath = \"" + model.string() + "\"\nenabled = false\n");
    RunResult plain = run("--config " + off.string() + " analyze --format json " + model_fixtures("probe/similar-phish.eml"));
    ASSERT_EQ(plain.exit_code, 0) << plain.out;
    EXPECT_TRUE(nlohmann::json::parse(plain.out)["engine"]["content_model"].is_null());
    std::filesystem::remove(model);
    std::filesystem::remove(config);
    std::filesystem::remove(off);
}

TEST(CliLearn, ADamagedOrMissingModelIsExit78WithOneLine) {
    const auto model = std::filesystem::temp_directory_path() / ("mikiwame-cli-" + std::to_string(::getpid()) + "-damaged.model");
    RunResult learned = run("--config /dev/null learn --phish " + model_fixtures("phish") + " --ham " + model_fixtures("ham") + " -o " +
                            model.string());
    ASSERT_EQ(learned.exit_code, 0) << learned.out;
    std::filesystem::resize_file(model, std::filesystem::file_size(model) / 2);
    auto config = temp_file("damaged.toml", "[model]\npath = \"" + model.string() + "\"\n");
    for (const std::string& command : {std::string("analyze ") + sample(), std::string("data check")}) {
        RunResult r = run("--config " + config.string() + " " + command);
        EXPECT_EQ(r.exit_code, 78) << command << ": " << r.out;
        EXPECT_EQ(r.out.rfind("mikiwame: " + model.string() + ": ", 0), 0u) << r.out;
        EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << "one line: " << r.out;
    }
    std::ofstream(model, std::ios::binary) << "garbage, not a model";
    RunResult garbage = run("--config " + config.string() + " analyze " + sample());
    EXPECT_EQ(garbage.exit_code, 78);
    EXPECT_NE(garbage.out.find("not a mikiwame content model"), std::string::npos) << garbage.out;
    std::filesystem::remove(model);
    RunResult missing = run("--config " + config.string() + " analyze " + sample());
    EXPECT_EQ(missing.exit_code, 78) << missing.out;
    // learn itself does not need the model it replaces.
    RunResult relearn = run("--config " + config.string() + " learn --phish " + model_fixtures("phish") + " --ham " + model_fixtures("ham"));
    EXPECT_EQ(relearn.exit_code, 0) << relearn.out;
    EXPECT_TRUE(std::filesystem::exists(model)) << "learn writes the configured model without -o";
    std::filesystem::remove(model);
    std::filesystem::remove(config);
}

TEST(CliLearn, UsageErrors) {
    EXPECT_EQ(run("learn --phish " + model_fixtures("phish")).exit_code, 64) << "no ham";
    EXPECT_EQ(run("learn --ham " + model_fixtures("ham")).exit_code, 64) << "no spam or phishing";
    EXPECT_EQ(run("learn --ham /nonexistent --phish " + model_fixtures("phish")).exit_code, 66);
    EXPECT_EQ(run("eval --ham " + model_fixtures("ham") + " --train-ham " + model_fixtures("ham")).exit_code, 64);
    EXPECT_EQ(run("eval --cross-validate 1 --ham " + model_fixtures("ham")).exit_code, 64);
}

TEST(CliEval, CrossValidationJudgesEachFoldWithAModelTrainedWithoutIt) {
    RunResult r = run("--config /dev/null eval --cross-validate 2 -j 2 --phish " + model_fixtures("phish") + " --spam " +
                      model_fixtures("spam") + " --ham " + model_fixtures("ham") + " --train-ham " + model_fixtures("probe/similar-ham.eml") +
                      " --train-phish " + model_fixtures("probe/similar-phish.eml"));
    ASSERT_EQ(r.exit_code, 0) << r.out;
    EXPECT_EQ(r.out.rfind("2-fold cross-validation: folds by normalised subject", 0), 0u) << r.out;
    EXPECT_NE(r.out.find("and on 2 training-only messages"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("detection of phish (phishing or spam):"), std::string::npos) << r.out;
}

} // namespace

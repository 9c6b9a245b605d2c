// SPDX-License-Identifier: Apache-2.0
// `mikiwame scan` as an abuse desk uses it, on mailboxes this test builds from the project's own
// fixtures: Maildir, mbox (with ">From " quoting and "From " in a body), MH and nested folders;
// order and identity of the results whatever the jobs; problems reported and skipped; exit
// status; progress only on a terminal; summary, indicators (CSV and STIX 2.1) and resume.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct RunResult {
    int exit_code = -1;
    std::string out;
};

RunResult shell(const std::string& command) {
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

// `mikiwame ARGS` with standard output to `out_file` (when given) and standard error returned.
RunResult scan(const std::string& args) {
    return shell(std::string(MIKIWAME_CLI) + " scan " + args + " 2>&1");
}

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

fs::path fixture(const std::string& name) {
    return fs::path(MIKIWAME_SOURCE_DIR) / "tests/golden" / (name + ".eml");
}

std::vector<nlohmann::json> json_lines(const std::string& text) {
    std::vector<nlohmann::json> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        auto j = nlohmann::json::parse(line, nullptr, false);
        EXPECT_FALSE(j.is_discarded()) << line;
        out.push_back(j);
    }
    return out;
}

class Scan : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("mikiwame-scan-test-" + std::to_string(getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    // A Maildir of `names` (first half in cur/, the rest in new/; a half-written mail in tmp/).
    fs::path maildir(const std::string& name, const std::vector<std::string>& names) {
        fs::path box = dir_ / name;
        for (const char* sub : {"cur", "new", "tmp"}) fs::create_directories(box / sub);
        for (std::size_t i = 0; i < names.size(); ++i) {
            const bool cur = i < names.size() / 2;
            fs::path file = box / (cur ? "cur" : "new") / (std::to_string(1700000000 + i) + ".M" + std::to_string(i) + ".host" + (cur ? ":2,S" : ""));
            fs::copy_file(fixture(names[i]), file);
        }
        write(box / "tmp" / "1700009999.M9.host", "Subject: still being written\n");
        write(box / "dovecot-uidlist", "3 V1 N1\n");
        return box;
    }

    fs::path dir_;
};

// Two messages quoted mboxrd-style, one with a "From " line in its body: three messages, and
// the offsets of their "From " lines.
std::string mbox_text(std::vector<std::size_t>& offsets) {
    std::string text;
    auto add = [&](const std::string& envelope, std::string message) {
        offsets.push_back(text.size());
        text += envelope + "\n";
        std::string quoted;
        std::istringstream in(message);
        for (std::string line; std::getline(in, line);) {
            if (line.starts_with("From ") || line.starts_with(">From ")) line = ">" + line;
            quoted += line + "\n";
        }
        text += quoted + "\n";
    };
    add("From a@example.org Mon Jan  1 00:00:00 2024", read(fixture("payment-deadline-base64")));
    add("From b@example.org Tue Jan  2 00:00:00 2024",
        "From: Hanako <hanako@example.org>\nTo: t@example.net\nSubject: minutes\nDate: Tue, 2 Jan 2024 10:00:00 +0900\n"
        "Message-ID: <m1@example.org>\n\nHello,\n\nFrom the meeting: nothing to report.\n>From a quoted line\n");
    add("From c@example.org Wed Jan  3 00:00:00 2024", read(fixture("crypto-giveaway")));
    return text;
}

TEST_F(Scan, FindsEveryMessageOfEveryKindOfMailboxOnceInAStableOrder) {
    maildir("Maildir", {"storage-failure-webmail", "card-usage-confirmation", "parcel-redelivery-fee"});
    std::vector<std::size_t> offsets;
    write(dir_ / "archive.mbox", mbox_text(offsets));
    // MH: numbered files (2 before 10), its sequences file.
    for (const auto& [number, name] : std::vector<std::pair<std::string, std::string>>{
             {"10", "redirect-two-buttons"}, {"2", "spoofed-hosting-domain"}, {"1", "qmail-helo-localhost"}})
        write(dir_ / "mh" / number, read(fixture(name)));
    write(dir_ / "mh" / ".mh_sequences", "unseen: 1-2\n");
    write(dir_ / "nested/a/b/deep.eml", read(fixture("html-attachment-login")));

    const std::string paths = (dir_ / "Maildir").string() + " " + (dir_ / "archive.mbox").string() + " " + (dir_ / "mh").string() +
                              " " + (dir_ / "nested").string() + " " + (dir_ / "archive.mbox").string();
    RunResult one = scan("--jobs 1 -o " + (dir_ / "one.jsonl").string() + " " + paths);
    RunResult four = scan("--jobs 4 -o " + (dir_ / "four.jsonl").string() + " " + paths);
    EXPECT_EQ(one.exit_code, 1) << one.out; // phishing found
    EXPECT_EQ(four.exit_code, 1) << four.out;
    EXPECT_EQ(one.out, "") << "nothing on standard error";
    const std::string a = read(dir_ / "one.jsonl"), b = read(dir_ / "four.jsonl");
    EXPECT_EQ(a, b) << "byte-identical whatever the jobs";
    auto lines = json_lines(a);
    ASSERT_EQ(lines.size(), 3u + 3u + 3u + 1u) << a;
    std::vector<std::string> files;
    for (const auto& j : lines) files.push_back(j["source"]["file"].get<std::string>());
    // Maildir cur/ then new/, tmp/ left out; the mbox's three (once, though given twice); MH in
    // numeric order; the nested file.
    EXPECT_NE(files[0].find("/Maildir/cur/"), std::string::npos) << files[0];
    EXPECT_NE(files[2].find("/Maildir/new/"), std::string::npos) << files[2];
    for (int i = 3; i < 6; ++i) {
        EXPECT_EQ(files[i], (dir_ / "archive.mbox").string());
        EXPECT_EQ(lines[i]["source"]["offset"].get<std::size_t>(), offsets[i - 3]);
    }
    EXPECT_EQ(files[6], (dir_ / "mh" / "1").string());
    EXPECT_EQ(files[7], (dir_ / "mh" / "2").string());
    EXPECT_EQ(files[8], (dir_ / "mh" / "10").string());
    EXPECT_EQ(files[9], (dir_ / "nested/a/b/deep.eml").string());
    for (const auto& j : lines) EXPECT_TRUE(j["source"]["offset"].is_null() || j["source"]["file"] == (dir_ / "archive.mbox").string());
    // The mbox's messages are the messages, unquoted: the middle one is the plain note, whole.
    EXPECT_EQ(lines[4]["message"]["subject"], "minutes");
    EXPECT_EQ(lines[4]["verdict"], "clean");
    EXPECT_EQ(lines[3]["verdict"], "phishing");
    std::set<std::string> hashes;
    for (const auto& j : lines) hashes.insert(j["message"]["sha256"].get<std::string>());
    EXPECT_EQ(hashes.size(), lines.size()) << "every message once";
}

TEST_F(Scan, UnreadableFilesAndATruncatedMboxAreReportedAndSkipped) {
    write(dir_ / "box/good.eml", read(fixture("storage-failure-webmail")));
    fs::create_symlink(dir_ / "box/missing.eml", dir_ / "box/broken.eml");
    write(dir_ / "box/notes.txt", "just some text someone saved here\nnot mail\n");
    std::vector<std::size_t> offsets;
    std::string mbox = mbox_text(offsets);
    // Cut the last message inside its header section.
    write(dir_ / "box/cut.mbox", mbox.substr(0, offsets[2] + 60));
    RunResult r = scan("--jobs 2 -o " + (dir_ / "out.jsonl").string() + " " + (dir_ / "box").string());
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.out.find("broken.eml: unreadable"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("cut.mbox#" + std::to_string(offsets[2]) + ": the mbox ends inside this message"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("notes.txt: text without a mail header section"), std::string::npos) << r.out;
    auto lines = json_lines(read(dir_ / "out.jsonl"));
    EXPECT_EQ(lines.size(), 3u) << "the two whole messages of the mbox and good.eml";
}

TEST_F(Scan, ExitStatusSaysWhetherPhishingWasFound) {
    write(dir_ / "clean/a.eml", read(fs::path(MIKIWAME_SOURCE_DIR) / "tests/cases/genuine/amazon.eml"));
    EXPECT_EQ(scan("-o /dev/null " + (dir_ / "clean").string()).exit_code, 0);
    write(dir_ / "phish/a.eml", read(fixture("payment-deadline-base64")));
    EXPECT_EQ(scan("-o /dev/null " + (dir_ / "phish").string()).exit_code, 1);
    RunResult missing = scan("-o /dev/null " + (dir_ / "nowhere").string());
    EXPECT_EQ(missing.exit_code, 66);
    EXPECT_NE(missing.out.find("no such file or folder"), std::string::npos) << missing.out;
    EXPECT_EQ(scan("--format xml " + (dir_ / "clean").string()).exit_code, 64);
}

TEST_F(Scan, ReadsThePathsToScanFromStandardInput) {
    write(dir_ / "x/one.eml", read(fixture("payment-deadline-base64")));
    write(dir_ / "y/two.eml", read(fixture("parcel-redelivery-fee")));
    RunResult r = shell("printf '%s\\n%s\\n' " + (dir_ / "x/one.eml").string() + " " + (dir_ / "y").string() + " | " +
                        MIKIWAME_CLI + " scan --format csv -");
    EXPECT_EQ(r.exit_code, 1) << r.out;
    std::istringstream in(r.out);
    std::vector<std::string> rows;
    for (std::string line; std::getline(in, line);) rows.push_back(line);
    ASSERT_EQ(rows.size(), 3u) << r.out;
    EXPECT_EQ(rows[0].rfind("file,offset,sha256,verdict,score,", 0), 0u);
    EXPECT_EQ(rows[1].rfind((dir_ / "x/one.eml").string() + ",,", 0), 0u) << rows[1];
    EXPECT_NE(rows[2].find("two.eml"), std::string::npos);
}

TEST_F(Scan, ShowsProgressOnATerminalAndNothingOnAPipe) {
    maildir("box", {"storage-failure-webmail", "card-usage-confirmation", "parcel-redelivery-fee", "crypto-giveaway"});
    // script(1) gives the command a pseudo-terminal; what it printed lands in the typescript.
    const fs::path typescript = dir_ / "typescript";
    shell("script -qec '" + std::string(MIKIWAME_CLI) + " scan -j 1 -o /dev/null " + (dir_ / "box").string() + "' " + typescript.string() +
          " > /dev/null 2>&1");
    const std::string seen = read(typescript);
    EXPECT_NE(seen.find("4/4 100%"), std::string::npos) << seen;
    EXPECT_NE(seen.find("phishing "), std::string::npos) << seen;
    EXPECT_NE(seen.find("scanned 4 mails"), std::string::npos) << seen;
    RunResult piped = scan("-j 1 -o /dev/null " + (dir_ / "box").string());
    EXPECT_EQ(piped.out, "") << "no progress or tally on a pipe";
    shell("script -qec '" + std::string(MIKIWAME_CLI) + " scan --quiet -j 1 -o /dev/null " + (dir_ / "box").string() + "' " +
          typescript.string() + " > /dev/null 2>&1");
    EXPECT_EQ(read(typescript).find("4/4"), std::string::npos) << "--quiet";
}

TEST_F(Scan, SummaryAndIndicatorsOfKnownMail) {
    // Two copies of one phishing mail (deduplicated indicators seen twice), one with a redirect,
    // one with an attachment, one clean mail.
    write(dir_ / "box/1.eml", read(fixture("payment-deadline-base64")));
    write(dir_ / "box/2.eml", read(fixture("payment-deadline-base64")) + "\n");
    write(dir_ / "box/3.eml", read(fixture("redirect-two-buttons")));
    write(dir_ / "box/4.eml", read(fixture("html-attachment-login")));
    write(dir_ / "box/5.eml", read(fs::path(MIKIWAME_SOURCE_DIR) / "tests/cases/genuine/amazon.eml"));
    const fs::path csv = dir_ / "ind.csv", stix = dir_ / "ind.json";
    RunResult r = shell(std::string(MIKIWAME_CLI) + " scan -o " + (dir_ / "out.jsonl").string() + " --summary json --indicators " +
                        csv.string() + " --indicators " + stix.string() + " " + (dir_ / "box").string() + " 2>/dev/null");
    ASSERT_EQ(r.exit_code, 1) << r.out;
    auto summary = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_FALSE(summary.is_discarded()) << r.out;
    EXPECT_EQ(summary["analysed"], 5);
    EXPECT_EQ(summary["verdicts"]["phishing"], 4);
    EXPECT_EQ(summary["verdicts"]["clean"], 1);
    EXPECT_GT(summary["throughput"]["messages_per_second"].get<double>(), 0);
    bool smbc = false;
    for (const auto& b : summary["top_brands"]) smbc = smbc || (b["brand"] == "smbc_card" && b["mails"] == 2);
    EXPECT_TRUE(smbc) << summary["top_brands"].dump();

    // CSV: type,value,mails,first_seen,last_seen,verdict,example — each indicator once.
    std::map<std::pair<std::string, std::string>, std::string> rows;
    std::istringstream in(read(csv));
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line, "type,value,mails,first_seen,last_seen,verdict,example");
    while (std::getline(in, line)) {
        auto c1 = line.find(','), c2 = line.find(',', c1 + 1);
        auto key = std::make_pair(line.substr(0, c1), line.substr(c1 + 1, c2 - c1 - 1));
        EXPECT_EQ(rows.count(key), 0u) << "deduplicated: " << line;
        rows[key] = line.substr(c2 + 1);
    }
    auto mails = [&](const std::string& type, const std::string& value) {
        auto it = rows.find({type, value});
        return it == rows.end() ? std::string("absent") : it->second.substr(0, it->second.find(','));
    };
    EXPECT_EQ(mails("url", "https://smbc-vpass-check.example/pay/?id=dGFuYWthQGV4YW1wbGUtc2hvcC5qcA=="), "2");
    EXPECT_EQ(mails("domain", "smbc-vpass-check.example"), "2");
    EXPECT_EQ(mails("ipv4", "45.137.21.9"), "2");
    EXPECT_EQ(mails("email", "info@smbc-card-notice.example"), "2");
    EXPECT_EQ(mails("url", "https://activemail-secure-login.example/webmail.php"), "1") << "a redirect's target";
    EXPECT_EQ(mails("ipv4", "185.222.58.77"), "1");
    EXPECT_EQ(mails("domain", "google.com"), "absent") << "a redirector's domain is shared, never an indicator";
    EXPECT_EQ(mails("sha256", "4b9b8d7de07c294591078dc7d6d28091a25964827648bef06e1475cf41d1d2f3"), "1");
    EXPECT_EQ(mails("domain", "smbc-card.com"), "absent") << "a brand's own domain";
    for (const auto& [key, rest] : rows) EXPECT_EQ(rest.find("amazon"), std::string::npos) << "nothing of the clean mail";

    // STIX 2.1: a bundle of indicators with the required properties, one per CSV row.
    auto bundle = nlohmann::json::parse(read(stix), nullptr, false);
    ASSERT_FALSE(bundle.is_discarded());
    EXPECT_EQ(bundle["type"], "bundle");
    EXPECT_EQ(bundle["id"].get<std::string>().rfind("bundle--", 0), 0u);
    ASSERT_EQ(bundle["objects"].size(), rows.size());
    std::set<std::string> ids, patterns;
    const auto is_time = [](const std::string& t) { return t.size() == 24 && t[4] == '-' && t[10] == 'T' && t.back() == 'Z'; };
    for (const auto& o : bundle["objects"]) {
        EXPECT_EQ(o["type"], "indicator");
        EXPECT_EQ(o["spec_version"], "2.1");
        const std::string id = o["id"].get<std::string>();
        EXPECT_EQ(id.size(), std::string("indicator--").size() + 36) << id;
        EXPECT_TRUE(ids.insert(id).second) << id;
        for (const char* key : {"created", "modified", "valid_from"}) EXPECT_TRUE(is_time(o[key].get<std::string>())) << o.dump();
        EXPECT_EQ(o["pattern_type"], "stix");
        patterns.insert(o["pattern"].get<std::string>());
    }
    EXPECT_TRUE(patterns.count("[ipv4-addr:value = '45.137.21.9']"));
    EXPECT_TRUE(patterns.count("[file:hashes.'SHA-256' = '4b9b8d7de07c294591078dc7d6d28091a25964827648bef06e1475cf41d1d2f3']"));
    EXPECT_TRUE(patterns.count("[url:value = 'https://activemail-secure-login.example/webmail.php']"));
}

TEST_F(Scan, ResumesFromItsStateAndAnalysesOnlyNewMail) {
    fs::path box = maildir("box", {"storage-failure-webmail", "card-usage-confirmation", "parcel-redelivery-fee", "crypto-giveaway"});
    const std::string state = (dir_ / "state.sqlite").string();
    const std::string args = "--state " + state + " -o " + (dir_ / "out.jsonl").string() + " " + box.string();
    RunResult first = scan(args);
    EXPECT_EQ(json_lines(read(dir_ / "out.jsonl")).size(), 4u) << first.out;
    RunResult second = scan(args);
    EXPECT_EQ(read(dir_ / "out.jsonl"), "");
    EXPECT_NE(second.out.find("4 mails unchanged since the last scan"), std::string::npos) << second.out;
    EXPECT_NE(second.out.find(", 0 analysed"), std::string::npos) << second.out;
    EXPECT_EQ(second.exit_code, 0) << "nothing new, so no phishing found";
    for (const char* name : {"invoice-bank-details-changed", "account-locked-reregistration", "display-name-isp-account"})
        fs::copy_file(fixture(name), box / "new" / (std::string("1800000000.") + name + ".host"));
    RunResult third = scan(args);
    auto lines = json_lines(read(dir_ / "out.jsonl"));
    EXPECT_EQ(lines.size(), 3u) << third.out;
    EXPECT_NE(third.out.find(", 3 analysed"), std::string::npos) << third.out;
    // A file that is not a state file is refused, not overwritten.
    write(dir_ / "notes.sqlite", "not sqlite at all");
    RunResult bad = scan("--state " + (dir_ / "notes.sqlite").string() + " -o /dev/null " + box.string());
    EXPECT_EQ(bad.exit_code, 78) << bad.out;
    EXPECT_EQ(read(dir_ / "notes.sqlite"), "not sqlite at all");
}

TEST_F(Scan, UnwrapsForwardedReportsUnlessToldNot) {
    const fs::path cases = fs::path(MIKIWAME_SOURCE_DIR) / "tests/cases/forwarded";
    write(dir_ / "reports/1.eml", read(cases / "attachment-rfc822.eml"));
    write(dir_ / "reports/2.eml", read(cases / "inline-gmail-ja.eml"));
    write(dir_ / "reports/3.eml", read(cases / "reply-quote-en.eml"));
    RunResult r = scan("-o " + (dir_ / "out.jsonl").string() + " " + (dir_ / "reports").string());
    auto lines = json_lines(read(dir_ / "out.jsonl"));
    ASSERT_EQ(lines.size(), 3u) << r.out;
    EXPECT_EQ(lines[0]["forwarded"]["kind"], "attachment");
    EXPECT_EQ(lines[0]["verdict"], "phishing");
    EXPECT_EQ(lines[1]["forwarded"]["kind"], "inline");
    EXPECT_EQ(lines[1]["verdict"], "phishing");
    EXPECT_TRUE(lines[2]["forwarded"].is_null()) << "a reply that quotes is not a forward";
    scan("--no-unwrap-forwarded -o " + (dir_ / "off.jsonl").string() + " " + (dir_ / "reports").string());
    for (const auto& j : json_lines(read(dir_ / "off.jsonl"))) EXPECT_TRUE(j["forwarded"].is_null()) << j["source"].dump();
}

TEST_F(Scan, StopsCleanlyOnSigintAndSaysHowFarItGot) {
    // Enough mail that the scan is still running when the signal arrives.
    for (int i = 0; i < 1000; ++i)
        write(dir_ / "box" / (std::to_string(i) + ".eml"), read(fixture("storage-failure-webmail")) + "\n" + std::to_string(i) + "\n");
    RunResult r = shell("(" + std::string(MIKIWAME_CLI) + " scan -j 1 -o " + (dir_ / "out.jsonl").string() + " " + (dir_ / "box").string() +
                        " & pid=$!; while [ ! -s " + (dir_ / "out.jsonl").string() + " ]; do sleep 0.05; done; kill -INT $pid; wait $pid; echo exit=$?) 2>&1");
    if (r.out.find("exit=130") == std::string::npos) {
        GTEST_SKIP() << "the scan finished before the signal (a fast machine): " << r.out;
    }
    EXPECT_NE(r.out.find("scan interrupted: "), std::string::npos) << r.out;
    const std::string text = read(dir_ / "out.jsonl");
    auto lines = json_lines(text);
    EXPECT_LT(lines.size(), 1000u);
    EXPECT_NE(r.out.find(std::to_string(lines.size()) + " of 1000 mails done"), std::string::npos) << r.out;
    EXPECT_TRUE(text.empty() || text.back() == '\n') << "only whole lines";
}

} // namespace

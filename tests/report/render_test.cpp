// SPDX-License-Identifier: Apache-2.0
#include "report/render.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>
#include <fstream>
#include <iterator>

namespace mikiwame::report {
namespace {

// The shipped wording (data/report/words.*.toml).
const Wording& wording() {
    static const Wording loaded = [] {
        auto w = Wording::load(std::filesystem::path(MIKIWAME_SOURCE_DIR) / "data/report");
        if (!w) {
            ADD_FAILURE() << w.error().context << ": " << w.error().message;
            return Wording{};
        }
        return std::move(w).value();
    }();
    return loaded;
}
const Words& ja() { return wording().words("ja"); }
const Words& en() { return wording().words("en"); }

Report sample_report() {
    Report r;
    r.verdict = Verdict::Phishing;
    r.score = 9.5;
    r.message.subject = "未配信のメッセージ <b>";
    r.message.size = 10;
    r.sender.from.address = "a@evil.example";
    UrlInfo u;
    u.url = "https://su-login.evil.example/mail/login.html?x=1";
    u.host = "su-login.evil.example";
    u.registrable_domain = "evil.example";
    u.found_in = "html";
    u.display_text = "https://www.brand.example/";
    r.urls.push_back(u);
    Finding f;
    f.id = "url.text_href_mismatch";
    f.severity = Severity::High;
    f.score = 3;
    f.summary = {"リンクの表示と実際のリンク先が異なります", "A link's visible text shows another address"};
    f.evidence = {"shows https://www.brand.example/ but leads to https://su-login.evil.example/"};
    r.findings.push_back(f);
    return r;
}

TEST(Render, JsonFollowsTheSchemaAndNullsOptionalFields) {
    auto j = nlohmann::json::parse(render_json(sample_report()));
    EXPECT_EQ(j["schema"], "mikiwame.report/1");
    EXPECT_EQ(j["verdict"], "phishing");
    EXPECT_TRUE(j["origin"].is_null());
    EXPECT_TRUE(j["message"]["date"].is_null());
    EXPECT_EQ(j["urls"][0]["found_in"], "html");
    EXPECT_EQ(j["findings"][0]["severity"], "high");
}

TEST(Render, NoFormatCarriesALiveLink) {
    Report r = sample_report();
    for (const std::string& out : {render_text(r, ja()), render_text(r, en()),
                                   render_markdown(r, en()), render_html(r, ja())}) {
        EXPECT_EQ(out.find("https://"), std::string::npos) << out;
        std::string unescaped; // Markdown writes the brackets as \[ \]
        for (char c : out)
            if (c != '\\') unescaped += c;
        EXPECT_NE(unescaped.find("hxxps://su-login[.]evil[.]example"), std::string::npos) << out;
    }
}

TEST(Render, HtmlIsSelfContainedAndEscaped) {
    std::string html = render_html(sample_report(), ja());
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("<b>"), std::string::npos); // the subject's markup is escaped
    EXPECT_NE(html.find("&lt;b&gt;"), std::string::npos);
    EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
    EXPECT_EQ(html.find("src="), std::string::npos);
}

TEST(Render, JapaneseReportFollowsTheAnalystStructure) {
    std::string text = render_text(sample_report(), ja());
    std::size_t last = 0;
    for (const char* heading : {"判定", "件名", "送信者", "宛名", "送信経路", "認証結果", "リンク先", "本文の特徴", "推奨される対応"}) {
        std::size_t pos = text.find(heading, last);
        ASSERT_NE(pos, std::string::npos) << heading;
        last = pos;
    }
}

TEST(Wording, ALanguageWithoutWordsRendersInEnglish) {
    EXPECT_EQ(wording().words("de").language, "en");
    EXPECT_EQ(render_text(sample_report(), wording().words("de")), render_text(sample_report(), en()));
    EXPECT_EQ(wording().languages(), (std::vector<std::string>{"en", "ja"}));
}

// A scratch copy of data/report with one more file, removed afterwards.
struct TempReportDir {
    std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                ("mikiwame-wording-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    TempReportDir() {
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
        std::filesystem::copy_file(std::filesystem::path(MIKIWAME_SOURCE_DIR) / "data/report/words.en.toml", dir / "words.en.toml");
    }
    ~TempReportDir() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    std::string english() const {
        std::ifstream in(dir / "words.en.toml", std::ios::binary);
        std::ostringstream buffer; // not istreambuf_iterator: g++ 12 warns -Wnull-dereference in it
        buffer << in.rdbuf();
        return std::move(buffer).str();
    }
    void write(const std::string& name, const std::string& text) const { std::ofstream(dir / name, std::ios::binary) << text; }
};

TEST(Wording, ANewLanguageIsOneFile) {
    TempReportDir tmp;
    std::string german = tmp.english();
    auto replace = [&](const std::string& from, const std::string& to) { german.replace(german.find(from), from.size(), to); };
    replace("language = \"en\"", "language = \"de\"");
    replace("verdict = \"Verdict\"", "verdict = \"Urteil\"");
    replace("phishing = \"phishing\"", "phishing = \"Phishing\"");
    tmp.write("words.de.toml", german);
    auto loaded = Wording::load(tmp.dir);
    ASSERT_TRUE(loaded) << loaded.error().context << ": " << loaded.error().message;
    const std::string html = render_html(sample_report(), loaded->words("de"));
    EXPECT_NE(html.find("<html lang=\"de\">"), std::string::npos);
    EXPECT_NE(render_text(sample_report(), loaded->words("de")).find("[Urteil: Phishing]"), std::string::npos);
}

TEST(Wording, ErrorsNameTheFileAndKey) {
    struct Row {
        const char* label;
        std::string from, to, want;
    };
    const Row rows[] = {
        {"template without {}", "brand = \" It presents itself as {}.\"", "brand = \" It presents itself.\"", "summary.brand"},
        {"missing key", "score = \"score\"\n", "", "score"},
        {"unknown key", "[labels]\n", "[labels]\nshown = \"x\"\n", "labels.shown"},
        {"language not the file's", "language = \"en\"", "language = \"ja\"", "file name"},
    };
    for (const auto& r : rows) {
        TempReportDir tmp;
        std::string text = tmp.english();
        text.replace(text.find(r.from), r.from.size(), r.to);
        tmp.write("words.en.toml", text);
        auto loaded = Wording::load(tmp.dir);
        ASSERT_FALSE(loaded) << r.label;
        EXPECT_EQ(loaded.error().code, ErrorCode::Config) << r.label;
        EXPECT_NE(loaded.error().message.find(r.want), std::string::npos) << r.label << ": " << loaded.error().message;
        EXPECT_NE(loaded.error().context.find("words.en.toml"), std::string::npos) << r.label;
    }
    TempReportDir no_english;
    std::filesystem::remove(no_english.dir / "words.en.toml");
    EXPECT_FALSE(Wording::load(no_english.dir));
}

} // namespace
} // namespace mikiwame::report

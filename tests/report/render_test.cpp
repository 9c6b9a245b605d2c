// SPDX-License-Identifier: Apache-2.0
#include "report/render.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace mikiwame::report {
namespace {

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
    for (const std::string& out : {render_text(r, Language::Japanese), render_text(r, Language::English),
                                   render_markdown(r, Language::English), render_html(r, Language::Japanese)}) {
        EXPECT_EQ(out.find("https://"), std::string::npos) << out;
        std::string unescaped; // Markdown writes the brackets as \[ \]
        for (char c : out)
            if (c != '\\') unescaped += c;
        EXPECT_NE(unescaped.find("hxxps://su-login[.]evil[.]example"), std::string::npos) << out;
    }
}

TEST(Render, HtmlIsSelfContainedAndEscaped) {
    std::string html = render_html(sample_report(), Language::Japanese);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("<b>"), std::string::npos); // the subject's markup is escaped
    EXPECT_NE(html.find("&lt;b&gt;"), std::string::npos);
    EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
    EXPECT_EQ(html.find("src="), std::string::npos);
}

TEST(Render, JapaneseReportFollowsTheAnalystStructure) {
    std::string text = render_text(sample_report(), Language::Japanese);
    std::size_t last = 0;
    for (const char* heading : {"判定", "件名", "送信者", "宛名", "送信経路", "認証結果", "リンク先", "本文の特徴", "推奨される対応"}) {
        std::size_t pos = text.find(heading, last);
        ASSERT_NE(pos, std::string::npos) << heading;
        last = pos;
    }
}

} // namespace
} // namespace mikiwame::report

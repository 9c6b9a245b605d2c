// SPDX-License-Identifier: Apache-2.0
// The analyst's narrative and the advice: what each sentence says comes from the report's
// facts (brand, lure, wants, links, origin), not from a fixed text, and the shipped wording
// covers every lure, want and advice in every language.
#include "report/narrative.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "catalog/lure_catalog.h"
#include "catalog/toml.h"
#include "report/document.h"
#include "report/render.h"

namespace mikiwame::report {
namespace {

const std::filesystem::path kData = std::filesystem::path(MIKIWAME_SOURCE_DIR) / "data";

const Wording& wording() {
    static const Wording loaded = [] {
        auto w = Wording::load(kData / "report");
        if (!w) {
            ADD_FAILURE() << w.error().context << ": " << w.error().message;
            return Wording{};
        }
        return std::move(w).value();
    }();
    return loaded;
}

Finding finding(std::string id, double score) {
    Finding f;
    f.id = std::move(id);
    f.score = score;
    f.severity = Severity::High;
    f.summary = {"要約 " + f.id, "summary of " + f.id};
    return f;
}

// A hosting-webmail lure: claims a brand from a foreign address, a full mailbox, a login link.
Report webmail_lure() {
    Report r;
    r.verdict = Verdict::Phishing;
    r.sender.from = {"support@mailer.example.net", "Example Hosting", "mailer.example.net", "example.net"};
    BrandInfo brand;
    brand.id = "examplehost";
    brand.name = "Example Hosting";
    brand.official_domains = {"examplehost.jp"};
    r.brands.push_back(brand);
    r.origin = OriginInfo{"203.0.113.9", std::nullopt, std::nullopt, "US", 64500, "Example Transit", std::nullopt};
    UrlInfo tracked;
    tracked.url = "https://news.example.org/";
    tracked.registrable_domain = "example.org";
    tracked.found_in = "html";
    r.urls.push_back(tracked);
    UrlInfo lure;
    lure.url = "https://examplehost.login.badsite.test/owa/";
    lure.registrable_domain = "badsite.test";
    lure.found_in = "html";
    lure.flags = {"login path"};
    r.urls.push_back(lure);
    r.findings = {finding("sender.display_brand_mismatch", 3), finding("content.pretext", 2), finding("received.origin_not_brand", 2),
                  finding("url.login_path", 2)};
    r.top_reasons = {"sender.display_brand_mismatch", "content.pretext", "url.login_path"};
    r.lure.kinds = {"mailbox_full"};
    r.lure.wants = {"login"};
    r.lure.advice = "credentials";
    return r;
}

TEST(Narrative, TellsTheClaimTheLureTheWantTheLinkAndTheOrigin) {
    const Words& en = wording().words("en");
    const std::string text = compose_summary(webmail_lure(), en);
    EXPECT_EQ(text.find(en.summaries.phishing), 0u) << text;
    EXPECT_NE(text.find("It presents itself as Example Hosting."), std::string::npos) << text;
    EXPECT_NE(text.find("mailer[.]example[.]net"), std::string::npos) << "why it is not the brand: " << text;
    EXPECT_NE(text.find(en.lure_names.at("mailbox_full")), std::string::npos) << text;
    EXPECT_NE(text.find(en.want_phrases.at("login")), std::string::npos) << text;
    // The flagged link, not the newsletter's, and defanged.
    EXPECT_NE(text.find("badsite[.]test"), std::string::npos) << text;
    EXPECT_EQ(text.find("example[.]org"), std::string::npos) << text;
    EXPECT_EQ(text.find("badsite.test"), std::string::npos) << "a live domain: " << text;
    EXPECT_NE(text.find("203.0.113.9 (US, AS64500)"), std::string::npos) << text;
    // What the narrative told is not repeated as a top reason; the rest still is.
    EXPECT_EQ(text.find("summary of content.pretext"), std::string::npos) << text;
    EXPECT_EQ(text.find("summary of sender.display_brand_mismatch"), std::string::npos) << text;
    EXPECT_NE(text.find("summary of url.login_path"), std::string::npos) << text;
}

TEST(Narrative, FollowsTheFactsNotAFixedText) {
    const Words& en = wording().words("en");
    Report r = webmail_lure();
    r.lure.kinds = {"payment_failed"};
    r.lure.wants = {"pay"};
    r.origin.reset();
    r.urls.clear();
    const std::string text = compose_summary(r, en);
    EXPECT_NE(text.find(en.lure_names.at("payment_failed")), std::string::npos) << text;
    EXPECT_EQ(text.find(en.lure_names.at("mailbox_full")), std::string::npos) << text;
    EXPECT_NE(text.find(en.want_phrases.at("pay")), std::string::npos) << text;
    EXPECT_EQ(text.find("203.0.113.9"), std::string::npos) << text;
    EXPECT_EQ(text.find("badsite"), std::string::npos) << text;
}

TEST(Narrative, JapaneseNarrativeIsJapanese) {
    const Words& ja = wording().words("ja");
    const std::string text = compose_summary(webmail_lure(), ja);
    EXPECT_NE(text.find("「Example Hosting」を名乗っています。"), std::string::npos) << text;
    EXPECT_NE(text.find("口実は「メールボックスの容量不足」です。"), std::string::npos) << text;
    EXPECT_NE(text.find("ログインしてパスワードを入力するよう求めています。"), std::string::npos) << text;
    EXPECT_EQ(text.find("It "), std::string::npos) << text;
}

TEST(Narrative, AGenuineBrandAndAGenuineBounceAreCalledGenuine) {
    const Words& en = wording().words("en");
    Report genuine;
    BrandInfo brand;
    brand.name = "Example Card";
    brand.is_genuine = true;
    genuine.brands.push_back(brand);
    EXPECT_NE(compose_summary(genuine, en).find("Example Card's own domain"), std::string::npos) << compose_summary(genuine, en);
    Report bounce;
    bounce.lure.delivery_report = true;
    EXPECT_NE(compose_summary(bounce, en).find(en.narrative.bounce), std::string::npos);
    EXPECT_EQ(recommended_actions(bounce, en, false), en.advice.at("bounce"));
    bounce.verdict = Verdict::Phishing; // a forged bounce is no bounce
    EXPECT_EQ(compose_summary(bounce, en).find(en.narrative.bounce), std::string::npos);
}

TEST(Advice, FollowsTheLureAndTheVerdict) {
    const Words& en = wording().words("en");
    Report r = webmail_lure();
    std::vector<std::string> actions = recommended_actions(r, en, false);
    ASSERT_FALSE(actions.empty());
    EXPECT_EQ(actions.front(), en.actions_danger.front());
    EXPECT_EQ(std::vector<std::string>(actions.begin() + 1, actions.end()), en.advice.at("credentials"));
    r.lure.advice = "payment";
    EXPECT_EQ(recommended_actions(r, en, true), en.advice.at("payment"));
    r.lure.advice.clear();
    EXPECT_EQ(recommended_actions(r, en, false), en.actions_danger);
    EXPECT_LE(recommended_actions(r, en, true).size(), 3u);
    r.verdict = Verdict::Clean;
    EXPECT_EQ(recommended_actions(r, en, false), en.actions_clean);
}

TEST(Advice, TheUserVersionIsTheVerdictOneParagraphAndAFewActions) {
    for (const char* lang : {"en", "ja"}) {
        const Words& w = wording().words(lang);
        Document doc = build_user_document(webmail_lure(), w);
        ASSERT_EQ(doc.sections.size(), 2u) << lang;
        ASSERT_EQ(doc.sections[0].paragraphs.size(), 1u) << lang;
        EXPECT_NE(doc.sections[0].paragraphs[0].find(w.lure_names.at("mailbox_full")), std::string::npos) << lang;
        EXPECT_EQ(doc.sections[1].heading, w.user_actions) << lang;
        EXPECT_GE(doc.sections[1].items.size(), 2u) << lang;
        EXPECT_LE(doc.sections[1].items.size(), 3u) << lang;
        EXPECT_EQ(doc.sections[1].items[0].text, w.advice.at("credentials")[0]) << lang;
        const std::string text = render_text(webmail_lure(), w, nullptr, Audience::User);
        EXPECT_EQ(text.find("sha256"), std::string::npos) << lang;
        EXPECT_LT(text.size(), render_text(webmail_lure(), w).size()) << lang;
    }
}

// Every lure of tags.toml, every want and advice of lures.toml has its words in every language.
TEST(Narrative, ShippedWordingCoversEveryLureWantAndAdvice) {
    auto tags_text = catalog::read_data_file(kData / "phrases/tags.toml", "tags");
    ASSERT_TRUE(tags_text);
    const auto tags = catalog::parse_toml(*tags_text, "tags.toml");
    ASSERT_TRUE(tags);
    auto lures = catalog::LureCatalog::load(kData / "lures.toml");
    ASSERT_TRUE(lures) << lures.error().message;
    for (const auto& lang : wording().languages()) {
        const Words& w = wording().words(lang);
        for (const char* list : {"pretext", "scam"}) {
            const toml::table& root = *tags;
            auto names = catalog::toml_string_array(root[list]["tags"], "tags", "tags.toml");
            ASSERT_TRUE(names);
            ASSERT_FALSE(names->empty());
            for (const auto& name : *names) EXPECT_TRUE(w.lure_names.count(name)) << lang << ": [lures] lacks " << name;
        }
        for (const auto& want : lures->wants()) EXPECT_TRUE(w.want_phrases.count(want.id)) << lang << ": [wants] lacks " << want.id;
        for (const auto& advice : lures->advice()) EXPECT_TRUE(w.advice.count(advice.id)) << lang << ": [advice] lacks " << advice.id;
        EXPECT_TRUE(w.advice.count("bounce")) << lang;
    }
}

TEST(LureCatalog, WantsAndAdviceFollowTheFileOrder) {
    auto lures = catalog::LureCatalog::parse(R"([[want]]
id = "login"
findings = ["content.credential_request"]
[[want]]
id = "pay"
lures = ["payment_failed"]
[[advice]]
id = "credentials"
wants = ["login"]
[[advice]]
id = "payment"
wants = ["pay"]
)",
                                             "test.toml");
    ASSERT_TRUE(lures) << lures.error().message;
    EXPECT_EQ(lures->wants_of({"content.credential_request"}, {"payment_failed"}), (std::vector<std::string>{"login", "pay"}));
    EXPECT_EQ(lures->wants_of({}, {"payment_failed"}), (std::vector<std::string>{"pay"}));
    EXPECT_EQ(lures->advice_of({"pay"}, {}), "payment");
    EXPECT_EQ(lures->advice_of({"login", "pay"}, {}), "credentials");
    EXPECT_EQ(lures->advice_of({}, {}), "");
    auto unknown_want = catalog::LureCatalog::parse("[[advice]]\nid = \"x\"\nwants = [\"nope\"]\n", "t.toml");
    ASSERT_FALSE(unknown_want);
    EXPECT_NE(unknown_want.error().message.find("nope"), std::string::npos);
    auto typo = catalog::LureCatalog::parse("[[want]]\nid = \"x\"\nfinding = [\"a\"]\n", "t.toml");
    ASSERT_FALSE(typo);
    EXPECT_NE(typo.error().message.find("finding"), std::string::npos);
}

} // namespace
} // namespace mikiwame::report

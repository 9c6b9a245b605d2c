// SPDX-License-Identifier: Apache-2.0
// The statistical content model: the tokens it reads, its file (round trip, determinism and
// every way a damaged file must be refused) and the learn round trip through the public API —
// train on project-written fixtures, load the model into an engine, see content.statistical
// fire with the expected tokens on a similar lure and stay silent on a similar club mail.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "base/sha256.h"
#include "mikiwame/engine.h"
#include "mikiwame/model.h"
#include "model/content_model.h"
#include "model/tokenizer.h"
#include "support/corpus.h"

namespace mikiwame {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> texts(const std::vector<model::Token>& tokens) {
    std::vector<std::string> out;
    for (const auto& t : tokens) out.push_back(t.text);
    std::sort(out.begin(), out.end());
    return out;
}

bool has(const std::vector<std::string>& tokens, const std::string& token) {
    return std::find(tokens.begin(), tokens.end(), token) != tokens.end();
}

std::vector<std::string> tokens_of(std::string_view text, std::vector<std::string> recipients = {}) {
    model::TokenSource source;
    source.text = text;
    source.recipients = std::move(recipients);
    return texts(model::extract_tokens(source));
}

TEST(Tokenizer, LowerCasesWordsAndLeavesOutNumbersAndSingleLetters) {
    auto t = tokens_of("Subject Line\nVerify YOUR Account within 24 hours, order A1234 or x");
    EXPECT_TRUE(has(t, "verify"));
    EXPECT_TRUE(has(t, "your"));
    EXPECT_TRUE(has(t, "account"));
    EXPECT_TRUE(has(t, "subject"));
    EXPECT_FALSE(has(t, "a1234"));
    EXPECT_FALSE(has(t, "24"));
    EXPECT_FALSE(has(t, "x"));
    EXPECT_FALSE(has(t, "Verify"));
}

TEST(Tokenizer, KeepsAccentedLettersInOneWord) {
    auto t = tokens_of("\nSua conta não foi atualizada. Überprüfen Sie Ihr Konto");
    EXPECT_TRUE(has(t, "não"));
    EXPECT_TRUE(has(t, "überprüfen"));
}

TEST(Tokenizer, CutsJapaneseIntoBigrams) {
    auto t = tokens_of("\nアカウント確認");
    EXPECT_TRUE(has(t, "アカ"));
    EXPECT_TRUE(has(t, "ント"));
    EXPECT_TRUE(has(t, "ト確"));
    EXPECT_TRUE(has(t, "確認"));
    auto single = tokens_of("\n様");
    EXPECT_TRUE(has(single, "様"));
}

TEST(Tokenizer, ReadsLinksAsDomainsAndPathWordsNotAsText) {
    model::TokenSource source;
    source.text = "\nclick https://evil.example/wp-content/login.php now";
    source.links.push_back({"evil.example", false, "/wp-content/login.php"});
    source.links.push_back({"192.0.2.1", true, "/"});
    auto t = texts(model::extract_tokens(source));
    EXPECT_TRUE(has(t, "click"));
    EXPECT_TRUE(has(t, "now"));
    EXPECT_FALSE(has(t, "https"));
    EXPECT_FALSE(has(t, "evil"));
    EXPECT_TRUE(has(t, "link:evil.example"));
    EXPECT_TRUE(has(t, "link:ip"));
    EXPECT_TRUE(has(t, "path:wp"));
    EXPECT_TRUE(has(t, "path:login"));
    EXPECT_TRUE(has(t, "path:php"));
}

TEST(Tokenizer, TheRecipientIsOneTokenNotItsName) {
    auto t = tokens_of("\nDear tanaka, your address tanaka@example.jp and help@support.example.com", {"tanaka@example.jp"});
    EXPECT_TRUE(has(t, "@recipient"));
    EXPECT_TRUE(has(t, "@recipient-name"));
    EXPECT_TRUE(has(t, "@example.com"));
    EXPECT_FALSE(has(t, "tanaka"));
    EXPECT_FALSE(has(t, "support"));
}

TEST(Tokenizer, UpstreamSubjectTagsAreNotTheSendersWords) {
    model::TokenSource source;
    source.text = "[SPAM] Invoice spam\nbody spam";
    source.skipped = {{0, 6}};
    auto t = texts(model::extract_tokens(source));
    EXPECT_TRUE(has(t, "invoice"));
    EXPECT_TRUE(has(t, "spam")) << "the sender's own word stays";
    source.text = "[SPAM] Invoice\nbody";
    EXPECT_FALSE(has(texts(model::extract_tokens(source)), "spam"));
}

TEST(Tokenizer, SenderTokens) {
    model::TokenSource source;
    source.text = "subject\nbody";
    source.display_name = "PayPal Service";
    source.from_domain = "Mailer.Example";
    auto t = texts(model::extract_tokens(source));
    EXPECT_TRUE(has(t, "from:paypal"));
    EXPECT_TRUE(has(t, "from:service"));
    EXPECT_TRUE(has(t, "from@mailer.example"));
}

TEST(Tokenizer, IsBoundedOnHostileText) {
    std::string huge(1 << 20, 'a');
    for (std::size_t i = 0; i < huge.size(); i += 7) huge[i] = ' ';
    model::TokenSource source;
    source.text = huge;
    EXPECT_LE(model::extract_tokens(source).size(), model::kMaxTokensPerMessage);
    std::string bytes;
    for (int i = 0; i < 4096; ++i) bytes.push_back(static_cast<char>(i * 37));
    model::TokenSource hostile;
    hostile.text = bytes;
    hostile.subject_reading = bytes;
    hostile.display_name = bytes;
    hostile.from_domain = bytes;
    hostile.links.push_back({bytes, false, bytes});
    hostile.recipients.push_back(bytes);
    (void)model::extract_tokens(hostile);
}

// A small model trained from token lists.
std::string tiny_model() {
    ModelTrainer trainer;
    for (int i = 0; i < 4; ++i) {
        trainer.add({"verify", "mailbox", "quota", "link:quota.example", i % 2 ? "urgent" : "held"}, MailClass::Phish);
        trainer.add({"compost", "garden", "club", "seed", i % 2 ? "tomato" : "basil"}, MailClass::Ham);
    }
    trainer.add({"replica", "watches", "cheap"}, MailClass::Spam);
    trainer.add({"replica", "watches", "wholesale"}, MailClass::Spam);
    return trainer.serialize(2);
}

std::vector<model::Token> as_tokens(const std::vector<std::string>& words) {
    std::vector<model::Token> out;
    for (const auto& w : words) out.push_back({model::token_hash(w), w});
    return out;
}

TEST(ModelFile, RoundTripsAndJudges) {
    const std::string bytes = tiny_model();
    auto parsed = model::ContentModel::parse(bytes, "tiny");
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->messages().phish, 4u);
    EXPECT_EQ(parsed->messages().spam, 2u);
    EXPECT_EQ(parsed->messages().ham, 4u);
    EXPECT_GT(parsed->token_count(), 10u);
    EXPECT_EQ(parsed->version().rfind("sha256:", 0), 0u);
    auto bad = parsed->judge(as_tokens({"verify", "mailbox", "quota", "unknown-word"}));
    auto good = parsed->judge(as_tokens({"compost", "garden", "club"}));
    EXPECT_GT(bad.probability, 0.5);
    EXPECT_LT(good.probability, 0.5);
    EXPECT_EQ(bad.known_tokens, 3u);
    ASSERT_FALSE(bad.strongest.empty());
    EXPECT_GT(bad.strongest.front().weight, 0);
    auto none = parsed->judge(as_tokens({"never-seen"}));
    EXPECT_EQ(none.probability, 0.5);
    auto summary = inspect_model(bytes, "tiny");
    ASSERT_TRUE(summary);
    EXPECT_EQ(summary->tokens, parsed->token_count());
}

TEST(ModelFile, TrainingIsDeterministic) {
    EXPECT_EQ(tiny_model(), tiny_model());
}

TEST(ModelFile, EveryTruncationIsRefused) {
    const std::string bytes = tiny_model();
    for (std::size_t n = 0; n < bytes.size(); ++n) {
        auto parsed = model::ContentModel::parse(std::string_view(bytes).substr(0, n), "cut");
        ASSERT_FALSE(parsed) << "truncated to " << n << " bytes";
        EXPECT_EQ(parsed.error().code, ErrorCode::Config);
        EXPECT_EQ(parsed.error().context, "cut");
    }
}

TEST(ModelFile, EveryFlippedByteIsRefused) {
    const std::string bytes = tiny_model();
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        std::string damaged = bytes;
        damaged[i] = static_cast<char>(damaged[i] ^ 0x40);
        EXPECT_FALSE(model::ContentModel::parse(damaged, "flipped")) << "byte " << i;
    }
}

// The model's bytes with `header_field` (byte offset) set to `value` and the checksum made
// valid again: what a foreign or hand-made file looks like to the loader.
std::string with_field(std::string bytes, std::size_t offset, std::uint32_t value) {
    bytes.resize(bytes.size() - model::kModelChecksumBytes);
    for (std::size_t i = 0; i < 4; ++i) bytes[offset + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
    const std::string hex = base::sha256_hex(bytes);
    for (std::size_t i = 0; i < hex.size(); i += 2) bytes.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    return bytes;
}

TEST(ModelFile, SaysWhatIsWrong) {
    auto garbage = model::ContentModel::parse("GIF89a not a model at all", "g");
    ASSERT_FALSE(garbage);
    EXPECT_NE(garbage.error().message.find("not a mikiwame content model"), std::string::npos);
    const std::string bytes = tiny_model();
    auto cut = model::ContentModel::parse(std::string_view(bytes).substr(0, 40), "c");
    ASSERT_FALSE(cut);
    EXPECT_NE(cut.error().message.find("truncated"), std::string::npos);
    auto sum = model::ContentModel::parse(std::string_view(bytes).substr(0, bytes.size() - 1), "s");
    ASSERT_FALSE(sum);
    EXPECT_NE(sum.error().message.find("checksum"), std::string::npos);
    auto format = model::ContentModel::parse(with_field(bytes, 8, 99), "f");
    ASSERT_FALSE(format);
    EXPECT_NE(format.error().message.find("format version 99"), std::string::npos);
    auto rules = model::ContentModel::parse(with_field(bytes, 12, model::kTokenizerVersion + 1), "t");
    ASSERT_FALSE(rules);
    EXPECT_NE(rules.error().message.find("retrain"), std::string::npos);
    auto no_ham = model::ContentModel::parse(with_field(bytes, 16, 0), "h");
    ASSERT_FALSE(no_ham);
    EXPECT_NE(no_ham.error().message.find("without ham"), std::string::npos);
    auto too_many = model::ContentModel::parse(with_field(bytes, 28, 0xFFFFFFFFu), "n");
    ASSERT_FALSE(too_many);
    EXPECT_TRUE(model::ContentModel::parse(with_field(bytes, 20, 7), "ok")) << "message counts are informative only";
}

TEST(ModelFile, AMissingFileIsAConfigError) {
    auto missing = model::ContentModel::load("/nonexistent/content.model");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::Config);
}

// --- the learn round trip through the public API --------------------------------------

fs::path fixtures() {
    return fs::path(MIKIWAME_SOURCE_DIR) / "tests/fixtures/model";
}

std::string train_on_fixtures(const Engine& engine) {
    ModelTrainer trainer;
    AnalysisContext context;
    for (const auto& [folder, mail_class] : {std::pair{"phish", MailClass::Phish}, {"spam", MailClass::Spam}, {"ham", MailClass::Ham}}) {
        for (const auto& path : testing::files_under(fixtures() / folder)) {
            const std::string raw = testing::read_file(path);
            AnalyzeRequest request;
            request.raw = raw;
            auto tokens = engine.model_tokens(request, context);
            EXPECT_TRUE(tokens) << path;
            if (tokens) trainer.add(tokens->tokens, mail_class);
        }
    }
    EXPECT_EQ(trainer.messages(MailClass::Phish), 5u);
    EXPECT_EQ(trainer.messages(MailClass::Spam), 2u);
    EXPECT_EQ(trainer.messages(MailClass::Ham), 5u);
    return trainer.serialize();
}

const Finding* statistical(const Report& report) {
    for (const auto& f : report.findings)
        if (f.id == "content.statistical") return &f;
    return nullptr;
}

TEST(LearnRoundTrip, AModelTrainedOnFixturesJudgesSimilarMail) {
    EngineOptions plain;
    plain.use_content_model = false;
    auto token_engine = Engine::load(plain);
    ASSERT_TRUE(token_engine) << token_engine.error().message;
    const std::string bytes = train_on_fixtures(**token_engine);

    const fs::path path = fs::temp_directory_path() / ("mikiwame-model-test-" + std::to_string(::getpid()) + ".model");
    { std::ofstream(path, std::ios::binary) << bytes; }
    EngineOptions options;
    options.content_model = path;
    auto engine = Engine::load(options);
    fs::remove(path);
    ASSERT_TRUE(engine) << engine.error().message;

    auto lure = (*engine)->analyze(testing::read_file(fixtures() / "probe/similar-phish.eml"));
    ASSERT_TRUE(lure);
    const Finding* hit = statistical(*lure);
    ASSERT_NE(hit, nullptr) << "content.statistical did not fire on the similar lure";
    ASSERT_EQ(hit->evidence.size(), 2u);
    EXPECT_EQ(hit->evidence[0].rfind("probability 0.", 0), 0u) << hit->evidence[0];
    EXPECT_NE(hit->evidence[1].find("\"mailbox\""), std::string::npos) << hit->evidence[1];
    EXPECT_NE(hit->evidence[1].find("quota-verify[.]example"), std::string::npos) << hit->evidence[1];
    EXPECT_GE(hit->score, 3.0);
    ASSERT_TRUE(lure->engine.content_model);
    EXPECT_EQ(lure->engine.content_model->rfind("sha256:", 0), 0u);

    auto club = (*engine)->analyze(testing::read_file(fixtures() / "probe/similar-ham.eml"));
    ASSERT_TRUE(club);
    EXPECT_EQ(statistical(*club), nullptr);
    EXPECT_EQ(club->verdict, Verdict::Clean);
}

TEST(LearnRoundTrip, AModelInMemoryAndNoModelAtAll) {
    EngineOptions plain;
    plain.use_content_model = false;
    auto token_engine = Engine::load(plain);
    ASSERT_TRUE(token_engine);
    EXPECT_FALSE((*token_engine)->analyze("Subject: x\n\nhello\n")->engine.content_model);
    EngineOptions in_memory;
    in_memory.content_model_bytes = train_on_fixtures(**token_engine);
    auto engine = Engine::load(in_memory);
    ASSERT_TRUE(engine) << engine.error().message;
    auto lure = (*engine)->analyze(testing::read_file(fixtures() / "probe/similar-phish.eml"));
    ASSERT_TRUE(lure);
    EXPECT_NE(statistical(*lure), nullptr);
}

TEST(LearnRoundTrip, ADamagedModelStopsTheEngineFromLoading) {
    EngineOptions options;
    options.content_model_bytes = "MKWMODEL but nothing after it";
    auto engine = Engine::load(options);
    ASSERT_FALSE(engine);
    EXPECT_EQ(engine.error().code, ErrorCode::Config);
    EngineOptions missing;
    missing.content_model = "/nonexistent/content.model";
    auto none = Engine::load(missing);
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, ErrorCode::Config);
}

} // namespace
} // namespace mikiwame

namespace mikiwame {
namespace {

TEST(LearnRoundTrip, TheEngineCutsNoUpstreamVerdictIntoTokens) {
    EngineOptions plain;
    plain.use_content_model = false;
    auto engine = Engine::load(plain);
    ASSERT_TRUE(engine);
    const std::string raw = "From: Shop <news@shop.example>\nTo: user@example.net\nSubject: [SPAM] Invoice overdue\n"
                            "X-Spam-Flag: YES\nX-Spam-Status: Yes, score=12.0\nReceived: from relay.example (relay.example [192.0.2.1])\n"
                            "\tby mx.example.net; Mon, 2 Oct 2023 09:00:00 +0000\n\nPlease pay the invoice, user@example.net.\n";
    AnalysisContext context;
    AnalyzeRequest request;
    request.raw = raw;
    auto tokens = (*engine)->model_tokens(request, context);
    ASSERT_TRUE(tokens);
    EXPECT_EQ(tokens->subject, "[SPAM] Invoice overdue");
    auto has_token = [&](const std::string& t) { return std::find(tokens->tokens.begin(), tokens->tokens.end(), t) != tokens->tokens.end(); };
    EXPECT_TRUE(has_token("invoice"));
    EXPECT_TRUE(has_token("overdue"));
    EXPECT_TRUE(has_token("from@shop.example"));
    EXPECT_TRUE(has_token("@recipient"));
    EXPECT_FALSE(has_token("spam"));
    EXPECT_FALSE(has_token("yes"));
    EXPECT_FALSE(has_token("relay"));
}

} // namespace
} // namespace mikiwame

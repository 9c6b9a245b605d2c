// SPDX-License-Identifier: Apache-2.0
// mikiwame.toml: every key documented is read, every key read is documented, and mistakes are
// errors with file:line:col.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "mikiwame/config.h"
#include "support/corpus.h"

namespace mikiwame {
namespace {

namespace fs = std::filesystem;

Result<Config> parse(std::string_view text) {
    return parse_config(text, "test.toml", "/etc/mikiwame");
}

TEST(ConfigFile, DocumentedKeysAndLoaderKeysAreTheSame) {
    const std::string doc = testing::read_file(fs::path(MIKIWAME_SOURCE_DIR) / "docs/configuration.md");
    // The first column of every key table: | `limits.max_urls` | …
    std::set<std::string> documented;
    std::istringstream lines(doc);
    for (std::string line; std::getline(lines, line);) {
        if (!line.starts_with("| `")) continue;
        const std::size_t end = line.find("` |", 3);
        if (end != std::string::npos) documented.insert(line.substr(3, end - 3));
    }
    const std::set<std::string> read(config_keys().begin(), config_keys().end());
    for (const auto& key : read) EXPECT_TRUE(documented.count(key)) << key << " is read but not in docs/configuration.md";
    for (const auto& key : documented) EXPECT_TRUE(read.count(key)) << key << " is documented but not read";
    EXPECT_GE(read.size(), 20u);
}

TEST(ConfigFile, TheShippedExampleIsValidAndEveryKeyItShowsIsReal) {
    const fs::path example = fs::path(MIKIWAME_SOURCE_DIR) / "data/mikiwame.toml.example";
    auto as_is = load_config(example);
    ASSERT_TRUE(as_is) << as_is.error().context << ": " << as_is.error().message;
    // Uncommenting every key line must still load.
    std::string text = testing::read_file(example), uncommented;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("# ", 0) == 0 && line.find(" = ") != std::string::npos) line = line.substr(2);
        uncommented += line + "\n";
    }
    auto all = parse(uncommented);
    ASSERT_TRUE(all) << all.error().context << ": " << all.error().message;
    EXPECT_EQ(all->engine.trusted_networks.size(), 2u);
    EXPECT_EQ(all->engine.limits.max_urls, 2000u);
    EXPECT_EQ(all->language, "ja");
    EXPECT_EQ(all->engine.phishing_threshold.value_or(0), 6.0);
    EXPECT_TRUE(all->milter.on_phishing.tag);
    EXPECT_EQ(all->milter.tag_phishing.ja, "【フィッシング注意】");
}

TEST(ConfigFile, MilterSettingsArrive) {
    auto config = parse("[milter]\nlisten = \"unix:/run/mikiwame/milter.sock\"\nworkers = 3\nmax_message_bytes = 4096\n"
                        "on_error = \"tempfail\"\nlog_file = \"milter.log\"\non_phishing = [\"reject\"]\non_clean = []\n"
                        "tag_spam = { en = \"[SPAM]\" }\nreject_text = \"No thanks\"\n");
    ASSERT_TRUE(config) << config.error().message;
    const MilterSettings& m = config->milter;
    EXPECT_EQ(m.listen, "unix:/run/mikiwame/milter.sock");
    EXPECT_EQ(m.workers, 3u);
    EXPECT_EQ(m.max_message_bytes, 4096u);
    EXPECT_EQ(m.on_error, MilterOnError::TempFail);
    EXPECT_EQ(m.log_file, fs::path("/etc/mikiwame/milter.log"));
    EXPECT_TRUE(m.on_phishing.reject);
    EXPECT_FALSE(m.on_phishing.headers) << "the list replaces the default";
    EXPECT_FALSE(m.on_clean.headers);
    EXPECT_TRUE(m.on_spam.headers) << "unset verdicts keep the default";
    EXPECT_EQ(m.tag_spam.en, "[SPAM]");
    EXPECT_EQ(m.tag_spam.ja, "【迷惑メール】") << "a language left out keeps its default";
    EXPECT_EQ(m.reject_text, "No thanks");
    EXPECT_EQ(&m.actions_for(Verdict::Phishing), &m.on_phishing);
}

TEST(ConfigFile, NatsSettingsArrive) {
    auto config = parse("[nats]\nurl = \"nats://192.0.2.7:4222\"\nstream = \"ABUSE_MAIL\"\nsubject = \"abuse.mail\"\n"
                        "results_stream = \"ABUSE_RESULTS\"\nresults_subject = \"abuse.results\"\nworker_consumer = \"w-1\"\n"
                        "results_consumer = \"c_1\"\nack_wait_seconds = 30\nmax_deliver = 4\nduplicate_window_seconds = 120\n");
    ASSERT_TRUE(config) << config.error().message;
    const NatsSettings& n = config->nats;
    EXPECT_EQ(n.url, "nats://192.0.2.7:4222");
    EXPECT_EQ(n.stream, "ABUSE_MAIL");
    EXPECT_EQ(n.subject, "abuse.mail");
    EXPECT_EQ(n.results_stream, "ABUSE_RESULTS");
    EXPECT_EQ(n.results_subject, "abuse.results");
    EXPECT_EQ(n.worker_consumer, "w-1");
    EXPECT_EQ(n.results_consumer, "c_1");
    EXPECT_EQ(n.ack_wait_seconds, 30u);
    EXPECT_EQ(n.max_deliver, 4u);
    EXPECT_EQ(n.duplicate_window_seconds, 120u);
    auto defaults = parse("");
    ASSERT_TRUE(defaults);
    EXPECT_EQ(defaults->nats.stream, "MIKIWAME_MAIL");
    EXPECT_EQ(defaults->nats.ack_wait_seconds, 60u);
}

TEST(ConfigFile, ValuesArrive) {
    auto config = parse("data_dir = \"data\"\nlanguage = \"en\"\n[limits]\nmax_urls = 10\nmax_analysis_ms = 250\n"
                        "[network]\ntrusted_networks = [\"192.0.2.0/24\"]\ninternal_domains = [\"example.jp\"]\n"
                        "[geoip]\ndir = \"/var/lib/geoip\"\n[intel]\ndb = \"/var/lib/mikiwame/intel.sqlite\"\n"
                        "[scoring]\nspam_threshold = 7\n");
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(config->engine.data_dir, fs::path("/etc/mikiwame/data")) << "relative to the file's directory";
    EXPECT_EQ(config->language, "en");
    EXPECT_EQ(config->engine.limits.max_urls, 10u);
    EXPECT_EQ(config->engine.limits.max_analysis_ms, 250u);
    EXPECT_EQ(config->engine.limits.max_mime_parts, Limits{}.max_mime_parts) << "unset keys keep their default";
    EXPECT_EQ(config->engine.trusted_networks, std::vector<std::string>{"192.0.2.0/24"});
    EXPECT_EQ(config->engine.internal_domains, std::vector<std::string>{"example.jp"});
    EXPECT_EQ(config->geoip_dir, fs::path("/var/lib/geoip"));
    EXPECT_EQ(config->engine.intel_db, fs::path("/var/lib/mikiwame/intel.sqlite"));
    EXPECT_EQ(config->engine.spam_threshold.value_or(0), 7.0);
    EXPECT_FALSE(config->engine.phishing_threshold);
}

TEST(ConfigFile, MistakesAreErrorsWithTheirPlace) {
    struct Case {
        const char* text;
        const char* where;
        const char* says;
    };
    const Case cases[] = {
        {"[network]\ntrusted_networks = [\"192.0.2.0/24\", \"10.0.0.0/33\"]\n", "test.toml:2:37", "10.0.0.0/33"},
        {"[limits]\nmax_urls = -3\n", "test.toml:2:12", "positive integer"},
        {"[limits]\nmax_urlz = 3\n", "test.toml:2:12", "unknown key limits.max_urlz"},
        {"[limtis]\nmax_urls = 3\n", "test.toml:1:1", "unknown section [limtis]"},
        {"langauge = \"ja\"\n", "test.toml:1:12", "unknown key langauge"},
        {"language = \"fr\"\n", "test.toml:1:12", "language"},
        {"[scan]\njobs = 4\n", "test.toml:2:8", "no settings in this version"},
        {"[milter]\nlisten = \"tcp:1@x\"\n", "test.toml:2:10", "milter.listen"},
        {"[milter]\non_phishing = [\"headers\", \"bounce\"]\n", "test.toml:2:27", "unknown action 'bounce'"},
        {"[milter]\non_error = \"reject\"\n", "test.toml:2:12", "accept"},
        {"[milter]\ntag_spam = { fr = \"[spam]\" }\n", "test.toml:2:19", "unknown language fr"},
        {"[milter]\nreject_text = \"two\\r\\nlines\"\n", "test.toml:2:15", "printable ASCII"},
        {"[milter]\nworkers = -1\n", "test.toml:2:11", "milter.workers"},
        {"[scoring]\nspam_threshold = \"high\"\n", "test.toml:2:18", "number"},
        {"[nats]\nstream = \"MAIL.X\"\n", "test.toml:2:10", "nats.stream"},
        {"[nats]\nsubject = \"mikiwame.mail.>\"\n", "test.toml:2:11", "no wildcard"},
        {"[nats]\nack_wait_seconds = 0\n", "test.toml:2:20", "positive integer"},
        {"[serve]\nstore_raw = 3\n", "test.toml:2:13", "serve.store_raw: expected true or false"},
        {"[analysis]\nunwrap_forwarded = \"yes\"\n", "test.toml:2:20", "expected true or false"},
        {"[serve]\nthreads = -1\n", "test.toml:2:11", "serve.threads: expected an integer from 0 (automatic) to 1024"},
        {"[serve]\nlisten = \"8080\"\n", "test.toml:2:10", "serve.listen"},
        {"[limits\n", "test.toml:1:", ""},
    };
    for (const auto& c : cases) {
        auto config = parse(c.text);
        ASSERT_FALSE(config) << c.text;
        EXPECT_EQ(config.error().code, ErrorCode::Config) << c.text;
        EXPECT_EQ(config.error().context.rfind(c.where, 0), 0u) << c.text << " → " << config.error().context;
        EXPECT_NE(config.error().message.find(c.says), std::string::npos) << c.text << " → " << config.error().message;
    }
    auto missing = load_config("/nonexistent/mikiwame.toml");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::CannotOpen);
}

} // namespace
} // namespace mikiwame

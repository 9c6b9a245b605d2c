// SPDX-License-Identifier: Apache-2.0
// analyze_links over the corpus phishing and ham folders: prints URLs per message (median,
// max), link-analysis time per message and per-finding message counts, and checks rates a
// regression would move. Timing is printed, never asserted (STYLE habit 10). Skips when
// the corpus is absent.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>

#include <gtest/gtest.h>

#include "message/parser.h"
#include "support/corpus.h"
#include "test_catalog.h"
#include "urls/link_analysis.h"

namespace {

using mikiwame::testing::corpus_dir;
using mikiwame::testing::files_under;
using mikiwame::testing::has_corpus;
using mikiwame::testing::read_file;
using mikiwame::urls::testing::shipped_catalog;

struct FolderStats {
    std::size_t messages = 0;
    std::size_t with_urls = 0;
    std::vector<std::size_t> url_counts;
    std::vector<double> micros;
    std::map<std::string, std::size_t> finding_messages; // id → messages with a hit
};

std::vector<std::string> recipients_of(const mikiwame::message::Message& m) {
    std::vector<std::string> out;
    for (const auto* list : {&m.to, &m.delivered_to})
        for (const auto& a : *list)
            if (!a.domain.empty()) out.push_back(a.address());
    for (const auto* h : m.find_headers("X-Original-To")) out.emplace_back(h->value);
    return out;
}

template <typename T>
T median(std::vector<T> v) {
    if (v.empty()) return T{};
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

FolderStats run_folder(const std::string& folder) {
    FolderStats stats;
    const mikiwame::Limits limits;
    for (const auto& path : files_under(corpus_dir() / folder)) {
        const std::string raw = read_file(path);
        const auto message = mikiwame::message::parse_message(raw, limits);
        const auto recipients = recipients_of(message);
        const auto start = std::chrono::steady_clock::now();
        const auto facts = mikiwame::urls::analyze_links(message, recipients, shipped_catalog(), limits);
        const auto stop = std::chrono::steady_clock::now();
        ++stats.messages;
        stats.url_counts.push_back(facts.urls.size());
        if (!facts.urls.empty()) ++stats.with_urls;
        stats.micros.push_back(std::chrono::duration<double, std::micro>(stop - start).count());
        for (const auto& hit : facts.hits) {
            ++stats.finding_messages[hit.id];
            // MIKIWAME_VERBOSE=1 shows the evidence, for reading what a rule change did.
            if (std::getenv("MIKIWAME_VERBOSE") != nullptr)
                std::cout << "    " << path.filename().string() << " " << hit.id << ": " << hit.evidence.front() << "\n";
        }
        for (const auto& fact : facts.urls) {
            EXPECT_FALSE(fact.url.empty()) << path;
            EXPECT_TRUE(fact.found_in == "text" || fact.found_in == "html" || fact.found_in == "attachment" ||
                        fact.found_in == "header")
                << path;
        }
    }
    std::cout << folder << ": " << stats.messages << " messages, " << stats.with_urls << " with URLs; URLs per message median "
              << median(stats.url_counts) << ", max "
              << (stats.url_counts.empty() ? 0 : *std::max_element(stats.url_counts.begin(), stats.url_counts.end()))
              << "; link analysis per message median " << median(stats.micros) << " us, max "
              << (stats.micros.empty() ? 0 : *std::max_element(stats.micros.begin(), stats.micros.end())) << " us\n";
    for (const auto& [id, n] : stats.finding_messages) std::cout << "  " << id << ": " << n << " messages\n";
    return stats;
}

TEST(CorpusLinks, PhishingMailCarriesLinksAndUrlFindings) {
    if (!has_corpus()) GTEST_SKIP() << "corpus not found at " << corpus_dir();
    const auto phish = run_folder("phish");
    ASSERT_GT(phish.messages, 0u);
    // Nearly every lure ends in a link; the honeypot address is often inside it.
    EXPECT_GE(phish.with_urls * 100, phish.messages * 85);
    EXPECT_GT(phish.finding_messages.count("url.recipient_embedded"), 0u);
}

TEST(CorpusLinks, HamRaisesHostAnchorAndTargetFindingsLessOftenThanPhish) {
    if (!has_corpus()) GTEST_SKIP() << "corpus not found at " << corpus_dir();
    const auto phish = run_folder("phish");
    const auto ham = run_folder("ham");
    ASSERT_GT(ham.messages, 0u);
    // recipient_embedded is left out on purpose: the honeypot replaced its address in links
    // only where contributors noticed it, while the 2002 newsletters in ham put the real
    // subscriber's address in their manage-subscription links.
    for (const char* id : {"url.text_href_mismatch", "url.suspicious_host", "url.shortener", "url.duplicate_targets"}) {
        const double phish_rate = static_cast<double>(phish.finding_messages.count(id) ? phish.finding_messages.at(id) : 0) /
                                  static_cast<double>(phish.messages);
        const double ham_rate = static_cast<double>(ham.finding_messages.count(id) ? ham.finding_messages.at(id) : 0) /
                                static_cast<double>(ham.messages);
        EXPECT_LT(ham_rate, phish_rate) << id;
    }
}

} // namespace

namespace {

TEST(CorpusLinks, SurvivesMalformedMimeAndJapaneseMail) {
    if (!has_corpus()) GTEST_SKIP() << "corpus not found at " << corpus_dir();
    const mikiwame::Limits limits;
    std::size_t files = 0, urls = 0;
    for (const char* folder : {"suites/mime", "ja", "spam"}) {
        for (const auto& path : files_under(corpus_dir() / folder, "")) {
            const auto message = mikiwame::message::parse_message(read_file(path), limits);
            const auto facts = mikiwame::urls::analyze_links(message, recipients_of(message), shipped_catalog(), limits);
            ++files;
            urls += facts.urls.size();
            EXPECT_LE(facts.urls.size(), limits.max_urls) << path;
            for (const auto& fact : facts.urls) EXPECT_FALSE(fact.found_in.empty()) << path;
        }
    }
    std::cout << files << " files of suites/mime, ja and spam: " << urls << " URLs\n";
    EXPECT_GT(files, 0u);
}

} // namespace

// SPDX-License-Identifier: Apache-2.0
// Origin detection over the shared phishing corpus: prints the origin found for each message
// and requires a public one for at least 95% of the messages that have an external hop.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "headers/origin.h"
#include "message/parser.h"
#include "net/ip_address.h"
#include "test_lists.h"

namespace {

namespace fs = std::filesystem;
using namespace mikiwame;

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer; // not istreambuf_iterator: g++ 12 warns -Wnull-dereference in it
    buffer << in.rdbuf();
    return std::move(buffer).str();
}

bool is_public_ip(const std::optional<std::string>& ip) {
    if (!ip) return false;
    auto parsed = net::parse_ip(*ip);
    return parsed && parsed->is_public();
}

TEST(CorpusOrigin, FindsAPublicOriginForAtLeast95PercentOfPhishWithExternalHops) {
    const char* sub = std::getenv("MIKIWAME_ORIGIN_DIR");
    fs::path dir = fs::path(MIKIWAME_CORPUS_DIR) / (sub ? sub : "phish");
    if (!fs::is_directory(dir)) GTEST_SKIP() << "corpus not found at " << dir;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    Limits limits;
    int with_external = 0, found = 0;
    for (const auto& path : files) {
        auto msg = message::parse_message(read_file(path), limits);
        auto chain = headers::parse_received_chain(msg, limits);
        bool has_external = std::any_of(chain.hops.begin(), chain.hops.end(),
                                        [](const auto& hop) { return is_public_ip(hop.from_ip); });
        auto origin = headers::find_origin(msg, chain, headers::testing::shipped_lists(), {});
        std::string shown = "-";
        if (origin.origin_index) {
            const auto& hop = chain.hops[*origin.origin_index];
            shown = hop.from_ip.value_or("?") + " helo=" + hop.from_helo.value_or("") +
                    " rdns=" + hop.from_rdns.value_or("");
        }
        std::cout << path.filename().string() << ": " << shown << "\n";
        if (!has_external) continue;
        ++with_external;
        if (origin.origin_index && is_public_ip(chain.hops[*origin.origin_index].from_ip)) ++found;
    }
    std::cout << found << " of " << with_external << " messages with an external hop have a public origin\n";
    ASSERT_GT(with_external, 0);
    EXPECT_GE(found * 100, with_external * 95);
}

} // namespace

#include <map>

#include "auth/auth_verdicts.h"
#include "headers/header_forensics.h"

namespace {

std::map<std::string, int> count_findings(const fs::path& dir, int& messages) {
    std::map<std::string, int> counts;
    Limits limits;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file() || entry.path().extension() != ".eml") continue;
        auto msg = message::parse_message(read_file(entry.path()), limits);
        auto facts = headers::analyze_headers(msg, headers::testing::shipped_lists(), {}, limits);
        // The auth.* findings come from the auth stage, on the boundary found here.
        std::vector<base::FindingHit> hits = facts.hits;
        for (auto& hit : auth::read_authentication(msg, facts, nullptr).hits) hits.push_back(std::move(hit));
        ++messages;
        for (const auto& hit : hits) {
            ++counts[hit.id];
            if (const char* show = std::getenv("MIKIWAME_SHOW_FINDING"); show && hit.id == show)
                std::cout << entry.path().filename().string() << ": " << (hit.evidence.empty() ? "" : hit.evidence[0]) << "\n";
        }
    }
    return counts;
}

// The divergence and HELO/rDNS findings must stay rare on legitimate mail: each may fire on at
// most 10% of the ham folder (printed next to the phishing folder for comparison).
TEST(CorpusFindings, HeaderFindingsStayRareOnHam) {
    fs::path phish = fs::path(MIKIWAME_CORPUS_DIR) / "phish";
    fs::path ham = fs::path(MIKIWAME_CORPUS_DIR) / "ham";
    if (!fs::is_directory(phish) || !fs::is_directory(ham)) GTEST_SKIP() << "corpus not found";
    int phish_count = 0, ham_count = 0;
    auto on_phish = count_findings(phish, phish_count);
    auto on_ham = count_findings(ham, ham_count);
    std::map<std::string, int> all = on_phish;
    for (const auto& [id, n] : on_ham) all[id] += 0;
    for (const auto& [id, n] : all)
        std::cout << id << ": phish " << on_phish[id] << "/" << phish_count << ", ham "
                  << on_ham[id] << "/" << ham_count << "\n";
    for (const char* id : {"sender.reply_to_divergent", "sender.return_path_divergent",
                           "sender.message_id_divergent", "sender.display_domain_mismatch",
                           "received.chain_anomaly", "auth.spf_fail", "auth.dkim_fail"})
        EXPECT_LE(on_ham[id] * 10, ham_count) << id;
}

} // namespace

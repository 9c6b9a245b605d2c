// SPDX-License-Identifier: Apache-2.0
// Runs SpamAssassin's Received-parser cases (corpus suites/rcvd) through parse_received_hop
// and compares ip, rdns, helo, by, ident, envfrom, id and auth. Skips when the corpus is absent.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "headers/received_parser.h"

namespace {

namespace fs = std::filesystem;
using mikiwame::headers::ReceivedHop;

const fs::path kSuite = fs::path(MIKIWAME_CORPUS_DIR) / "suites/rcvd/spamassassin-rcvd_parser.json";

// SpamAssassin writes an address-literal HELO as !1.2.3.4!; we keep the brackets as written.
std::string sa_helo(const std::optional<std::string>& helo) {
    if (!helo) return "";
    const std::string& h = *helo;
    if (h.size() > 2 && h.front() == '[' && h.back() == ']') {
        std::string inner = h.substr(1, h.size() - 2);
        if (inner.rfind("IPv6:", 0) == 0) inner = inner.substr(5);
        return "!" + inner + "!";
    }
    return h;
}

std::string opt(const std::optional<std::string>& s) { return s.value_or(""); }

TEST(RcvdSuite, MatchesSpamAssassinParserOnAtLeast138Of145Cases) {
    if (!fs::exists(kSuite)) GTEST_SKIP() << "corpus not found at " << kSuite;
    std::ifstream in(kSuite);
    auto doc = nlohmann::json::parse(in);
    const auto& cases = doc.at("cases");
    int passed = 0, failed = 0, skipped = 0;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const auto& c = cases[i];
        if (c.at("expected").is_null()) {
            ++skipped; // not a relay (local pickup, fetchmail, scanners): skipped by the suite
            continue;
        }
        const auto& want = c.at("expected");
        ReceivedHop hop = mikiwame::headers::parse_received_hop(c.at("received").get<std::string>());
        std::vector<std::pair<std::string, std::string>> got{
            {"ip", opt(hop.from_ip)},      {"rdns", opt(hop.from_rdns)},
            {"helo", sa_helo(hop.from_helo)}, {"by", opt(hop.by)},
            {"ident", opt(hop.ident)},     {"envfrom", opt(hop.envelope_from)},
            {"id", opt(hop.id)},           {"auth", opt(hop.auth_method)}};
        std::string diff;
        for (const auto& [key, value] : got) {
            std::string expected = want.at(key).get<std::string>();
            if (value != expected) diff += " " + key + ": got '" + value + "', want '" + expected + "';";
        }
        if (diff.empty()) {
            ++passed;
        } else {
            ++failed;
            std::cout << "case " << i << ":" << diff << "\n    " << c.at("received").get<std::string>() << "\n";
        }
    }
    std::cout << passed + skipped << " passed, " << failed << " failed (" << skipped
              << " of them skipped: expected null)\n";
    EXPECT_EQ(passed + failed + skipped, 145);
    EXPECT_GE(passed + skipped, 138);
}

} // namespace

// SPDX-License-Identifier: Apache-2.0
// Runs the web-platform-tests URL cases (corpus suites/url/urltestdata.json) through
// parse_url and compares the host, or the failure, with what browsers agree on.
// Skips when the corpus is absent.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "urls/url_parser.h"

namespace {

namespace fs = std::filesystem;
using mikiwame::urls::ParsedUrl;
using mikiwame::urls::parse_url;

const fs::path kSuite = fs::path(MIKIWAME_CORPUS_DIR) / "suites/url/urltestdata.json";

TEST(UrlTestData, AgreesOnHostOrFailureForAtLeast97Percent) {
    if (!fs::exists(kSuite)) GTEST_SKIP() << "corpus not found at " << kSuite;
    std::ifstream in(kSuite);
    const auto doc = nlohmann::json::parse(in);
    int total = 0, host_agree = 0, href_agree = 0;
    for (const auto& item : doc) {
        if (!item.is_object()) continue;
        const bool wants_failure = item.value("failure", false);
        if (!wants_failure && !item.contains("hostname")) continue;
        ++total;
        const std::string input = item.at("input").get<std::string>();
        std::optional<ParsedUrl> base;
        if (item.contains("base") && item.at("base").is_string()) {
            base = parse_url(item.at("base").get<std::string>());
            if (!base) {
                ADD_FAILURE() << "base does not parse: " << item.at("base");
                continue;
            }
        }
        const auto got = parse_url(input, base ? &*base : nullptr);
        if (wants_failure) {
            if (!got) {
                ++host_agree;
                ++href_agree;
            } else {
                std::cout << "  want failure, got " << got->href() << " for " << item.at("input") << "\n";
            }
            continue;
        }
        if (!got) {
            std::cout << "  unexpected failure for " << item.at("input") << "\n";
            continue;
        }
        const std::string want_host = item.at("hostname").get<std::string>();
        if (got->host == want_host) {
            ++host_agree;
        } else {
            std::cout << "  host: got " << got->host << ", want " << want_host << " for "
                      << item.at("input") << "\n";
        }
        if (got->href() == item.at("href").get<std::string>()) ++href_agree;
    }
    std::cout << total << " host-parsing cases: " << host_agree << " agree on host or failure, "
              << href_agree << " on the whole href\n";
    ASSERT_GT(total, 0);
    EXPECT_GE(host_agree * 100, total * 97) << host_agree << " of " << total;
}

} // namespace

// SPDX-License-Identifier: Apache-2.0
// Runs one scenario of the RFC 7208 suite (cases.json from spf_suite.py) against a resolver
// (IP@PORT, the server scripts/dns-test.sh started with the scenario's zones) and prints one
// line per case and "N passed, M failed". Driven by spf_suite.sh.
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>

#include "auth/spf.h"
#include "auth/unbound_resolver.h"
#include "mikiwame/report.h"

using namespace mikiwame;

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: spf_suite_runner CASES.json IP@PORT\n";
        return 2;
    }
    std::ifstream in(argv[1]);
    nlohmann::json doc = nlohmann::json::parse(in);
    auth::UnboundOptions options;
    options.resolver = argv[2];
    options.dnssec = false;
    options.timeout = std::chrono::milliseconds(300);
    auto resolver = auth::UnboundResolver::create(options);
    if (!resolver) {
        std::cerr << resolver.error().message << "\n";
        return 2;
    }
    int passed = 0, failed = 0;
    for (const auto& c : doc["cases"]) {
        auth::SpfQuery q;
        auto ip = net::parse_ip(c["host"].get<std::string>());
        if (!ip) {
            std::cout << "FAIL " << c["name"].get<std::string>() << ": bad host\n";
            ++failed;
            continue;
        }
        q.ip = *ip;
        q.sender = c["mailfrom"].get<std::string>();
        q.helo = c["helo"].get<std::string>();
        auth::SpfCheck got = auth::check_spf(q, **resolver);
        const std::string result(to_string(got.result));
        bool ok = false;
        std::string expected;
        for (const auto& r : c["result"]) {
            expected += (expected.empty() ? "" : "|") + r.get<std::string>();
            if (r.get<std::string>() == result) ok = true;
        }
        std::string note;
        if (ok && c["explanation"].is_string() && c["explanation"] != "DEFAULT" && got.result == AuthResult::Fail &&
            got.explanation != c["explanation"].get<std::string>()) {
            ok = false;
            note = " explanation '" + got.explanation + "' expected '" + c["explanation"].get<std::string>() + "'";
        }
        std::cout << (ok ? "PASS " : "FAIL ") << c["name"].get<std::string>() << ": " << result << " (expected " << expected
                  << "; " << got.mechanism << ")" << note << "\n";
        (ok ? passed : failed)++;
    }
    std::cout << passed << " passed, " << failed << " failed\n";
    return 0;
}

// SPDX-License-Identifier: Apache-2.0
// SPEC §5: every hostile input yields a report carrying the right message.* finding.
#include <gtest/gtest.h>

#include "mikiwame/engine.h"
#include "support/hostile_inputs.h"

namespace mikiwame {
namespace {

const Finding* find(const Report& report, std::string_view id) {
    for (const auto& f : report.findings)
        if (f.id == id) return &f;
    return nullptr;
}

TEST(HostileInput, EachYieldsAReportWithTheRightFinding) {
    auto engine = Engine::load({});
    ASSERT_TRUE(engine) << engine.error().message;
    for (const auto& input : testing::hostile_inputs()) {
        std::string raw = input.make();
        auto report = (*engine)->analyze(raw);
        ASSERT_TRUE(report) << input.name;
        const Finding* finding = find(*report, input.expected_finding);
        ASSERT_NE(finding, nullptr) << input.name << ": no " << input.expected_finding;
        bool evidence_found = false;
        for (const auto& line : finding->evidence)
            evidence_found = evidence_found || line.find(input.expected_evidence) != std::string::npos;
        EXPECT_TRUE(evidence_found) << input.name << ": evidence lacks '" << input.expected_evidence << "'";
        EXPECT_EQ(report->message.size, raw.size()) << input.name;
    }
}

// Boundary tests (STYLE 7.10 habit 6): at N the limit is not reported, at N+1 it is.
std::size_t count_limit(const Report& report, std::string_view name) {
    const Finding* f = find(report, "message.limit_exceeded");
    if (!f) return 0;
    std::size_t n = 0;
    for (const auto& line : f->evidence) n += line.find(name) != std::string::npos;
    return n;
}

TEST(Limits, HeaderCountAtNMinusOneNAndNPlusOne) {
    EngineOptions options;
    options.limits.max_header_count = 50;
    auto engine = Engine::load(options);
    ASSERT_TRUE(engine);
    for (std::size_t n : {49u, 50u, 51u}) {
        std::string mail;
        for (std::size_t i = 0; i < n; ++i) mail += "X-H: v\r\n";
        mail += "\r\nbody\r\n";
        auto report = (*engine)->analyze(mail);
        ASSERT_TRUE(report);
        EXPECT_EQ(count_limit(*report, "max_header_count"), n > 50 ? 1u : 0u) << n;
    }
}

TEST(Limits, MimeDepthAtNMinusOneNAndNPlusOne) {
    EngineOptions options;
    options.limits.max_mime_depth = 8;
    auto engine = Engine::load(options);
    ASSERT_TRUE(engine);
    // depth d of nested multiparts puts the text leaf at depth d.
    for (int d : {7, 8, 9}) {
        auto report = (*engine)->analyze(testing::hostile_deep_multipart(d));
        ASSERT_TRUE(report);
        EXPECT_EQ(count_limit(*report, "max_mime_depth"), d > 8 ? 1u : 0u) << d;
    }
}

TEST(Limits, MessageBytesAtNMinusOneNAndNPlusOne) {
    EngineOptions options;
    options.limits.max_message_bytes = 1000;
    auto engine = Engine::load(options);
    ASSERT_TRUE(engine);
    std::string head = "From: a@example.com\r\n\r\n";
    for (std::size_t n : {999u, 1000u, 1001u}) {
        std::string mail = head + std::string(n - head.size(), 'x');
        auto report = (*engine)->analyze(mail);
        ASSERT_TRUE(report);
        EXPECT_EQ(count_limit(*report, "max_message_bytes"), n > 1000 ? 1u : 0u) << n;
    }
}

TEST(Limits, HeaderBytesAtNMinusOneNAndNPlusOne) {
    EngineOptions options;
    options.limits.max_header_bytes = 100;
    auto engine = Engine::load(options);
    ASSERT_TRUE(engine);
    for (std::size_t n : {99u, 100u, 101u}) {
        // One field of exactly n bytes including its CRLF.
        std::string field = "Subject: " + std::string(n - 11, 'x') + "\r\n";
        auto report = (*engine)->analyze("From: a@example.com\r\n" + field + "\r\nbody");
        ASSERT_TRUE(report);
        EXPECT_EQ(count_limit(*report, "max_header_bytes"), n > 100 ? 1u : 0u) << n;
    }
}

TEST(Limits, MimePartsAtNMinusOneNAndNPlusOne) {
    EngineOptions options;
    options.limits.max_mime_parts = 10;
    auto engine = Engine::load(options);
    ASSERT_TRUE(engine);
    for (int parts : {10, 11, 12}) {
        // One multipart container plus (parts - 1) leaves.
        std::string mail = "From: a@example.com\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n";
        for (int i = 0; i < parts - 1; ++i) mail += "--b\r\nContent-Type: text/plain\r\n\r\nleaf\r\n";
        mail += "--b--\r\n";
        auto report = (*engine)->analyze(mail);
        ASSERT_TRUE(report);
        EXPECT_EQ(count_limit(*report, "max_mime_parts"), parts > 10 ? 1u : 0u) << parts;
    }
}

} // namespace
} // namespace mikiwame

// SPDX-License-Identifier: Apache-2.0
// Property runs over generated hostile text (no fuzz target of our own is registered yet):
// normalisation, phrase scanning, the deadline parser and the style measure stay in bounds
// and never crash under the sanitizers, on random bytes and on digit/kanji-heavy input.
#include <cstdint>

#include <gtest/gtest.h>

#include "base/text.h"
#include "content/deadline.h"
#include "content/japanese_style.h"
#include "content/text_normalize.h"
#include "content_test_support.h"

namespace {

using namespace mikiwame::content;

// A fixed-seed generator, so a failure reproduces.
std::string generated(std::uint32_t seed, std::size_t size, bool dense) {
    static const std::string pieces[] = {"年", "月", "日", "令和", "元年", "/", ".", "-", " ", "時間以内", "まで",
                                         "本日", "today", "within", "hours", "de", "november", "\xe3\x80\x80",
                                         "\xff", "\xe3\x81", ",", "\n", "様", "@", "Dear "};
    std::string out;
    std::uint32_t x = seed;
    while (out.size() < size) {
        x = x * 1664525u + 1013904223u;
        if (dense && (x >> 28) < 10) {
            out += std::to_string((x >> 8) % 3000);
        } else if (dense) {
            out += pieces[(x >> 8) % std::size(pieces)];
        } else {
            out += static_cast<char>(x >> 24);
        }
    }
    return out;
}

TEST(HostileText, EveryFunctionStaysInBounds) {
    for (std::uint32_t seed = 1; seed <= 60; ++seed) {
        for (bool dense : {false, true}) {
            const std::string raw = generated(seed, 2000 + seed * 37, dense);
            const std::string text = normalize_for_scan(raw);
            ASSERT_TRUE(mikiwame::base::is_valid_utf8(text));
            for (const auto& m : mikiwame::content::testing::scan(text)) ASSERT_LE(m.end, text.size());
            for (const char* lang : {"ja", "en", "de"}) {
                auto found = find_deadlines(text, mikiwame::content::testing::fixture_catalog().words(), lang, CivilDate{2024, 11, 11});
                ASSERT_LE(found.size(), kMaxDeadlines);
                for (const auto& d : found) {
                    ASSERT_LE(d.begin, d.end);
                    ASSERT_LE(d.end, text.size());
                }
            }
            auto style = measure_japanese_style(raw);
            ASSERT_LE(style.space_examples.size(), kMaxStyleExamples);
            auto facts = mikiwame::content::testing::analyze_raw(mikiwame::content::testing::text_mail(raw));
            for (const auto& h : facts.hits) ASSERT_FALSE(h.evidence.empty()) << h.id;
        }
    }
}

} // namespace

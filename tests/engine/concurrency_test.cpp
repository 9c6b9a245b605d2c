// SPDX-License-Identifier: Apache-2.0
// One Engine shared by four threads, each with its own AnalysisContext, analysing the corpus
// (or, without it, the project's own fixtures) over and over: every report must be the same,
// byte for byte, as the single-threaded one. Run under ThreadSanitizer by `make tsan-test`.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "mikiwame/engine.h"
#include "mikiwame/render.h"
#include "support/corpus.h"

namespace mikiwame {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> messages() {
    std::vector<fs::path> files;
    if (testing::has_corpus()) {
        for (const char* sub : {"phish", "ham", "spam", "ja"})
            for (auto& f : testing::files_under(testing::corpus_dir() / sub)) files.push_back(f);
    } else {
        std::printf("concurrency: ../shared/corpus absent; using the project's fixtures\n");
        for (const char* sub : {"tests/golden", "tests/cases", "tests/fixtures/messages"})
            for (auto& f : testing::files_under(fs::path(MIKIWAME_SOURCE_DIR) / sub)) files.push_back(f);
    }
    std::vector<std::string> out;
    for (const auto& f : files) out.push_back(testing::read_file(f));
    return out;
}

TEST(Concurrency, FourThreadsWithTheirOwnContextsGiveTheSingleThreadedReports) {
    auto loaded = Engine::load({});
    ASSERT_TRUE(loaded) << loaded.error().message;
    const Engine& engine = **loaded;
    const std::vector<std::string> mails = messages();
    ASSERT_FALSE(mails.empty());
    // No clock in the verdict: an hour of budget, so a slow sanitizer build never cuts one short.
    auto render = [&](const std::string& raw, AnalysisContext& context) {
        AnalyzeRequest request;
        request.raw = raw;
        request.time_budget = std::chrono::hours(1);
        auto report = engine.analyze(request, context);
        return report ? engine.renderer().render(*report, ReportFormat::Json) : "error: " + report.error().message;
    };
    std::vector<std::string> expected;
    {
        AnalysisContext context;
        for (const auto& m : mails) expected.push_back(render(m, context));
    }
    const char* wanted = std::getenv("MIKIWAME_CONCURRENCY_ANALYSES");
    const std::size_t total = wanted ? std::strtoul(wanted, nullptr, 10) : 5000;
    std::atomic<std::size_t> next{0}, mismatches{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            AnalysisContext context;
            for (std::size_t i; (i = next.fetch_add(1)) < total;) {
                const std::size_t k = i % mails.size();
                if (render(mails[k], context) != expected[k]) ++mismatches;
            }
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(mismatches.load(), 0u);
    std::printf("concurrency: %zu analyses of %zu messages on 4 threads, %zu differ from the single-threaded reports\n",
                total, mails.size(), mismatches.load());
}

} // namespace
} // namespace mikiwame

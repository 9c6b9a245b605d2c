// SPDX-License-Identifier: Apache-2.0
// Google Benchmark per analysis stage over a corpus held in memory: ../shared/corpus (phish,
// ham, spam, ja; MIKIWAME_CORPUS_DIR elsewhere) when present, else the project's own fixtures.
// One iteration runs a stage over every mail, on inputs the earlier stages produced beforehand,
// so each figure is that stage's own cost; `cpu_per_msg` is the CPU time per message and
// bytes_per_second counts the raw mail. BM_Analyze is the whole Engine::analyze for
// comparison. Run pinned to one core: scripts/bench.sh (make bench).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "auth/auth_verdicts.h"
#include "base/charset.h"
#include "base/hyperscan.h"
#include "brands/brand_analysis.h"
#include "brands/brand_matcher.h"
#include "catalog/brand_catalog.h"
#include "catalog/finding_catalog.h"
#include "charset_encode.h"
#include "corpus.h"
#include "content/wording.h"
#include "content/phrase_lists.h"
#include "engine/brand_inputs.h"
#include "headers/header_forensics.h"
#include "message/html_document.h"
#include "message/parser.h"
#include "mikiwame/engine.h"
#include "scoring/scoring.h"
#include "urls/link_analysis.h"
#include "urls/url_catalog.h"

namespace {

namespace fs = std::filesystem;
using namespace mikiwame;

// Everything the stage benchmarks need, built once: the mails, the loaded data, and each
// stage's inputs as the engine's earlier stages make them.
struct Fixture {
    std::vector<std::string> raw;
    std::size_t bytes = 0;
    std::string source;
    Limits limits;
    std::shared_ptr<const Engine> engine;
    std::optional<headers::HeaderLists> header_lists;
    std::optional<urls::UrlCatalog> url_catalog;
    std::optional<catalog::BrandCatalog> brand_catalog;
    std::optional<brands::BrandMatcher> brand_matcher;
    std::optional<content::PhraseCatalog> phrases;
    std::optional<scoring::ScoringRules> scoring_rules;
    std::optional<catalog::FindingCatalog> findings;
    base::HsScratch scratch;

    std::vector<message::Message> messages;
    std::vector<headers::HeaderFacts> headers;
    std::vector<auth::AuthFacts> auth;
    std::vector<std::vector<std::string>> recipients;
    std::vector<urls::UrlFacts> links;
    std::vector<brands::BrandInputs> brand_inputs;
    std::vector<Report> reports;
    std::vector<std::string> html;                                 // every HTML part's decoded source
    std::vector<std::pair<std::string, std::string>> legacy_text;  // (bytes, charset) of non-UTF-8 text parts

    Fixture() {
        fs::path corpus = std::getenv("MIKIWAME_CORPUS_DIR") ? fs::path(std::getenv("MIKIWAME_CORPUS_DIR"))
                                                             : fs::path(MIKIWAME_SOURCE_DIR) / "../shared/corpus";
        std::vector<fs::path> dirs;
        for (const char* sub : {"phish", "ham", "spam", "ja"})
            if (fs::is_directory(corpus / sub)) dirs.push_back(corpus / sub);
        source = dirs.empty() ? "project fixtures (corpus not found at " + corpus.string() + ")" : corpus.string();
        if (dirs.empty())
            for (const char* sub : {"tests/cases", "tests/web/fixtures", "tests/fixtures/messages"}) dirs.push_back(fs::path(MIKIWAME_SOURCE_DIR) / sub);
        for (const auto& dir : dirs)
            for (const auto& entry : fs::recursive_directory_iterator(dir))
                if (entry.path().extension() == ".eml") raw.push_back(mikiwame::testing::read_file(entry.path()));
        for (const auto& r : raw) bytes += r.size();

        const fs::path data = default_data_dir();
        auto loaded = Engine::load({});
        if (!loaded) throw std::runtime_error(loaded.error().message);
        engine = *loaded;
        header_lists.emplace(headers::HeaderLists::load(data).value());
        url_catalog.emplace(urls::UrlCatalog::load(data).value());
        brand_catalog.emplace(catalog::BrandCatalog::load(data / "brands").value());
        brand_matcher.emplace(brands::BrandMatcher::build(*brand_catalog).value());
        phrases.emplace(content::PhraseCatalog::load(data / "phrases").value());
        scoring_rules.emplace(scoring::ScoringRules::load(data / "scoring.toml").value());
        findings.emplace(catalog::FindingCatalog::load(data / "findings.toml").value());
        if (!phrases->reserve(scratch) || !brand_matcher->reserve(scratch)) throw std::runtime_error("scratch");

        AnalysisContext context;
        for (const auto& r : raw) {
            messages.push_back(message::parse_message(r, limits));
            const message::Message& msg = messages.back();
            headers::HeaderOptions options;
            options.brands = &*brand_catalog;
            headers.push_back(headers::analyze_headers(msg, *header_lists, options, limits));
            auth.push_back(auth::read_authentication(msg, headers.back(), nullptr));
            recipients.push_back(engine::recipient_addresses(msg, headers.back(), std::nullopt));
            auto is_brand_host = [this](std::string_view host) { return brand_catalog->any_brand_owns(host); };
            auto same_family = [this](std::string_view a, std::string_view b) { return brand_catalog->same_family(a, b); };
            links.push_back(urls::analyze_links(msg, recipients.back(), *url_catalog, limits, is_brand_host, same_family, {}));
            brand_inputs.push_back(engine::gather_brand_inputs(msg, headers.back(), auth.back().verdicts, *header_lists, links.back(), std::nullopt,
                                                               recipients.back(), engine::receiving_domains(msg, headers.back(), std::nullopt)));
            AnalyzeRequest request;
            request.raw = r;
            auto report = engine->analyze(request, context);
            if (report) reports.push_back(std::move(*report));
            for (const auto& part : msg.parts) {
                if (part.html) html.push_back(part.text);
                else if (!part.text.empty() && !part.charset_used.empty() && part.charset_used != "utf-8" && part.charset_used != "us-ascii") {
                    try {
                        legacy_text.emplace_back(testing::encode_charset(part.text, part.charset_used.c_str()), part.charset_used);
                    } catch (const std::exception&) {
                        // A charset ICU cannot encode into: left out of the charset benchmark.
                    }
                }
            }
        }
    }
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

// Per-message CPU time and throughput of the raw mail, for a benchmark over all `n` mails.
void per_message(benchmark::State& state, std::size_t n, std::size_t bytes) {
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
    // Seconds of CPU per message, printed with an SI prefix ("412.3u" is 412.3 µs).
    state.counters["cpu_per_msg"] =
        benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
    state.SetLabel(fixture().source);
}

void BM_Message(benchmark::State& state) {
    Fixture& f = fixture();
    for (auto _ : state)
        for (const auto& r : f.raw) benchmark::DoNotOptimize(message::parse_message(r, f.limits));
    per_message(state, f.raw.size(), f.bytes);
}

void BM_Html(benchmark::State& state) {
    Fixture& f = fixture();
    std::size_t bytes = 0;
    for (const auto& h : f.html) bytes += h.size();
    for (auto _ : state)
        for (const auto& h : f.html) {
            std::vector<message::ParseIssue> issues;
            benchmark::DoNotOptimize(message::parse_html_document(h, f.limits, issues));
        }
    per_message(state, f.raw.size(), bytes);
    state.counters["html_parts"] = static_cast<double>(f.html.size());
}

void BM_Charset(benchmark::State& state) {
    Fixture& f = fixture();
    std::size_t bytes = 0;
    for (const auto& [text, charset] : f.legacy_text) bytes += text.size();
    for (auto _ : state)
        for (const auto& [text, charset] : f.legacy_text) benchmark::DoNotOptimize(base::decode_to_utf8(text, charset));
    per_message(state, f.raw.size(), bytes);
    state.counters["legacy_parts"] = static_cast<double>(f.legacy_text.size());
}

void BM_Headers(benchmark::State& state) {
    Fixture& f = fixture();
    headers::HeaderOptions options;
    options.brands = &*f.brand_catalog;
    for (auto _ : state)
        for (const auto& m : f.messages) benchmark::DoNotOptimize(headers::analyze_headers(m, *f.header_lists, options, f.limits));
    per_message(state, f.raw.size(), f.bytes);
}

void BM_Auth(benchmark::State& state) {
    Fixture& f = fixture();
    for (auto _ : state)
        for (std::size_t i = 0; i < f.messages.size(); ++i)
            benchmark::DoNotOptimize(auth::read_authentication(f.messages[i], f.headers[i], nullptr));
    per_message(state, f.raw.size(), f.bytes);
}

void BM_Links(benchmark::State& state) {
    Fixture& f = fixture();
    auto is_brand_host = [&](std::string_view host) { return f.brand_catalog->any_brand_owns(host); };
    auto same_family = [&](std::string_view a, std::string_view b) { return f.brand_catalog->same_family(a, b); };
    for (auto _ : state)
        for (std::size_t i = 0; i < f.messages.size(); ++i)
            benchmark::DoNotOptimize(urls::analyze_links(f.messages[i], f.recipients[i], *f.url_catalog, f.limits, is_brand_host, same_family, {}));
    per_message(state, f.raw.size(), f.bytes);
}

void BM_Content(benchmark::State& state) {
    Fixture& f = fixture();
    for (auto _ : state)
        for (std::size_t i = 0; i < f.messages.size(); ++i)
            benchmark::DoNotOptimize(content::analyze_content(f.messages[i], f.recipients[i], *f.phrases, f.limits, f.scratch));
    per_message(state, f.raw.size(), f.bytes);
}

void BM_Brands(benchmark::State& state) {
    Fixture& f = fixture();
    for (auto _ : state)
        for (const auto& in : f.brand_inputs)
            benchmark::DoNotOptimize(brands::analyze_brands(in, *f.brand_catalog, *f.brand_matcher, f.scratch));
    per_message(state, f.raw.size(), f.bytes);
}

void BM_Scoring(benchmark::State& state) {
    Fixture& f = fixture();
    for (auto _ : state) {
        state.PauseTiming();
        std::vector<Report> copies = f.reports;
        state.ResumeTiming();
        for (auto& report : copies) scoring::apply_scoring(report, *f.scoring_rules, *f.findings);
        benchmark::DoNotOptimize(copies);
        state.PauseTiming();
        copies.clear();
        state.ResumeTiming();
    }
    per_message(state, f.reports.size(), f.bytes);
}

void BM_Render(benchmark::State& state) {
    Fixture& f = fixture();
    const auto format = static_cast<ReportFormat>(state.range(0));
    for (auto _ : state)
        for (const auto& report : f.reports) benchmark::DoNotOptimize(f.engine->renderer().render(report, format, "ja"));
    per_message(state, f.reports.size(), f.bytes);
}

void BM_Analyze(benchmark::State& state) {
    Fixture& f = fixture();
    AnalysisContext context;
    for (auto _ : state)
        for (const auto& r : f.raw) {
            AnalyzeRequest request;
            request.raw = r;
            benchmark::DoNotOptimize(f.engine->analyze(request, context));
        }
    per_message(state, f.raw.size(), f.bytes);
}

BENCHMARK(BM_Message)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Html)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Charset)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Headers)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Auth)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Links)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Content)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Brands)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Scoring)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Render)->Arg(static_cast<int>(ReportFormat::Text))->Arg(static_cast<int>(ReportFormat::Json))->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Analyze)->Unit(benchmark::kMillisecond);

} // namespace

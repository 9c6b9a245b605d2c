// SPDX-License-Identifier: Apache-2.0
// Google Benchmark for the message stage: parse_message on the bundled sample and on
// generated messages of growing size (BM_ParseMessage/size).
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>

#include "message/parser.h"

namespace {

std::string sample() {
    std::ifstream in(std::string(MIKIWAME_SOURCE_DIR) + "/tests/fixtures/messages/demo-kagoya-phish.eml", std::ios::binary);
    std::ostringstream buffer; // not istreambuf_iterator: g++ 12 warns -Wnull-dereference in it
    buffer << in.rdbuf();
    return std::move(buffer).str();
}

void BM_ParseSample(benchmark::State& state) {
    std::string raw = sample();
    for (auto _ : state) {
        auto msg = mikiwame::message::parse_message(raw, mikiwame::Limits{});
        benchmark::DoNotOptimize(msg);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * raw.size()));
}
BENCHMARK(BM_ParseSample);

void BM_ParseMessage(benchmark::State& state) {
    std::string raw = "From: a@example.com\r\nSubject: x\r\nContent-Type: text/html; charset=utf-8\r\n\r\n";
    while (raw.size() < static_cast<std::size_t>(state.range(0)))
        raw += "<p>日本語のテキスト <a href=\"https://example.com/x\">link</a></p>\r\n";
    for (auto _ : state) {
        auto msg = mikiwame::message::parse_message(raw, mikiwame::Limits{});
        benchmark::DoNotOptimize(msg);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * raw.size()));
}
BENCHMARK(BM_ParseMessage)->Arg(4 << 10)->Arg(64 << 10)->Arg(1 << 20);

} // namespace

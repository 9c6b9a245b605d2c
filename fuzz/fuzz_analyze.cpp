// SPDX-License-Identifier: Apache-2.0
// Fuzz target: the whole pipeline (message, headers, links, attachments, wording, brands,
// scoring, every renderer) on arbitrary bytes. Nothing may crash, leak or trip a sanitizer,
// and every report must render.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "mikiwame/engine.h"
#include "report/render.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static std::shared_ptr<const mikiwame::Engine> engine = [] {
        mikiwame::EngineOptions options;
        options.limits.max_header_count = 64;
        options.limits.max_mime_parts = 64;
        options.limits.max_mime_depth = 8;
        options.limits.max_urls = 64;
        auto loaded = mikiwame::Engine::load(options);
        if (!loaded) std::abort();
        return *loaded;
    }();
    auto report = engine->analyze(std::string_view(reinterpret_cast<const char*>(data), size));
    if (!report) std::abort();
    std::string json = mikiwame::report::render_json(*report);
    std::string text = mikiwame::report::render_text(*report, engine->report_wording().words("ja"));
    std::string html = mikiwame::report::render_html(*report, engine->report_wording().words("en"));
    if (json.empty() || text.empty() || html.empty()) std::abort();
    return 0;
}

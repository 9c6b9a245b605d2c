// SPDX-License-Identifier: Apache-2.0
// Fuzz target: the whole pipeline (message, headers, links, attachments, wording, brands,
// scoring, every renderer) on arbitrary bytes. Nothing may crash, leak or trip a sanitizer,
// every report must render, and text and Markdown carry no control byte but TAB and LF.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "mikiwame/engine.h"
#include "mikiwame/render.h"

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
    static mikiwame::AnalysisContext context;
    mikiwame::AnalyzeRequest request;
    request.raw = std::string_view(reinterpret_cast<const char*>(data), size);
    auto report = engine->analyze(request, context);
    if (!report) std::abort();
    const mikiwame::Renderer& renderer = engine->renderer();
    std::string json = renderer.render(*report, mikiwame::ReportFormat::Json);
    std::string text = renderer.render(*report, mikiwame::ReportFormat::Text, "ja");
    std::string html = renderer.render(*report, mikiwame::ReportFormat::Html, "en");
    // Property: text and Markdown reach terminals, so no control byte but TAB and LF survives.
    std::string markdown = renderer.render(*report, mikiwame::ReportFormat::Markdown, "en");
    for (const std::string* out : {&text, &markdown})
        for (unsigned char c : *out)
            if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) std::abort();
    if (json.empty() || text.empty() || html.empty()) std::abort();
    return 0;
}

// SPDX-License-Identifier: Apache-2.0
// data/phrases/forward.toml: the shipped file loads with what detection needs, and every
// mistake is a Config error at its file:line:col, never a partial set of markers.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "engine/forward_markers_file.h"

namespace mikiwame::engine {
namespace {

const char* kMinimal = R"(end_phrases = ["end forwarded message"]
subject_prefixes = ["fwd"]
[thresholds]
max_forwarder_lines = 8
max_forwarder_bytes = 600
max_signature_lines = 10
max_scan_lines = 60
max_header_lines = 16
max_trailing_lines = 6
[[marker]]
style = "gmail"
lines = ["---------- Forwarded message ---------"]
[labels]
from = ["From"]
[date]
pm = ["pm"]
am = ["am"]
[date.zones]
jst = "+0900"
)";

TEST(ForwardMarkersFile, TheShippedFileLoads) {
    auto loaded = load_forward_markers(std::filesystem::path(MIKIWAME_SOURCE_DIR) / "data/phrases/forward.toml");
    ASSERT_TRUE(loaded) << loaded.error().context << ": " << loaded.error().message;
    const message::ForwardMarkers& m = *loaded;
    for (auto style : {message::ForwardStyle::Gmail, message::ForwardStyle::Outlook, message::ForwardStyle::Thunderbird,
                       message::ForwardStyle::Apple, message::ForwardStyle::Generic})
        EXPECT_TRUE(std::any_of(m.markers.begin(), m.markers.end(), [&](const auto& k) { return k.style == style; }))
            << message::to_string(style);
    for (auto field : {message::ForwardField::From, message::ForwardField::Date, message::ForwardField::Subject, message::ForwardField::To})
        EXPECT_TRUE(std::any_of(m.labels.begin(), m.labels.end(), [&](const auto& l) { return l.second == field; }))
            << message::to_string(field);
    EXPECT_FALSE(m.subject_prefixes.empty());
    EXPECT_FALSE(m.html_anchors.empty());
    // Prepared: compared folded.
    EXPECT_TRUE(std::all_of(m.subject_prefixes.begin(), m.subject_prefixes.end(),
                            [](const std::string& p) { return p == message::fold_marker_text(p); }));
}

TEST(ForwardMarkersFile, AMinimalFileLoadsFolded) {
    auto loaded = parse_forward_markers(kMinimal, "forward.toml");
    ASSERT_TRUE(loaded) << loaded.error().message;
    ASSERT_EQ(loaded->markers.size(), 1u);
    EXPECT_EQ(loaded->markers[0].lines.at(0), "---------- forwarded message ---------");
    ASSERT_EQ(loaded->labels.size(), 1u);
    EXPECT_EQ(loaded->labels[0].first, "from");
    ASSERT_EQ(loaded->zones.size(), 1u);
    EXPECT_EQ(loaded->zones[0].second, "+0900");
    EXPECT_EQ(loaded->max_scan_lines, 60u);
}

struct BadRow {
    const char* label;
    std::string from; // a piece of kMinimal
    std::string to;   // its replacement
    const char* message;
    const char* where;
};

TEST(ForwardMarkersFile, MistakesAreErrorsAtTheirPlace) {
    const BadRow rows[] = {
        {"unknown top-level key", "subject_prefixes = [\"fwd\"]", "subject_prefixes = [\"fwd\"]\nsubjet_prefixes = [\"fw\"]",
         "subjet_prefixes", "forward.toml:3:"},
        {"unknown style", "style = \"gmail\"", "style = \"gmial\"", "marker.style", "forward.toml:11:"},
        {"unknown marker key", "style = \"gmail\"", "style = \"gmail\"\nreply = true", "reply", "forward.toml:"},
        {"marker without lines or phrases", "lines = [\"---------- Forwarded message ---------\"]", "reply_too = true",
         "expected lines or phrases", "forward.toml:"},
        {"empty phrase", "lines = [\"---------- Forwarded message ---------\"]", "phrases = [\" \"]", "an empty entry", "forward.toml:"},
        {"unknown field", "from = [\"From\"]", "from = [\"From\"]\nsender = [\"Sender\"]", "labels.sender: unknown field",
         "forward.toml:"},
        {"no from labels", "from = [\"From\"]", "to = [\"To\"]", "labels.from", "forward.toml:"},
        {"zero threshold", "max_scan_lines = 60", "max_scan_lines = 0", "thresholds.max_scan_lines: expected a positive integer",
         "forward.toml:7:"},
        {"missing threshold", "max_trailing_lines = 6\n", "", "thresholds.max_trailing_lines: missing", "forward.toml:"},
        {"bad zone", "jst = \"+0900\"", "jst = \"+9\"", "date.zones.jst", "forward.toml:"},
    };
    for (const auto& row : rows) {
        std::string text = kMinimal;
        const std::size_t at = text.find(row.from);
        ASSERT_NE(at, std::string::npos) << row.label;
        text.replace(at, row.from.size(), row.to);
        auto loaded = parse_forward_markers(text, "forward.toml");
        ASSERT_FALSE(loaded) << row.label;
        EXPECT_EQ(loaded.error().code, ErrorCode::Config) << row.label;
        EXPECT_NE(loaded.error().message.find(row.message), std::string::npos) << row.label << ": " << loaded.error().message;
        EXPECT_TRUE(loaded.error().context.starts_with(row.where)) << row.label << ": " << loaded.error().context;
    }
}

} // namespace
} // namespace mikiwame::engine

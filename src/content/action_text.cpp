// SPDX-License-Identifier: Apache-2.0
#include "content/action_text.h"

#include <algorithm>

#include "base/text.h"
#include "content/text_normalize.h"

namespace mikiwame::content {

namespace {

// An anchor's text longer than this is cut before it is normalised: a button is short.
constexpr std::size_t kMaxAnchorBytes = 1024;
// Between two texts when they are joined: kept by NFKC, no whitespace, in no phrase (〓, the
// geta mark; a text's own is blanked first).
constexpr std::string_view kSeparator = "\u3013";

std::size_t code_points(std::string_view utf8) {
    return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

} // namespace

std::vector<std::string> action_texts(const std::vector<std::string_view>& texts, const PhraseCatalog& catalog,
                                      base::HsScratch& scratch) {
    std::vector<std::string> out(texts.size());
    // All texts joined by a separator that normalisation keeps and no phrase holds, normalised
    // once (a newsletter has a hundred anchors) and scanned once; each match belongs to the text
    // its last byte is in.
    std::string joined;
    for (std::string_view text : texts) {
        std::string piece(base::truncate_utf8(text, kMaxAnchorBytes));
        for (std::size_t at = piece.find(kSeparator); at != std::string::npos; at = piece.find(kSeparator, at))
            piece.replace(at, kSeparator.size(), " ");
        joined += piece;
        joined += kSeparator;
    }
    const std::string normalized = normalize_for_scan(joined);
    std::vector<std::size_t> ends; // byte offset of each text's separator in `normalized`
    for (std::size_t at = normalized.find(kSeparator); at != std::string::npos; at = normalized.find(kSeparator, at + 1))
        ends.push_back(at);
    if (ends.size() != texts.size()) return out; // normalisation made or ate a separator: claim nothing
    auto matches = catalog.scan(normalized, scratch);
    if (!matches) return out;
    for (const PhraseMatch& m : *matches) {
        if (m.pattern->role != PhraseRole::Action || m.end == 0) continue;
        const std::size_t index = static_cast<std::size_t>(std::lower_bound(ends.begin(), ends.end(), m.end) - ends.begin());
        if (index >= texts.size() || !out[index].empty()) continue;
        const std::size_t begin = index == 0 ? 0 : ends[index - 1] + kSeparator.size();
        const std::string_view text = base::trim(std::string_view(normalized).substr(begin, ends[index] - begin));
        if (code_points(text) <= kMaxActionTextChars) out[index] = std::string(text);
    }
    return out;
}

} // namespace mikiwame::content

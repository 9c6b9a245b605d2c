// SPDX-License-Identifier: Apache-2.0
// Fuzz target: a phishing feed file (JPCERT/CC CSV or plain list) read line by line, and every
// line as a lookup key. Feeds come from outside; a bad line must be rejected, never crash.
#include <cstdint>
#include <string_view>

#include "intel/phish_feed.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    mikiwame::intel::FeedReader reader;
    mikiwame::intel::FeedRecord record;
    while (!text.empty()) {
        std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        (void)reader.read_line(line, record);
        (void)mikiwame::intel::parse_feed_key(line);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    }
    return 0;
}

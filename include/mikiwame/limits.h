// SPDX-License-Identifier: Apache-2.0
// Limits: every bound mikiwame enforces on hostile mail, named as in the configuration file
// and docs/configuration.md. Hitting one is never a crash: the input is truncated or the
// walk stops, and the report carries message.limit_exceeded naming the limit and its value.
#pragma once

#include <cstddef>
#include <string_view>

namespace mikiwame {

struct Limits {
    // Larger mail is analysed on its first max_message_bytes only (Postfix message_size_limit).
    std::size_t max_message_bytes = 50u * 1024 * 1024;
    // One header field, name and folded value together (Postfix header_size_limit).
    std::size_t max_header_bytes = 100u * 1024;
    // Header fields kept per message; the rest are dropped before MIME parsing.
    std::size_t max_header_count = 10000;
    // MIME nesting our walker descends (GMime's own 1024 is only a backstop).
    std::size_t max_mime_depth = 64;
    // MIME parts kept per message, embedded messages included.
    std::size_t max_mime_parts = 1000;
    // Received hops parsed per message (Postfix hopcount_limit).
    std::size_t max_received_hops = 50;
    // URLs kept per message.
    std::size_t max_urls = 2000;
    // Decoded text kept per part; longer text is cut at a character boundary.
    std::size_t max_decoded_text_bytes = 8u * 1024 * 1024;
    // Decoded bytes of each attachment kept for content checks (executables, macros, archives).
    std::size_t max_attachment_scan_bytes = 10u * 1024 * 1024;
    // HTML elements visited per HTML part (a flat million-element page stays linear).
    std::size_t max_html_nodes = 200000;
    // Pictures (PNG, JPEG) decoded per message to look for QR codes; pictures smaller than a
    // QR code (icons, tracking pixels) do not count.
    std::size_t max_qr_images = 16;
    // A picture larger than this (decoded bytes of the part, or of a data: URL) is not decoded.
    std::size_t max_qr_image_bytes = 2u * 1024 * 1024;
    // Width × height a picture may have to be decoded (read from its header first): a phone
    // screenshot fits, a camera photo does not, and a decompression bomb never gets a buffer.
    std::size_t max_qr_image_pixels = 3u * 1000 * 1000;
    // Forwarded reports unwrapped one inside the other (a forward of a forward, AnalyzeRequest::
    // unwrap_forwarded); a deeper one is analysed as the forward it is.
    std::size_t max_forward_depth = 3;
    // Milter only: time budget for one message before the configured fallback action.
    std::size_t max_analysis_ms = 5000;
};

// A limit's configuration key and its value, for findings and error lines.
struct LimitHit {
    std::string_view name;
    std::size_t value = 0;
};

} // namespace mikiwame

// SPDX-License-Identifier: Apache-2.0
// Fuzz target: raw bytes → parse_message → find_forwarded_report / unwrap_forwarded with the
// shipped data/phrases/forward.toml, and the inline detector and the Date reader on the bytes as
// text. Nothing may crash, hang or trip a sanitizer; the rebuilt message stays within
// max_message_bytes; a rebuilt inline message carries only the header fields the rebuild writes
// (a forwarded value can never add one); at most max_forward_depth forwards are unwrapped.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "base/text.h"
#include "engine/forward_markers_file.h"
#include "message/forwarded_date.h"
#include "message/forwarded_inline.h"
#include "message/forwarded_report.h"
#include "message/parser.h"
#include "mikiwame/engine.h"

namespace {

bool is_rebuilt_field(std::string_view name) {
    for (std::string_view known : {"From", "Date", "Subject", "To", "Cc", "Reply-To", "MIME-Version", "Content-Type"})
        if (mikiwame::base::iequals_ascii(name, known)) return true;
    return false;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const mikiwame::message::ForwardMarkers markers = [] {
        auto loaded = mikiwame::engine::load_forward_markers(mikiwame::default_data_dir() / "phrases" / "forward.toml");
        if (!loaded) std::abort();
        return *loaded;
    }();
    mikiwame::Limits limits;
    // Small limits so that the limit paths are reached with small inputs.
    limits.max_message_bytes = 256u * 1024;
    limits.max_header_bytes = 4096;
    limits.max_mime_depth = 8;
    limits.max_mime_parts = 32;
    limits.max_decoded_text_bytes = 65536;
    limits.max_attachment_scan_bytes = 65536;
    limits.max_forward_depth = 2;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);

    // The text detector and the Date reader on the raw bytes, the first line as the subject.
    const std::string_view subject = bytes.substr(0, bytes.find('\n') == std::string_view::npos ? 0 : bytes.find('\n'));
    (void)mikiwame::message::find_inline_forward(bytes, subject, markers);
    (void)mikiwame::message::read_forwarded_date(bytes.substr(0, 256), markers);

    mikiwame::message::Message outer = mikiwame::message::parse_message(bytes, limits);
    if (auto found = mikiwame::message::find_forwarded_report(outer, markers, limits)) {
        if (found->kind == mikiwame::message::ForwardKind::Inline) {
            if (found->inner_raw.size() > limits.max_message_bytes) std::abort();
            mikiwame::message::Message inner = mikiwame::message::parse_message(found->inner_raw, limits);
            for (const auto& header : inner.headers)
                if (!is_rebuilt_field(header.name)) std::abort();
        }
    }
    mikiwame::message::UnwrappedMessage unwrapped = mikiwame::message::unwrap_forwarded(std::move(outer), markers, limits);
    if (unwrapped.layers.size() > limits.max_forward_depth) std::abort();
    for (const auto& layer : unwrapped.layers)
        if (!layer.inner_raw.empty()) std::abort();
    return 0;
}

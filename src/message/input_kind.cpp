// SPDX-License-Identifier: Apache-2.0
#include "mikiwame/input.h"

#include <magic.h>

#include <fmt/format.h>

#include <memory>
#include <type_traits>

#include "base/sha256.h"
#include "base/text.h"
#include "message/outlook_msg.h"

namespace mikiwame {

namespace {

constexpr std::string_view kOle2Signature{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8};

struct MagicCloser {
    void operator()(magic_t m) const noexcept {
        if (m) magic_close(m);
    }
};

// libmagic's human description ("ELF 64-bit LSB pie executable, x86-64, …"), per thread.
std::string describe_with_magic(std::string_view bytes) {
    thread_local std::unique_ptr<std::remove_pointer_t<magic_t>, MagicCloser> handle = [] {
        magic_t m = magic_open(MAGIC_NONE | MAGIC_ERROR);
        if (m && magic_load(m, nullptr) != 0) {
            magic_close(m);
            m = nullptr;
        }
        return std::unique_ptr<std::remove_pointer_t<magic_t>, MagicCloser>(m);
    }();
    if (!handle) return {};
    const char* d = magic_buffer(handle.get(), bytes.data(), std::min<std::size_t>(bytes.size(), 1u << 20));
    return d ? std::string(d) : std::string();
}

std::string_view first_line(std::string_view bytes) {
    std::size_t end = bytes.find('\n');
    std::string_view line = bytes.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

// RFC 5322 §2.2: a field name is printable US-ASCII except ':', then ':'. Obsolete syntax
// allows white space before the colon.
bool is_header_field_line(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && line[i] >= 33 && line[i] <= 126 && line[i] != ':') ++i;
    if (i == 0) return false;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    return i < line.size() && line[i] == ':';
}

// "From sender@example.com Mon Jan  1 00:00:00 2024": a sender and something with a digit.
bool is_mbox_separator(std::string_view line) {
    if (!line.starts_with("From ")) return false;
    std::string_view rest = base::trim(line.substr(5));
    std::size_t space = rest.find(' ');
    if (space == std::string_view::npos) return false;
    std::string_view date = rest.substr(space);
    return date.find_first_of("0123456789") != std::string_view::npos;
}

// Calls f(offset, line) for every line (without its LF and CR).
template <typename F>
void for_each_line(std::string_view bytes, F&& f) {
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        std::size_t end = bytes.find('\n', pos);
        std::size_t next = end == std::string_view::npos ? bytes.size() : end + 1;
        std::string_view line = bytes.substr(pos, (end == std::string_view::npos ? bytes.size() : end) - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!f(pos, line, next)) return;
        pos = next;
    }
}

std::vector<std::size_t> mbox_starts(std::string_view bytes, std::size_t max_messages) {
    std::vector<std::size_t> starts;
    bool previous_empty = true;
    for_each_line(bytes, [&](std::size_t offset, std::string_view line, std::size_t) {
        if (previous_empty && is_mbox_separator(line)) {
            starts.push_back(offset);
            if (starts.size() > max_messages) return false;
        }
        previous_empty = line.empty();
        return true;
    });
    return starts;
}

} // namespace

InputInspection inspect_input(std::string_view bytes) {
    InputInspection out;
    if (base::trim(bytes).empty()) {
        out.kind = InputKind::Empty;
        out.description = bytes.empty() ? "empty input" : "empty input (white space only)";
        return out;
    }
    if (bytes.starts_with(kOle2Signature)) {
        out.kind = InputKind::OutlookMsg;
        out.description = "Outlook .msg file";
        return out;
    }
    std::string_view start = bytes;
    if (start.starts_with("\xEF\xBB\xBF")) start.remove_prefix(3);
    const std::string_view line = first_line(start);
    if (is_mbox_separator(line)) {
        out.kind = InputKind::Mbox;
        out.mbox_messages = mbox_starts(start, 1u << 20).size();
        out.description = fmt::format("mbox with {} message{}", out.mbox_messages, out.mbox_messages == 1 ? "" : "s");
        return out;
    }
    if (is_header_field_line(line)) return out;
    out.kind = InputKind::NotMail;
    std::string magic = describe_with_magic(bytes);
    std::string summary = magic.substr(0, magic.find(','));
    if (summary.empty() || summary == "data") {
        out.description = "binary data, not a mail message";
    } else if (summary.find("text") != std::string::npos) {
        out.description = "text without a mail header section (" + summary + ")";
    } else if (summary.ends_with("document")) {
        out.description = summary;
    } else {
        out.description = "binary data (" + summary + ")";
    }
    return out;
}

std::vector<MboxSpan> index_mbox(std::string_view bytes, std::size_t max_messages) {
    std::vector<MboxSpan> out;
    std::size_t bom = bytes.starts_with("\xEF\xBB\xBF") ? 3 : 0;
    std::vector<std::size_t> starts = mbox_starts(bytes.substr(bom), max_messages);
    if (starts.size() > max_messages) starts.resize(max_messages);
    for (std::size_t k = 0; k < starts.size(); ++k) {
        MboxSpan span;
        span.offset = bom + starts[k];
        std::size_t end = k + 1 < starts.size() ? bom + starts[k + 1] : bytes.size();
        std::string_view chunk = bytes.substr(span.offset, end - span.offset);
        // The empty line before the next separator belongs to the mbox, not the message.
        if (k + 1 < starts.size()) {
            if (chunk.ends_with("\r\n\r\n")) chunk.remove_suffix(2);
            else if (chunk.ends_with("\n\n")) chunk.remove_suffix(1);
        } else {
            // The last message: whole only when its header section ended (an empty line after
            // the "From " line's fields) and the file ends with a line end.
            const std::size_t body = chunk.find("\n\n") != std::string_view::npos ? chunk.find("\n\n") : chunk.find("\n\r\n");
            span.truncated = !chunk.ends_with('\n') || body == std::string_view::npos;
        }
        span.length = chunk.size();
        out.push_back(span);
    }
    return out;
}

std::string mbox_message_text(std::string_view span) {
    std::string text;
    text.reserve(span.size());
    bool first = true;
    for_each_line(span, [&](std::size_t offset, std::string_view line, std::size_t next) {
        if (first) {
            first = false;
            return true;
        }
        std::string_view raw = span.substr(offset, next - offset);
        // mboxrd: ">From " and ">>From " lose one '>' (mboxo's quoting is read the same way).
        std::size_t quotes = 0;
        while (quotes < line.size() && line[quotes] == '>') ++quotes;
        if (quotes > 0 && line.substr(quotes).starts_with("From ")) raw.remove_prefix(1);
        text.append(raw);
        return true;
    });
    return text;
}

std::vector<MboxMessage> split_mbox(std::string_view bytes, std::size_t max_messages) {
    std::vector<MboxMessage> out;
    for (const MboxSpan& span : index_mbox(bytes, max_messages))
        out.push_back({span.offset, mbox_message_text(bytes.substr(span.offset, span.length))});
    return out;
}

std::string message_sha256(std::string_view raw) { return base::sha256_hex(raw); }

Result<ConvertedMessage> convert_outlook_msg(std::string_view bytes, const Limits& limits) {
    auto converted = message::convert_outlook_msg(bytes, limits);
    if (!converted) return Unexpected<Error>{converted.error()};
    return ConvertedMessage{std::move(converted->mime), std::move(converted->notes)};
}

} // namespace mikiwame

// SPDX-License-Identifier: Apache-2.0
#include "message/framing.h"

#include "base/text.h"

#include <fmt/format.h>

#include <algorithm>

namespace mikiwame::message {

namespace {

// RFC 5322 §2.2: a field name is printable US-ASCII except the colon. Mail in the wild also
// has spaces before the colon ("Subject : x"), which GMime accepts, so we do too.
bool is_header_field_line(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size()) {
        auto c = static_cast<unsigned char>(line[i]);
        if (c == ':') return i > 0;
        if (c <= 32 || c >= 127) break;
        ++i;
    }
    if (i == 0) return false;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    return i < line.size() && line[i] == ':';
}

bool is_blank_line(std::string_view line) {
    return line.empty() || line == "\r";
}

// The line starting at `pos` without its LF; `next` is set past the LF.
std::string_view line_at(std::string_view s, std::size_t pos, std::size_t& next) {
    std::size_t lf = s.find('\n', pos);
    if (lf == std::string_view::npos) {
        next = s.size();
        return s.substr(pos);
    }
    next = lf + 1;
    return s.substr(pos, lf - pos);
}

ParseIssue limit_issue(std::string_view name, std::size_t value, std::string detail,
                       std::uint64_t offset) {
    return ParseIssue{IssueKind::LimitExceeded, std::string(name),
                      fmt::format("{}={} ({})", name, value, detail), offset};
}

ParseIssue anomaly(std::string code, std::string detail, std::uint64_t offset) {
    return ParseIssue{IssueKind::ParseAnomaly, std::move(code), std::move(detail), offset};
}

} // namespace

FramedInput frame_input(std::string_view raw, const Limits& limits) {
    FramedInput framed;
    std::string_view input = raw;
    if (input.size() > limits.max_message_bytes) {
        framed.issues.push_back(limit_issue("max_message_bytes", limits.max_message_bytes,
                                            fmt::format("input is {} bytes; the rest was not analysed",
                                                        raw.size()),
                                            limits.max_message_bytes));
        input = input.substr(0, limits.max_message_bytes);
        framed.is_truncated = true;
    }
    framed.original = input;

    // Mac-style line ends (CR only) would make the whole mail one header line for GMime.
    std::size_t lf_count = base::count_byte(input, '\n');
    std::size_t cr_count = base::count_byte(input, '\r');
    std::string work;
    bool rewrite = false;
    std::string_view text = input;
    if (lf_count == 0 && cr_count > 0) {
        work.assign(input);
        std::replace(work.begin(), work.end(), '\r', '\n');
        rewrite = true;
        framed.issues.push_back(anomaly("bare_cr_line_ends",
                                        fmt::format("{} lines end in a bare CR; read as LF", cr_count), 0));
        text = work;
    } else if (cr_count > lf_count) {
        framed.issues.push_back(anomaly("bare_cr", fmt::format("{} CR bytes but only {} LF", cr_count, lf_count), 0));
    }

    std::size_t nul_count = text.find('\0') == std::string_view::npos ? 0 : base::count_byte(text, '\0');
    if (nul_count > 0) {
        framed.issues.push_back(anomaly("nul_bytes", fmt::format("{} NUL bytes, first at offset {}",
                                                                 nul_count, text.find('\0')),
                                        text.find('\0')));
    }

    // Walk the header block: keep at most max_header_count fields, cut any field longer than
    // max_header_bytes, and stop at the blank line (or at the first line that cannot be a
    // header, where a separator is inserted so that GMime and we agree on where the body is).
    std::string out;
    std::size_t pos = 0;
    // An mbox "From " envelope line is not part of the message (RFC 4155).
    if (text.starts_with("From ")) {
        std::size_t next = 0;
        line_at(text, 0, next);
        pos = next;
        rewrite = true;
    }
    std::size_t header_count = 0;
    std::size_t dropped_headers = 0;
    std::size_t oversized_headers = 0;
    std::size_t field_bytes = 0;
    bool keeping_field = false;
    bool separator_found = false;
    bool header_nul_fixed = false;
    std::size_t body_start = text.size();
    std::size_t first_oversized_offset = 0;
    out.reserve(std::min<std::size_t>(text.size(), 1u << 20));
    while (pos < text.size()) {
        std::size_t next = 0;
        std::string_view line = line_at(text, pos, next);
        if (is_blank_line(line)) {
            separator_found = true;
            body_start = pos;
            break;
        }
        bool continuation = line.front() == ' ' || line.front() == '\t';
        if (!continuation && !is_header_field_line(line)) {
            if (header_count == 0 && pos == 0) {
                framed.issues.push_back(anomaly("no_headers", "the input does not start with a header field", 0));
            } else {
                framed.issues.push_back(anomaly("missing_header_body_separator",
                                                "a line that is not a header field ends the header block without a blank line",
                                                pos));
            }
            out += "\n";
            rewrite = true;
            separator_found = true;
            body_start = pos;
            break;
        }
        if (!continuation) {
            ++header_count;
            field_bytes = 0;
            keeping_field = header_count <= limits.max_header_count;
            if (!keeping_field) ++dropped_headers;
        } else if (header_count == 0) {
            // A continuation before any field: keep it as GMime would ignore it anyway.
            keeping_field = true;
        }
        if (keeping_field) {
            std::size_t room = limits.max_header_bytes > field_bytes ? limits.max_header_bytes - field_bytes : 0;
            std::string_view piece = text.substr(pos, next - pos);
            if (piece.size() > room) {
                if (field_bytes <= limits.max_header_bytes && room < piece.size()) {
                    if (oversized_headers == 0) first_oversized_offset = pos;
                    ++oversized_headers;
                }
                out.append(piece.substr(0, room));
                if (room > 0) out += '\n';
                field_bytes = limits.max_header_bytes + 1; // the rest of this field is dropped
                keeping_field = false;
                rewrite = true;
            } else {
                std::size_t start = out.size();
                out.append(piece);
                field_bytes += piece.size();
                if (piece.find('\0') != std::string_view::npos) {
                    std::replace(out.begin() + static_cast<std::ptrdiff_t>(start), out.end(), '\0', ' ');
                    header_nul_fixed = true;
                    rewrite = true;
                }
            }
        } else {
            rewrite = true;
        }
        pos = next;
    }
    if (!separator_found) {
        framed.issues.push_back(anomaly("missing_header_body_separator", "no blank line: the mail has no body", text.size()));
        if (!out.empty() && out.back() != '\n') out += '\n';
        out += '\n';
        rewrite = true;
    }
    if (dropped_headers > 0) {
        framed.issues.push_back(limit_issue("max_header_count", limits.max_header_count,
                                            fmt::format("{} header fields; {} dropped", header_count, dropped_headers),
                                            0));
    }
    if (oversized_headers > 0) {
        framed.issues.push_back(limit_issue("max_header_bytes", limits.max_header_bytes,
                                            fmt::format("{} header field(s) cut", oversized_headers),
                                            first_oversized_offset));
    }
    if (header_nul_fixed) {
        framed.issues.push_back(anomaly("nul_in_headers", "NUL bytes in the header block read as spaces", 0));
    }
    if (rewrite) {
        out.append(text.substr(body_start));
        framed.rewritten = std::move(out);
        framed.is_rewritten = true;
    }
    return framed;
}

} // namespace mikiwame::message

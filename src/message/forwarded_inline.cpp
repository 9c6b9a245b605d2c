// SPDX-License-Identifier: Apache-2.0
#include "message/forwarded_inline.h"

#include <algorithm>

#include "base/text.h"

namespace mikiwame::message {

namespace {

// A marker line or a header label is short; longer lines are text and never folded.
constexpr std::size_t kMaxMarkerBytes = 160;
constexpr std::size_t kMaxLabelBytes = 40;
// Blank lines a client leaves between the marker and the header block (Apple Mail: one).
constexpr std::size_t kMaxBlankLinesBeforeBlock = 2;
constexpr std::string_view kFullWidthColon = "\xEF\xBC\x9A"; // U+FF1A

struct Line {
    std::string_view text; // without the line end
    std::size_t begin = 0; // offset of the line in the text
    std::size_t next = 0;  // offset after its line end
};

// Up to `max` lines of `text` from `offset`; CR before LF is dropped.
std::vector<Line> read_lines(std::string_view text, std::size_t offset, std::size_t max) {
    std::vector<Line> lines;
    while (offset < text.size() && lines.size() < max) {
        std::size_t end = text.find('\n', offset);
        const std::size_t next = end == std::string_view::npos ? text.size() : end + 1;
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(offset, end - offset);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back({line, offset, next});
        offset = next;
    }
    return lines;
}

// Trims ASCII blanks and the ideographic and no-break spaces mailers indent with.
std::string_view trim_blanks(std::string_view s) {
    for (bool changed = true; changed;) {
        changed = false;
        s = base::trim(s);
        for (std::string_view space : {std::string_view("\xE3\x80\x80"), std::string_view("\xC2\xA0")}) {
            if (s.starts_with(space)) {
                s.remove_prefix(space.size());
                changed = true;
            }
            if (s.ends_with(space)) {
                s.remove_suffix(space.size());
                changed = true;
            }
        }
    }
    return s;
}

bool is_blank(std::string_view line) {
    return trim_blanks(line).empty();
}

// One quoting level ("> " or ">") removed.
std::string_view unquote(std::string_view line) {
    if (!line.starts_with('>')) return line;
    line.remove_prefix(1);
    if (line.starts_with(' ')) line.remove_prefix(1);
    return line;
}

bool is_decoration(char c) {
    return c == '-' || c == '_' || c == '=' || c == '*' || c == '~' || c == ':' || c == ' ' || c == '\t';
}

// The words of a marker line without the dashes, underscores, asterisks or colon around them.
std::string_view strip_decoration(std::string_view s) {
    while (!s.empty() && is_decoration(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_decoration(s.back())) s.remove_suffix(1);
    if (s.ends_with(kFullWidthColon)) s.remove_suffix(kFullWidthColon.size());
    return trim_blanks(s);
}

bool is_decoration_only(std::string_view trimmed) {
    return !trimmed.empty() && std::all_of(trimmed.begin(), trimmed.end(), is_decoration);
}

struct MarkerMatch {
    ForwardStyle style = ForwardStyle::Generic;
    bool reply_too = false;
};

std::optional<MarkerMatch> match_marker(std::string_view trimmed, const ForwardMarkers& m) {
    if (trimmed.size() > kMaxMarkerBytes) return std::nullopt;
    const std::string folded = fold_marker_text(trimmed);
    for (const auto& marker : m.markers)
        for (const auto& line : marker.lines)
            if (folded == line) return MarkerMatch{marker.style, marker.reply_too};
    const std::string_view words = strip_decoration(folded);
    if (words.empty()) return std::nullopt;
    for (const auto& marker : m.markers)
        for (const auto& phrase : marker.phrases)
            if (words == phrase) return MarkerMatch{marker.style, marker.reply_too};
    return std::nullopt;
}

struct LabelLine {
    ForwardField field = ForwardField::From;
    std::string_view label; // as written, with its colon
    std::string_view value;
};

// "From: …", "差出人： …", "*Subject:* …" (bold in a text rendering of HTML).
std::optional<LabelLine> match_label(std::string_view trimmed, const ForwardMarkers& m) {
    std::string_view s = trimmed;
    while (s.starts_with('*')) s.remove_prefix(1);
    const std::size_t ascii = s.find(':');
    const std::size_t wide = s.find(kFullWidthColon);
    const std::size_t colon = std::min(ascii, wide);
    if (colon == std::string_view::npos || colon > kMaxLabelBytes) return std::nullopt;
    const std::size_t colon_bytes = colon == ascii ? 1 : kFullWidthColon.size();
    std::string_view label = trim_blanks(s.substr(0, colon));
    while (label.ends_with('*')) label.remove_suffix(1);
    if (label.empty()) return std::nullopt;
    const std::string folded = fold_marker_text(label);
    for (const auto& [name, field] : m.labels) {
        if (folded != name) continue;
        std::string_view value = s.substr(colon + colon_bytes);
        while (value.starts_with('*')) value.remove_prefix(1);
        return LabelLine{field, s.substr(0, colon + colon_bytes), trim_blanks(value)};
    }
    return std::nullopt;
}

struct HeaderBlock {
    std::vector<std::pair<ForwardField, std::string>> fields;
    bool is_quoted = false;
    std::size_t body_offset = 0; // where the forwarded text starts
    std::string first_label;     // the first label as written
};

bool has_field(const HeaderBlock& block, ForwardField field) {
    return std::any_of(block.fields.begin(), block.fields.end(), [&](const auto& f) { return f.first == field; });
}

// The header block from line `first` on: label lines until a blank line (or a line that is
// neither a label nor the continuation of a wrapped address list or subject).
HeaderBlock read_header_block(const std::vector<Line>& lines, std::size_t first, std::size_t text_size,
                              const ForwardMarkers& m) {
    HeaderBlock block;
    std::size_t blanks = 0, used = 0;
    std::size_t i = first;
    for (; i < lines.size() && used < m.max_header_lines; ++i, ++used) {
        std::string_view raw = lines[i].text;
        // Apple Mail quotes the whole forwarded part, its header block included.
        const std::string_view outer = trim_blanks(raw);
        if (block.fields.empty() && !block.is_quoted && outer.starts_with('>')) block.is_quoted = true;
        if (block.is_quoted && !outer.empty()) {
            if (!outer.starts_with('>')) break;
            raw = unquote(outer);
        }
        const std::string_view trimmed = trim_blanks(raw);
        if (trimmed.empty()) {
            if (!block.fields.empty()) {
                ++i;
                break;
            }
            if (++blanks > kMaxBlankLinesBeforeBlock) break;
            continue;
        }
        if (auto label = match_label(trimmed, m)) {
            if (block.fields.empty()) block.first_label = std::string(label->label);
            block.fields.emplace_back(label->field, std::string(label->value));
            continue;
        }
        // A wrapped address list or subject continues on an indented line, or after a comma.
        if (!block.fields.empty()) {
            auto& [field, value] = block.fields.back();
            const bool indented = raw.starts_with(' ') || raw.starts_with('\t');
            const bool list_goes_on = (field == ForwardField::To || field == ForwardField::Cc) &&
                                      (value.ends_with(',') || value.ends_with(';'));
            if (indented || list_goes_on) {
                value += ' ';
                value += trimmed;
                continue;
            }
        }
        break;
    }
    block.body_offset = i < lines.size() ? lines[i].begin : text_size;
    return block;
}

// Non-blank lines and bytes of `text` before a trailing signature.
bool short_text(std::string_view text, const ForwardMarkers& m) {
    std::size_t lines = 0, bytes = 0;
    std::size_t lines_at_signature = 0, bytes_at_signature = 0, since_signature = 0;
    bool has_signature = false;
    // Past this many lines the text is long whatever its signature.
    const std::size_t give_up = m.max_forwarder_lines + m.max_signature_lines + 1;
    for (std::size_t offset = 0; offset < text.size();) {
        std::size_t end = text.find('\n', offset);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(offset, end - offset);
        offset = end + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        // RFC 3676 §4.3: "-- " alone on a line opens the signature (many clients drop the space).
        if (line == "-- " || line == "--") {
            has_signature = true;
            lines_at_signature = lines;
            bytes_at_signature = bytes;
            since_signature = 0;
            continue;
        }
        const std::string_view trimmed = trim_blanks(line);
        if (trimmed.empty()) continue;
        ++lines;
        bytes += trimmed.size();
        ++since_signature;
        if (lines > give_up) return false;
    }
    if (has_signature && since_signature <= m.max_signature_lines) {
        lines = lines_at_signature;
        bytes = bytes_at_signature;
    }
    return lines <= m.max_forwarder_lines && bytes <= m.max_forwarder_bytes;
}

bool is_end_marker(std::string_view trimmed, const ForwardMarkers& m) {
    if (trimmed.size() > kMaxMarkerBytes || m.end_phrases.empty()) return false;
    const std::string folded = fold_marker_text(trimmed);
    const std::string_view words = strip_decoration(folded);
    return std::find(m.end_phrases.begin(), m.end_phrases.end(), words) != m.end_phrases.end();
}

// What follows an end marker or the quoted part: a signature at most.
bool short_trailer(std::string_view text, const ForwardMarkers& m) {
    std::size_t lines = 0;
    for (std::size_t offset = 0; offset < text.size();) {
        std::size_t end = text.find('\n', offset);
        if (end == std::string_view::npos) end = text.size();
        if (!is_blank(text.substr(offset, end - offset)) && ++lines > m.max_trailing_lines) return false;
        offset = end + 1;
    }
    return true;
}

// The forwarded text from `offset`: up to an end marker (only a signature may follow it), one
// quoting level removed when the block was quoted (the quoted part ends at the first unquoted
// line). nullopt when too much follows.
std::optional<std::string> read_body(std::string_view text, std::size_t offset, bool is_quoted, const ForwardMarkers& m) {
    std::string body;
    while (offset < text.size()) {
        std::size_t end = text.find('\n', offset);
        const std::size_t next = end == std::string_view::npos ? text.size() : end + 1;
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(offset, end - offset);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        const std::string_view trimmed = trim_blanks(line);
        if (is_quoted && !trimmed.empty() && !trimmed.starts_with('>')) return short_trailer(text.substr(offset), m) ? std::optional(body) : std::nullopt;
        if (is_end_marker(is_quoted ? trim_blanks(unquote(trimmed)) : trimmed, m))
            return short_trailer(text.substr(next), m) ? std::optional(body) : std::nullopt;
        if (is_quoted) line = unquote(trimmed.empty() ? line : trimmed);
        if (!(body.empty() && is_blank(line))) {
            body += line;
            body += '\n';
        }
        offset = next;
    }
    return body;
}

} // namespace

bool has_forward_prefix(std::string_view subject, const ForwardMarkers& markers) {
    const std::string folded = fold_marker_text(trim_blanks(subject));
    std::string_view s = folded;
    if (s.starts_with('[')) s.remove_prefix(1);
    for (const auto& prefix : markers.subject_prefixes) {
        if (prefix.empty() || !s.starts_with(prefix)) continue;
        std::string_view rest = trim_blanks(s.substr(prefix.size()));
        if (rest.starts_with(':')) return true;
    }
    return false;
}

bool is_short_forwarder_text(std::string_view text, const ForwardMarkers& markers) {
    return short_text(text, markers);
}

std::optional<InlineForward> find_inline_forward(std::string_view text, std::string_view outer_subject, const ForwardMarkers& m) {
    const std::vector<Line> lines = read_lines(text, 0, m.max_scan_lines + m.max_header_lines + kMaxBlankLinesBeforeBlock + 1);
    const std::size_t scan = std::min(lines.size(), m.max_scan_lines);
    for (std::size_t i = 0; i < scan; ++i) {
        const std::string_view trimmed = trim_blanks(lines[i].text);
        // A marker inside quoted text is a reply quoting a forward, not a forward.
        if (trimmed.empty() || trimmed.starts_with('>')) continue;
        std::optional<MarkerMatch> marker = match_marker(trimmed, m);
        HeaderBlock block;
        std::string hint;
        if (marker) {
            block = read_header_block(lines, i + 1, text.size(), m);
            hint = std::string(strip_decoration(trimmed));
        } else {
            // Outlook's bare block: From, a date and a subject after a blank or a rule line.
            const bool starts_block = i == 0 || is_blank(lines[i - 1].text) || is_decoration_only(trim_blanks(lines[i - 1].text));
            auto label = starts_block ? match_label(trimmed, m) : std::nullopt;
            if (!label || label->field != ForwardField::From) continue;
            block = read_header_block(lines, i, text.size(), m);
            if (!has_field(block, ForwardField::Date) || !has_field(block, ForwardField::Subject)) continue;
            marker = MarkerMatch{ForwardStyle::Outlook, true};
            hint = block.first_label;
        }
        // The first marker decides: a long text before it is the forwarder's own mail.
        if (!short_text(text.substr(0, lines[i].begin), m)) return std::nullopt;
        if (marker->reply_too && !has_forward_prefix(outer_subject, m)) return std::nullopt;
        if (block.fields.empty()) return std::nullopt;
        auto body = read_body(text, block.body_offset, block.is_quoted, m);
        if (!body) return std::nullopt;
        InlineForward out;
        out.style = marker->style;
        out.fields = std::move(block.fields);
        out.body = std::move(*body);
        out.html_hint = std::move(hint);
        return out;
    }
    return std::nullopt;
}

} // namespace mikiwame::message

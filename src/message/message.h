// SPDX-License-Identifier: Apache-2.0
// The message model: what the first stage makes of a raw mail, faithfully and decoded.
// Every later stage reads this and nothing else of the input. Built by parse_message()
// (parser.h); immutable afterwards and safe to share between threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mikiwame/limits.h"

namespace mikiwame::message {

// A defect of the input, recorded instead of failing (STYLE 7.3). `limit` is set for
// LimitExceeded and names the Limits field.
enum class IssueKind { LimitExceeded, ParseAnomaly };

struct ParseIssue {
    IssueKind kind = IssueKind::ParseAnomaly;
    std::string code;   // stable short code: "nul_bytes", "bare_cr", "max_mime_depth", …
    std::string detail; // human-readable detail, with the value that was hit
    std::uint64_t offset = 0; // byte offset in the input where it was seen, when known
};

struct Header {
    std::string name;      // as written
    std::string raw_value; // bytes as in the mail, folding kept
    std::string value;     // unfolded, RFC 2047-decoded, UTF-8
    std::uint64_t offset = 0;
};

struct Address {
    std::string display_name; // decoded UTF-8
    std::string local_part;
    std::string domain;       // lower-cased; as written when not a valid name
    std::string address() const { return domain.empty() ? local_part : local_part + "@" + domain; }
};

struct DateValue {
    std::string raw;
    std::int64_t utc_seconds = 0; // seconds since the epoch, UTC
    int offset_minutes = 0;       // the zone offset the sender wrote
};

struct HtmlLink {
    std::string element;   // a, area, form, img, iframe, meta, base, link
    std::string attribute; // href, action, src, content, …
    std::string url;       // attribute value, entities decoded, trimmed
    std::string text;      // visible text of the anchor (a/area), whitespace collapsed
};

struct HtmlForm {
    std::string action;
    std::string method;
    std::vector<std::string> input_types; // type of each input, lower-cased ("text" if absent)
    std::vector<std::string> input_names;
    bool has_password = false;
};

struct HtmlImage {
    std::string src;
    std::string alt;
};

struct HtmlDocument {
    std::string visible_text; // what a reader sees, block elements as line breaks
    std::string hidden_text;  // text of elements hidden by style/attribute (recorded, not shown)
    std::string title;
    std::vector<HtmlLink> links;
    std::vector<HtmlForm> forms;
    std::vector<HtmlImage> images;
    std::vector<std::string> meta_refresh_urls;
    std::string base_href;
    std::vector<std::string> scripts; // inline script text (capped), for later URL extraction
    std::vector<std::string> styles;  // inline style text (capped), for CSS url()
    std::size_t script_count = 0;
    std::size_t style_count = 0;
};

struct Message;

struct Part {
    std::size_t index = 0;       // position in Message::parts (pre-order)
    std::optional<std::size_t> parent;
    std::size_t depth = 0;       // 0 for the top-level entity
    std::string content_type;    // lower-case "type/subtype", "text/plain" when absent
    std::string declared_charset;
    std::string charset_used;    // for text parts: the charset really applied
    std::string transfer_encoding; // lower-case, as declared ("" when absent)
    std::string disposition;     // "inline", "attachment" or ""
    std::optional<std::string> filename; // decoded (RFC 2231 / RFC 2047)
    std::string content_id;
    bool is_multipart = false;
    bool is_attachment = false;  // has a file name or attachment disposition, or is not text
    std::uint64_t size = 0;      // decoded bytes
    std::string sha256;          // of the decoded bytes (attachments only)
    std::string sniffed_type;    // MIME type from the content (libmagic)
    std::string text;            // text/* parts: decoded UTF-8 (capped)
    std::string content;         // attachments: decoded bytes, capped at max_attachment_scan_bytes
    std::optional<HtmlDocument> html;
    std::shared_ptr<const Message> embedded; // message/rfc822, parsed recursively
    // message/rfc822 parts of the top-level message only: the embedded message as GMime writes
    // it back (headers as they were, bodies in their transfer encoding), for a forwarded report
    // to be analysed on its own (forwarded_report.h). Empty elsewhere and above max_message_bytes.
    std::string embedded_raw;
};

struct Message {
    std::vector<Header> headers; // every top-level header, in order

    std::vector<Address> from;
    std::vector<Address> sender;
    std::vector<Address> reply_to;
    std::vector<Address> to;
    std::vector<Address> cc;
    std::vector<Address> return_path;
    std::vector<Address> delivered_to;
    std::string subject;
    std::optional<DateValue> date;
    std::optional<std::string> message_id; // without angle brackets

    std::vector<Part> parts;     // pre-order MIME tree; parts[0] is the top-level entity
    std::string text_body;       // text of the text/plain parts (or HTML text when none)
    std::vector<ParseIssue> issues;

    std::uint64_t size = 0;      // bytes of the input (before any truncation)
    std::string sha256;          // of the input bytes
    bool is_truncated = false;   // analysed on a prefix only (max_message_bytes)

    // First header with this name (case-insensitive), or nullptr.
    const Header* find_header(std::string_view name) const;
    // Every header with this name, in order.
    std::vector<const Header*> find_headers(std::string_view name) const;
};

} // namespace mikiwame::message

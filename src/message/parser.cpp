// SPDX-License-Identifier: Apache-2.0
#include "message/parser.h"

#include <gmime/gmime.h>
#include <magic.h>

#include <fmt/format.h>

#include <map>
#include <memory>
#include <mutex>

#include "base/charset.h"
#include "base/sha256.h"
#include "base/text.h"
#include "message/framing.h"
#include "message/gobject_ptr.h"
#include "message/html_document.h"
#include "message/rfc2047.h"
#include "net/domain.h"

namespace mikiwame::message {

namespace {

// Issues GMime reports are counted per kind; one ParseIssue each keeps a million repeats
// from turning into a million report lines.
constexpr std::size_t kMaxIssuesPerKind = 1;
constexpr std::size_t kSniffBytes = 64u * 1024;

void init_gmime_once() {
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

struct GFreeDeleter {
    void operator()(void* p) const { g_free(p); }
};
using GCharPtr = std::unique_ptr<char, GFreeDeleter>;

struct ParseContext {
    explicit ParseContext(const Limits& l) : limits(l) {}
    const Limits& limits;
    GMimeParserOptions* options = nullptr;
    std::vector<ParseIssue>* issues = nullptr; // the top-level message's list
    std::map<int, std::size_t> warning_counts;
    std::size_t total_parts = 0;
    bool parts_limit_reported = false;
    bool depth_limit_reported = false;
    bool text_limit_reported = false;
    bool deadline_reported = false;
    base::Deadline deadline;
    magic_t magic = nullptr;
};

std::string_view warning_code(GMimeParserWarning code) {
    switch (code) {
    case GMIME_WARN_DUPLICATED_HEADER: return "duplicated_header";
    case GMIME_WARN_DUPLICATED_PARAMETER: return "duplicated_parameter";
    case GMIME_WARN_UNENCODED_8BIT_HEADER: return "unencoded_8bit_header";
    case GMIME_WARN_INVALID_CONTENT_TYPE: return "invalid_content_type";
    case GMIME_WARN_INVALID_RFC2047_HEADER_VALUE: return "invalid_rfc2047_header_value";
    case GMIME_WARN_MALFORMED_MULTIPART: return "malformed_multipart";
    case GMIME_WARN_TRUNCATED_MESSAGE: return "truncated_message";
    case GMIME_WARN_MALFORMED_MESSAGE: return "malformed_message";
    case GMIME_CRIT_INVALID_HEADER_NAME: return "invalid_header_name";
    case GMIME_CRIT_CONFLICTING_HEADER: return "conflicting_header";
    case GMIME_CRIT_CONFLICTING_PARAMETER: return "conflicting_parameter";
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY: return "multipart_without_boundary";
    case GMIME_WARN_INVALID_PARAMETER: return "invalid_parameter";
    case GMIME_WARN_INVALID_ADDRESS_LIST: return "invalid_address_list";
    case GMIME_CRIT_NESTING_OVERFLOW: return "nesting_overflow";
    case GMIME_WARN_PART_WITHOUT_CONTENT: return "part_without_content";
    case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT: return "part_without_headers_or_content";
    }
    return "gmime_warning";
}

// GMime calls this from C: it must not throw (STYLE 7.3).
void on_gmime_warning(gint64 offset, GMimeParserWarning code, const gchar* item, gpointer user_data) noexcept {
    try {
        auto* ctx = static_cast<ParseContext*>(user_data);
        // Duplicated identical headers and unencoded 8-bit headers are everyday mail, seen
        // by our own checks where they matter; the rest are structural defects.
        if (code == GMIME_WARN_DUPLICATED_HEADER || code == GMIME_WARN_UNENCODED_8BIT_HEADER ||
            code == GMIME_WARN_DUPLICATED_PARAMETER)
            return;
        std::size_t& count = ctx->warning_counts[static_cast<int>(code)];
        if (count++ >= kMaxIssuesPerKind) return;
        std::string detail(warning_code(code));
        if (item) detail += fmt::format(": {}", base::sanitize_utf8(base::truncate_utf8(item, 120)));
        ctx->issues->push_back(ParseIssue{IssueKind::ParseAnomaly, std::string(warning_code(code)), std::move(detail),
                                          offset < 0 ? 0 : static_cast<std::uint64_t>(offset)});
    } catch (...) {
    }
}

std::string trim_raw_value(const char* raw) {
    if (!raw) return {};
    std::string_view v(raw);
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == '\n' || v.back() == '\r')) v.remove_suffix(1);
    return std::string(v);
}

std::vector<Header> read_headers(GMimeObject* object) {
    std::vector<Header> headers;
    GMimeHeaderList* list = g_mime_object_get_header_list(object);
    if (!list) return headers;
    int count = g_mime_header_list_get_count(list);
    headers.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        GMimeHeader* header = g_mime_header_list_get_header_at(list, i);
        if (!header) continue;
        Header h;
        const char* name = g_mime_header_get_name(header);
        h.name = name ? base::sanitize_utf8(name) : std::string();
        h.raw_value = trim_raw_value(g_mime_header_get_raw_value(header));
        h.value = base::trim(decode_header_text(h.raw_value).text);
        gint64 offset = g_mime_header_get_offset(header);
        h.offset = offset < 0 ? 0 : static_cast<std::uint64_t>(offset);
        headers.push_back(std::move(h));
    }
    return headers;
}

Address make_address(const char* display_name, const char* addr_spec) {
    Address a;
    if (display_name) a.display_name = base::collapse_whitespace(base::sanitize_utf8(display_name));
    std::string spec = addr_spec ? base::sanitize_utf8(addr_spec) : std::string();
    std::size_t at = spec.rfind('@');
    if (at == std::string::npos) {
        a.local_part = spec;
    } else {
        a.local_part = spec.substr(0, at);
        std::string domain = spec.substr(at + 1);
        while (!domain.empty() && (domain.back() == '.' || domain.back() == '>')) domain.pop_back();
        auto ascii = net::domain_to_ascii(domain);
        a.domain = ascii ? *ascii : base::to_lower_ascii(domain);
    }
    return a;
}

void collect_addresses(InternetAddressList* list, std::vector<Address>& out, int depth = 0) {
    if (!list || depth > 4) return;
    int count = internet_address_list_length(list);
    for (int i = 0; i < count && out.size() < 1000; ++i) {
        InternetAddress* ia = internet_address_list_get_address(list, i);
        if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
            out.push_back(make_address(internet_address_get_name(ia),
                                       internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia))));
        } else if (INTERNET_ADDRESS_IS_GROUP(ia)) {
            collect_addresses(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)), out, depth + 1);
        }
    }
}

std::vector<Address> parse_address_header(const Message& msg, std::string_view name, ParseContext& ctx,
                                          std::vector<ParseIssue>& issues) {
    std::vector<Address> out;
    for (const Header* header : msg.find_headers(name)) {
        DecodedHeader decoded = decode_header_for_address_parsing(header->raw_value);
        std::string text = base::collapse_whitespace(decoded.text);
        if (text.empty() || text == "<>") continue;
        GPtr<InternetAddressList> list(internet_address_list_parse(ctx.options, text.c_str()));
        std::size_t before = out.size();
        collect_addresses(list.get(), out);
        // "undisclosed-recipients:;" is an empty group, not a defect.
        if (out.size() == before && text.find('@') != std::string::npos) {
            issues.push_back(ParseIssue{IssueKind::ParseAnomaly, "unparsable_address",
                                        fmt::format("{}: no address could be read", header->name), header->offset});
        }
    }
    return out;
}

void read_envelope(Message& msg, ParseContext& ctx, std::vector<ParseIssue>& issues) {
    msg.from = parse_address_header(msg, "From", ctx, issues);
    msg.sender = parse_address_header(msg, "Sender", ctx, issues);
    msg.reply_to = parse_address_header(msg, "Reply-To", ctx, issues);
    msg.to = parse_address_header(msg, "To", ctx, issues);
    msg.cc = parse_address_header(msg, "Cc", ctx, issues);
    msg.return_path = parse_address_header(msg, "Return-Path", ctx, issues);
    msg.delivered_to = parse_address_header(msg, "Delivered-To", ctx, issues);
    if (const Header* subject = msg.find_header("Subject")) msg.subject = subject->value;

    if (const Header* date = msg.find_header("Date")) {
        std::string unfolded = base::collapse_whitespace(base::unfold(date->raw_value));
        GDateTime* parsed = g_mime_utils_header_decode_date(unfolded.c_str());
        if (parsed) {
            // RFC 5322 §3.3 names the month in English; "2024/12/05 03:14" is read by GMime's
            // lenient parser but written by no standard mailer.
            bool has_month = false;
            for (std::string_view month : {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"})
                has_month = has_month || base::icontains_ascii(unfolded, month);
            if (!has_month)
                issues.push_back(ParseIssue{IssueKind::ParseAnomaly, "nonstandard_date",
                                            fmt::format("Date is not in RFC 5322 form: {}", base::truncate_utf8(date->value, 80)),
                                            date->offset});
            DateValue value;
            value.raw = date->value;
            value.utc_seconds = g_date_time_to_unix(parsed);
            value.offset_minutes = static_cast<int>(g_date_time_get_utc_offset(parsed) / G_TIME_SPAN_MINUTE);
            msg.date = value;
            g_date_time_unref(parsed);
        } else {
            issues.push_back(ParseIssue{IssueKind::ParseAnomaly, "bad_date",
                                        fmt::format("Date cannot be read: {}", base::truncate_utf8(date->value, 80)),
                                        date->offset});
        }
    }
    if (const Header* id = msg.find_header("Message-ID")) {
        std::string unfolded = base::unfold(id->raw_value);
        GCharPtr decoded(g_mime_utils_decode_message_id(unfolded.c_str()));
        if (decoded && *decoded) {
            msg.message_id = base::sanitize_utf8(decoded.get());
        } else if (!base::trim(id->value).empty()) {
            msg.message_id = std::string(base::trim(id->value));
        }
    }
    // The same identity header twice with different values: clients show one, filters may
    // read the other (a known evasion).
    for (std::string_view name : {"From", "Subject", "Date", "To", "Sender", "Reply-To", "Message-ID"}) {
        auto all = msg.find_headers(name);
        for (std::size_t i = 1; i < all.size(); ++i) {
            if (all[i]->value != all[0]->value) {
                issues.push_back(ParseIssue{IssueKind::ParseAnomaly, "conflicting_duplicate_header",
                                            fmt::format("{} appears {} times with different values", name, all.size()),
                                            all[i]->offset});
                break;
            }
        }
    }
}

std::string lower_or(const char* s, std::string_view fallback) {
    return s ? base::to_lower_ascii(s) : std::string(fallback);
}

std::string read_decoded_content(GMimePart* part) {
    GMimeDataWrapper* wrapper = g_mime_part_get_content(part);
    if (!wrapper) return {};
    // Sized from the encoded length (decoding never grows base64/QP) so a large part is not
    // copied again on every doubling of the buffer.
    guint reserve = 0;
    if (GMimeStream* encoded = g_mime_data_wrapper_get_stream(wrapper)) {
        gint64 length = g_mime_stream_length(encoded);
        if (length > 0 && length < G_MAXUINT) reserve = static_cast<guint>(length);
    }
    GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_byte_array(g_byte_array_sized_new(reserve)));
    if (g_mime_data_wrapper_write_to_stream(wrapper, stream.get()) < 0) return {};
    GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream.get()));
    if (!bytes || bytes->len == 0) return {};
    return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

bool is_known_transfer_encoding(std::string_view cte) {
    for (std::string_view known : {"7bit", "8bit", "binary", "base64", "quoted-printable", "x-uuencode",
                                   "uuencode", "x-uue", "uue"})
        if (cte == known) return true;
    return false;
}

Message build_message(GMimeMessage* gmessage, ParseContext& ctx, std::size_t depth, std::vector<ParseIssue>& issues);

void read_leaf(GMimeObject* object, Part& part, ParseContext& ctx, std::size_t depth, std::vector<ParseIssue>& issues) {
    if (GMIME_IS_MESSAGE_PART(object)) {
        GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
        if (inner) {
            auto embedded = std::make_shared<Message>(build_message(inner, ctx, depth + 1, issues));
            part.embedded = std::move(embedded);
        }
        return;
    }
    if (!GMIME_IS_PART(object)) return;
    GMimePart* gpart = GMIME_PART(object);
    if (const char* filename = g_mime_part_get_filename(gpart)) {
        part.filename = base::sanitize_utf8(decode_header_text(filename).text);
    }
    if (const char* cte = g_mime_object_get_header(object, "Content-Transfer-Encoding")) {
        part.transfer_encoding = base::to_lower_ascii(base::trim(cte));
        if (!is_known_transfer_encoding(part.transfer_encoding)) {
            issues.push_back(ParseIssue{IssueKind::ParseAnomaly, "unknown_transfer_encoding",
                                        fmt::format("Content-Transfer-Encoding: {}", base::truncate_utf8(part.transfer_encoding, 60)),
                                        0});
        }
    }
    std::string content = read_decoded_content(gpart);
    part.size = content.size();
    bool is_text = part.content_type.starts_with("text/");
    part.is_attachment = part.disposition == "attachment" || part.filename.has_value() ||
                         (!is_text && !part.content_type.starts_with("multipart/") &&
                          !part.content_type.starts_with("message/"));
    // Only attachments are identified by their hash in reports and indicators; hashing every
    // text part too cost 5% of the message stage (docs/performance.md).
    if (part.is_attachment) part.sha256 = base::sha256_hex(content);
    if (part.is_attachment && ctx.magic && !content.empty()) {
        const char* sniffed = magic_buffer(ctx.magic, content.data(), std::min(content.size(), kSniffBytes));
        if (sniffed) part.sniffed_type = sniffed;
    }
    if (part.is_attachment) part.content = content.substr(0, ctx.limits.max_attachment_scan_bytes);
    if (!is_text) return;
    std::string_view bytes = content;
    if (bytes.size() > ctx.limits.max_decoded_text_bytes) {
        if (!ctx.text_limit_reported) {
            issues.push_back(ParseIssue{IssueKind::LimitExceeded, "max_decoded_text_bytes",
                                        fmt::format("max_decoded_text_bytes={} (a {}-byte text part was cut)",
                                                    ctx.limits.max_decoded_text_bytes, bytes.size()),
                                        0});
            ctx.text_limit_reported = true;
        }
        bytes = bytes.substr(0, ctx.limits.max_decoded_text_bytes);
    }
    base::DecodedText decoded = base::decode_to_utf8(bytes, part.declared_charset);
    part.charset_used = decoded.charset_used;
    if (decoded.was_repaired && !part.declared_charset.empty()) {
        issues.push_back(ParseIssue{IssueKind::ParseAnomaly, "charset_mislabelled",
                                    fmt::format("part {} declares {} but reads as {}", part.index,
                                                base::truncate_utf8(part.declared_charset, 40), decoded.charset_used),
                                    0});
    }
    if (decoded.is_lossy) {
        issues.push_back(ParseIssue{IssueKind::ParseAnomaly, "undecodable_text",
                                    fmt::format("part {}: bytes invalid in any likely charset", part.index), 0});
    }
    part.text = std::string(base::truncate_utf8(decoded.utf8, ctx.limits.max_decoded_text_bytes));
    if (part.content_type == "text/html") {
        part.html = parse_html_document(part.text, ctx.limits, issues);
    }
}

// The message of a message/rfc822 part written back as bytes. Only the top-level message's
// parts are kept (a forward attached to a forward is unwrapped from its own parse), so the copies
// together stay within the input's size.
std::string write_embedded(GMimeMessagePart* part, const Limits& limits) {
    GMimeMessage* inner = g_mime_message_part_get_message(part);
    if (!inner) return {};
    GPtr<GMimeStream> stream(g_mime_stream_mem_new());
    if (g_mime_object_write_to_stream(GMIME_OBJECT(inner), nullptr, stream.get()) < 0) return {};
    GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream.get()));
    if (!bytes || bytes->len == 0 || bytes->len > limits.max_message_bytes) return {};
    return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

void walk_mime(GMimeObject* root, Message& msg, ParseContext& ctx, std::size_t base_depth,
               std::vector<ParseIssue>& issues) {
    struct Item {
        GMimeObject* object;
        std::optional<std::size_t> parent;
        std::size_t depth;
    };
    std::vector<Item> stack{{root, std::nullopt, 0}};
    while (!stack.empty()) {
        Item item = stack.back();
        stack.pop_back();
        if (ctx.total_parts >= ctx.limits.max_mime_parts) {
            if (!ctx.parts_limit_reported) {
                issues.push_back(ParseIssue{IssueKind::LimitExceeded, "max_mime_parts",
                                            fmt::format("max_mime_parts={} (further parts not read)", ctx.limits.max_mime_parts), 0});
                ctx.parts_limit_reported = true;
            }
            break;
        }
        if (ctx.deadline.passed()) {
            if (!ctx.deadline_reported) {
                issues.push_back(ParseIssue{IssueKind::LimitExceeded, "max_analysis_ms",
                                            fmt::format("max_analysis_ms={}: the time budget ran out while reading MIME parts (further parts not read)",
                                                        ctx.deadline.budget_ms), 0});
                ctx.deadline_reported = true;
            }
            break;
        }
        ++ctx.total_parts;
        Part part;
        part.index = msg.parts.size();
        part.parent = item.parent;
        part.depth = item.depth;
        GMimeContentType* ct = g_mime_object_get_content_type(item.object);
        GCharPtr mime_type(ct ? g_mime_content_type_get_mime_type(ct) : nullptr);
        part.content_type = mime_type ? base::to_lower_ascii(mime_type.get()) : "text/plain";
        if (ct) {
            if (const char* charset = g_mime_content_type_get_parameter(ct, "charset"))
                part.declared_charset = std::string(base::trim(charset));
        }
        if (GMimeContentDisposition* disp = g_mime_object_get_content_disposition(item.object))
            part.disposition = lower_or(g_mime_content_disposition_get_disposition(disp), "");
        if (const char* cid = g_mime_object_get_content_id(item.object)) part.content_id = base::sanitize_utf8(cid);

        std::size_t absolute_depth = base_depth + item.depth;
        if (GMIME_IS_MULTIPART(item.object)) {
            part.is_multipart = true;
            GMimeMultipart* multipart = GMIME_MULTIPART(item.object);
            int count = g_mime_multipart_get_count(multipart);
            if (absolute_depth + 1 > ctx.limits.max_mime_depth) {
                if (!ctx.depth_limit_reported && count > 0) {
                    issues.push_back(ParseIssue{IssueKind::LimitExceeded, "max_mime_depth",
                                                fmt::format("max_mime_depth={} (deeper parts not read)", ctx.limits.max_mime_depth), 0});
                    ctx.depth_limit_reported = true;
                }
            } else {
                for (int i = count; i-- > 0;)
                    stack.push_back({g_mime_multipart_get_part(multipart, i), part.index, item.depth + 1});
            }
        } else if (GMIME_IS_MESSAGE_PART(item.object) && absolute_depth + 1 > ctx.limits.max_mime_depth) {
            if (!ctx.depth_limit_reported) {
                issues.push_back(ParseIssue{IssueKind::LimitExceeded, "max_mime_depth",
                                            fmt::format("max_mime_depth={} (embedded message not read)", ctx.limits.max_mime_depth), 0});
                ctx.depth_limit_reported = true;
            }
        } else {
            read_leaf(item.object, part, ctx, absolute_depth, issues);
            if (base_depth == 0 && part.embedded) part.embedded_raw = write_embedded(GMIME_MESSAGE_PART(item.object), ctx.limits);
        }
        msg.parts.push_back(std::move(part));
    }
}

void assemble_text_body(Message& msg) {
    std::string plain, html;
    for (const Part& part : msg.parts) {
        if (part.is_attachment) continue;
        if (part.content_type == "text/plain") {
            if (!plain.empty()) plain += "\n";
            plain += part.text;
        } else if (part.html) {
            if (!html.empty()) html += "\n";
            html += part.html->visible_text;
        }
    }
    msg.text_body = plain.empty() ? std::move(html) : std::move(plain);
}

Message build_message(GMimeMessage* gmessage, ParseContext& ctx, std::size_t depth, std::vector<ParseIssue>& issues) {
    Message msg;
    msg.headers = read_headers(GMIME_OBJECT(gmessage));
    read_envelope(msg, ctx, issues);
    if (GMimeObject* body = g_mime_message_get_mime_part(gmessage)) {
        walk_mime(body, msg, ctx, depth, issues);
    }
    assemble_text_body(msg);
    return msg;
}

struct MagicCloser {
    void operator()(magic_t m) const {
        if (m) magic_close(m);
    }
};

// libmagic handles are not thread-safe: one per thread, loaded on first use.
magic_t thread_magic() {
    thread_local std::unique_ptr<std::remove_pointer_t<magic_t>, MagicCloser> handle = [] {
        magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
        if (m && magic_load(m, nullptr) != 0) {
            magic_close(m);
            m = nullptr;
        }
        return std::unique_ptr<std::remove_pointer_t<magic_t>, MagicCloser>(m);
    }();
    return handle.get();
}

} // namespace

Message parse_message(std::string_view raw, const Limits& limits, const base::Deadline& deadline) {
    init_gmime_once();
    Message msg;
    std::vector<ParseIssue> issues;
    FramedInput framed = frame_input(raw, limits);
    issues = std::move(framed.issues);
    std::string_view bytes = framed.bytes();

    GMimeParserOptions* options = g_mime_parser_options_new();
    ParseContext ctx{limits};
    ctx.deadline = deadline;
    ctx.options = options;
    ctx.issues = &issues;
    ctx.magic = thread_magic();
    g_mime_parser_options_set_rfc2047_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_address_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_parameter_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_allow_addresses_without_domain(options, TRUE);
    g_mime_parser_options_set_warning_callback(options, on_gmime_warning, &ctx);

    GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
    GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
    GPtr<GMimeMessage> gmessage(g_mime_parser_construct_message(parser.get(), options));
    if (gmessage) {
        msg = build_message(gmessage.get(), ctx, 0, issues);
    } else {
        issues.push_back(ParseIssue{IssueKind::ParseAnomaly, "unparsable_message", "no message structure could be read", 0});
    }
    // The options object must outlive every address parse above; free it last.
    g_mime_parser_options_free(options);

    msg.size = raw.size();
    msg.sha256 = base::sha256_hex(raw);
    msg.is_truncated = framed.is_truncated;
    msg.issues = std::move(issues);
    return msg;
}

} // namespace mikiwame::message

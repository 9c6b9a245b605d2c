// SPDX-License-Identifier: Apache-2.0
#include "message/forwarded_report.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "base/base64.h"
#include "base/sha256.h"
#include "base/text.h"
#include "message/forwarded_date.h"
#include "message/forwarded_inline.h"
#include "message/outlook_msg.h"
#include "message/parser.h"
#include "mikiwame/input.h"

namespace mikiwame::message {

namespace {

// RFC 5322 §2.1.1: a header line is at most 998 characters; a rebuilt field stays within it.
constexpr std::size_t kMaxHeaderValueBytes = 900;
// RFC 2045 §6.8: base64 lines of 76 characters are 57 bytes of content.
constexpr std::size_t kBase64LineBytes = 57;
// Room kept in max_message_bytes for the rebuilt header and the MIME framing.
constexpr std::size_t kFramingBytes = 64u * 1024;

// A multipart/report (RFC 6522) carries a bounce, a read receipt or an abuse feedback report:
// its attached message is the report's subject already, not a customer's forward.
bool is_machine_report(const Message& m) {
    for (const Part& p : m.parts) {
        const std::string& t = p.content_type;
        if (t == "multipart/report" || t == "message/delivery-status" || t == "message/feedback-report" ||
            t == "message/disposition-notification" || t == "text/rfc822-headers")
            return true;
    }
    return false;
}

Forwarder forwarder_of(const Message& outer) {
    Forwarder f;
    if (!outer.from.empty()) {
        f.address = outer.from.front().address();
        f.display_name = outer.from.front().display_name;
    }
    f.subject = outer.subject;
    if (const Header* date = outer.find_header("Date")) f.date = date->value;
    return f;
}

// The outer mail's body parts as a reader sees them: the first text/plain and the first HTML
// part that are not attachments.
const Part* first_body_part(const Message& m, bool html) {
    for (const Part& p : m.parts) {
        if (p.is_multipart || p.is_attachment) continue;
        if (html ? p.html.has_value() : p.content_type == "text/plain") return &p;
    }
    return nullptr;
}

bool is_picture(const Part& p) {
    return p.content_type.starts_with("image/") || p.sniffed_type.starts_with("image/");
}

bool is_eml(const Part& p) {
    const bool named = p.filename && p.filename->size() > 4 && base::iequals_ascii(p.filename->substr(p.filename->size() - 4), ".eml");
    if (!named && p.sniffed_type != "message/rfc822") return false;
    return inspect_input(p.content).kind == InputKind::Mail;
}

std::optional<ForwardedReport> attached_forward(const Message& outer, const ForwardMarkers& markers, const Limits& limits) {
    const Part* found = nullptr;
    ForwardStyle style = ForwardStyle::Rfc822;
    for (const Part& p : outer.parts) {
        if (p.is_multipart) continue;
        ForwardStyle kind;
        if (p.embedded) {
            kind = ForwardStyle::Rfc822;
        } else if (!p.is_attachment || is_picture(p)) {
            continue; // the outer text, a logo or a screenshot beside the forward
        } else if (looks_like_outlook_msg(p.content)) {
            kind = ForwardStyle::OutlookMsg;
        } else if (is_eml(p)) {
            kind = ForwardStyle::Eml;
        } else {
            return std::nullopt; // a document beside it: the mail is more than a forward
        }
        // Several forwarded messages in one report are analysed as the mail they came in.
        if (found) return std::nullopt;
        found = &p;
        style = kind;
    }
    if (!found || !is_short_forwarder_text(outer.text_body, markers)) return std::nullopt;
    ForwardedReport report;
    report.kind = ForwardKind::Attachment;
    report.style = style;
    report.forwarder = forwarder_of(outer);
    const std::string name = found->filename ? *found->filename : found->content_type;
    switch (style) {
    case ForwardStyle::Rfc822:
        if (found->embedded_raw.empty()) return std::nullopt;
        report.inner_raw = found->embedded_raw;
        break;
    case ForwardStyle::OutlookMsg: {
        auto converted = message::convert_outlook_msg(found->content, limits);
        if (!converted) return std::nullopt;
        report.inner_raw = std::move(converted->mime);
        report.notes.push_back(fmt::format("the forwarded message is the attached Outlook .msg \"{}\", rebuilt as MIME", name));
        break;
    }
    default:
        report.inner_raw = found->content;
        break;
    }
    if (found->content.size() < found->size)
        report.notes.push_back(fmt::format("max_attachment_scan_bytes={}: the forwarded message \"{}\" was analysed on its first {} bytes",
                                           limits.max_attachment_scan_bytes, name, found->content.size()));
    return report;
}

// Control characters as spaces, runs of blanks as one, cut to the length of a header line.
std::string header_text(std::string_view value) {
    std::string out;
    for (char c : value) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) ? ' ' : c;
    out = base::collapse_whitespace(base::sanitize_utf8(out));
    return std::string(base::truncate_utf8(base::trim(out), kMaxHeaderValueBytes));
}

// Outlook's text rendering writes links after their text: "a@example.com<mailto:a@example.com>",
// "Name [mailto:a@example.com]". The link part goes; the text stays.
std::string without_mailto_links(std::string_view value) {
    std::string out;
    for (std::size_t i = 0; i < value.size();) {
        const char open = value[i];
        if ((open == '<' || open == '[') && i + 8 <= value.size() && base::iequals_ascii(value.substr(i + 1, 7), "mailto:")) {
            const std::size_t close = value.find(open == '<' ? '>' : ']', i);
            if (close != std::string_view::npos) {
                // "[mailto:a@x]" after a bare name is the only place its address is written.
                std::string_view inside = value.substr(i + 8, close - i - 8);
                if (out.find('@') == std::string::npos) out += "<" + std::string(inside) + ">";
                i = close + 1;
                continue;
            }
        }
        out += open;
        ++i;
    }
    return out;
}

bool is_address_char(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view(".!#$%&'*+/=?^_`{|}~-").find(c) != std::string_view::npos;
}

struct Mailbox {
    std::string display_name;
    std::string address;
};

// "Name <a@example.com>", "\"Name\" <a@example.com>", "a@example.com", "Name [mailto:a@…]".
Mailbox read_mailbox(std::string_view written) {
    const std::string value = without_mailto_links(written);
    Mailbox box;
    const std::size_t at = value.find('@');
    if (at != std::string::npos && at > 0) {
        std::size_t begin = at, end = at + 1;
        while (begin > 0 && is_address_char(value[begin - 1])) --begin;
        while (end < value.size() && is_address_char(value[end]) && value[end] != '/') ++end;
        while (end > at + 1 && value[end - 1] == '.') --end;
        if (begin < at && end > at + 1 && value.find('.', at) < end) box.address = value.substr(begin, end - begin);
    }
    std::string_view display = value;
    if (std::size_t open = display.find_first_of("<["); open != std::string_view::npos) display = display.substr(0, open);
    else if (!box.address.empty()) display = {};
    display = base::trim(display);
    if (display.size() >= 2 && display.front() == '"' && display.back() == '"') display = display.substr(1, display.size() - 2);
    if (display != box.address) box.display_name = header_text(display);
    return box;
}

std::string quoted(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

// Case-insensitive (ASCII) search; non-ASCII bytes compare exactly.
std::size_t find_ascii_ci(std::string_view haystack, std::string_view needle) {
    if (needle.empty() || needle.size() > haystack.size()) return std::string_view::npos;
    auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(), [](char a, char b) {
        auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
        return lower(a) == lower(b);
    });
    return it == haystack.end() ? std::string_view::npos : static_cast<std::size_t>(it - haystack.begin());
}

// The HTML of the forwarded part: the outer HTML from the element the client opened it with (a
// known anchor: Gmail's gmail_quote, Outlook's divRplyFwdMsg or border-top rule, Thunderbird's
// moz-forward-container, Apple's cite blockquote), else from the tag before the marker's words.
std::optional<std::string> forwarded_html(std::string_view html, std::string_view hint, const ForwardMarkers& markers) {
    for (const auto& anchor : markers.html_anchors) {
        const std::size_t at = find_ascii_ci(html, anchor);
        if (at == std::string_view::npos) continue;
        const std::size_t open = html.rfind('<', at);
        if (open != std::string_view::npos) return std::string(html.substr(open));
    }
    const std::size_t at = find_ascii_ci(html, hint);
    if (hint.empty() || at == std::string_view::npos) return std::nullopt;
    std::size_t open = at;
    for (std::size_t k = at; k-- > 0;) {
        const char next = html[k + 1];
        if (html[k] == '<' && ((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z'))) {
            open = k;
            break;
        }
    }
    return std::string(html.substr(open));
}

std::string base64_lines(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() / 3 * 4 + bytes.size() / kBase64LineBytes * 2 + 8);
    for (std::size_t i = 0; i < bytes.size(); i += kBase64LineBytes) {
        out += base::encode_base64(bytes.substr(i, kBase64LineBytes));
        out += '\n';
    }
    return out;
}

// A MIME parameter value: quotes and controls out, as one quoted-string.
std::string parameter(std::string_view value) {
    std::string out;
    for (char c : header_text(value))
        if (c != '"' && c != '\\') out += c;
    return "\"" + out + "\"";
}

struct InnerParts {
    std::string plain;
    std::optional<std::string> html;
    // An HTML-only mail is forwarded HTML-only: its visible text as a text part would turn the
    // links' shown addresses into links of their own.
    bool html_only = false;
    std::vector<const Part*> attachments;
};

// The forwarded message as MIME: `header` (the recovered fields), then the text (and HTML) and
// the attachments. The boundary is derived from the content, so it cannot occur in it.
std::string assemble_mime(const std::string& header, const InnerParts& parts) {
    const std::string seed = parts.plain + parts.html.value_or("");
    const std::string boundary = "=_mikiwame_forward_" + base::sha256_hex(seed).substr(0, 24);
    std::string text_part = "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" + parts.plain;
    std::string body_part;
    if (parts.html && parts.html_only) {
        body_part = "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" + *parts.html;
    } else if (parts.html) {
        const std::string alt = boundary + "_alt";
        body_part = "Content-Type: multipart/alternative; boundary=\"" + alt + "\"\n\n--" + alt + "\n" + text_part + "\n--" + alt +
                    "\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" + *parts.html + "\n--" + alt + "--\n";
    } else {
        body_part = std::move(text_part);
    }
    std::string out = header + "MIME-Version: 1.0\n";
    if (parts.attachments.empty()) return out + body_part;
    out += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\n\n--" + boundary + "\n" + body_part;
    for (const Part* p : parts.attachments) {
        out += "\n--" + boundary + "\nContent-Type: " + header_text(p->content_type);
        if (p->filename) out += "; name=" + parameter(*p->filename);
        out += "\nContent-Disposition: " + std::string(p->disposition == "inline" ? "inline" : "attachment");
        if (p->filename) out += "; filename=" + parameter(*p->filename);
        if (!p->content_id.empty()) out += "\nContent-ID: <" + header_text(p->content_id) + ">";
        out += "\nContent-Transfer-Encoding: base64\n\n" + base64_lines(p->content);
    }
    return out + "\n--" + boundary + "--\n";
}

std::optional<ForwardedReport> inline_forward(const Message& outer, const ForwardMarkers& markers, const Limits& limits) {
    const Part* plain = first_body_part(outer, false);
    const Part* html = first_body_part(outer, true);
    std::string_view text = plain ? std::string_view(plain->text) : html ? std::string_view(html->html->visible_text) : std::string_view();
    if (text.empty()) return std::nullopt;
    auto found = find_inline_forward(text, outer.subject, markers);
    if (!found) return std::nullopt;

    ForwardedReport report;
    report.kind = ForwardKind::Inline;
    report.style = found->style;
    report.forwarder = forwarder_of(outer);
    report.notes.push_back("inline forward: the forwarded message's route (Received fields), authentication results and Message-ID "
                           "did not survive, so its origin and authentication are unknown");
    std::string header;
    std::vector<std::string> missing;
    auto first = [&](ForwardField field) -> const std::string* {
        for (const auto& [f, value] : found->fields)
            if (f == field) return &value;
        return nullptr;
    };
    if (const std::string* from = first(ForwardField::From)) {
        Mailbox box = read_mailbox(*from);
        if (!box.address.empty()) {
            header += "From: " + (box.display_name.empty() ? "" : quoted(box.display_name) + " ") + "<" + box.address + ">\n";
        } else {
            report.notes.push_back(fmt::format("the forwarded From kept no address: \"{}\"", header_text(*from)));
        }
    } else {
        missing.emplace_back("From");
    }
    if (const std::string* date = first(ForwardField::Date)) {
        if (auto rfc5322 = read_forwarded_date(*date, markers)) {
            header += "Date: " + *rfc5322 + "\n";
        } else {
            report.notes.push_back(fmt::format("the forwarded Date could not be read: \"{}\"", header_text(*date)));
        }
    } else {
        missing.emplace_back("Date");
    }
    if (const std::string* subject = first(ForwardField::Subject)) {
        header += "Subject: " + header_text(*subject) + "\n";
    } else {
        missing.emplace_back("Subject");
    }
    if (const std::string* to = first(ForwardField::To)) {
        header += "To: " + header_text(without_mailto_links(*to)) + "\n";
    } else {
        missing.emplace_back("To");
    }
    if (const std::string* cc = first(ForwardField::Cc)) header += "Cc: " + header_text(without_mailto_links(*cc)) + "\n";
    if (const std::string* reply_to = first(ForwardField::ReplyTo))
        header += "Reply-To: " + header_text(without_mailto_links(*reply_to)) + "\n";
    if (!missing.empty()) report.notes.push_back(fmt::format("not in the forwarded header block: {}", fmt::join(missing, ", ")));

    InnerParts parts;
    parts.plain = std::move(found->body);
    if (html) {
        parts.html = forwarded_html(html->text, found->html_hint, markers);
        if (!parts.html) report.notes.push_back("the forwarded part of the HTML version was not found; links are read from the text");
        parts.html_only = parts.html && !plain;
    }
    // The outer mail's attachments are the forwarded message's: clients attach them again.
    std::size_t budget = limits.max_message_bytes > kFramingBytes ? limits.max_message_bytes - kFramingBytes : 0;
    const std::size_t text_bytes = header.size() + parts.plain.size() + parts.html.value_or("").size();
    budget = budget > text_bytes ? budget - text_bytes : 0;
    for (const Part& p : outer.parts) {
        if (p.is_multipart || &p == plain || &p == html || !p.is_attachment || p.embedded) continue;
        const std::size_t encoded = p.content.size() / 3 * 4 + p.content.size() / kBase64LineBytes + 512;
        const std::string name = p.filename ? *p.filename : p.content_type;
        if (encoded > budget) {
            report.notes.push_back(fmt::format("max_message_bytes={}: the attachment \"{}\" was left out of the rebuilt message",
                                               limits.max_message_bytes, header_text(name)));
            continue;
        }
        budget -= encoded;
        if (p.content.size() < p.size)
            report.notes.push_back(fmt::format("max_attachment_scan_bytes={}: the attachment \"{}\" was kept on its first {} bytes",
                                               limits.max_attachment_scan_bytes, header_text(name), p.content.size()));
        parts.attachments.push_back(&p);
    }
    report.inner_raw = assemble_mime(header, parts);
    return report;
}

} // namespace

std::optional<ForwardedReport> find_forwarded_report(const Message& outer, const ForwardMarkers& markers, const Limits& limits) {
    if (outer.parts.empty() || is_machine_report(outer)) return std::nullopt;
    if (auto attached = attached_forward(outer, markers, limits)) return attached;
    return inline_forward(outer, markers, limits);
}

UnwrappedMessage unwrap_forwarded(Message outer, const ForwardMarkers& markers, const Limits& limits, const base::Deadline& deadline) {
    UnwrappedMessage out;
    out.message = std::move(outer);
    while (!deadline.passed()) {
        auto found = find_forwarded_report(out.message, markers, limits);
        if (!found) break;
        if (out.layers.size() >= limits.max_forward_depth) {
            // 0 turns unwrapping off; only a forward nested deeper than allowed is a limit hit.
            if (!out.layers.empty())
                out.message.issues.push_back(ParseIssue{IssueKind::LimitExceeded, "max_forward_depth",
                                                        fmt::format("max_forward_depth={} (a forward nested deeper was analysed as it is)",
                                                                    limits.max_forward_depth),
                                                        0});
            break;
        }
        // The forwarder's mail is not judged: its defects and headers stay behind with it.
        Message inner = parse_message(found->inner_raw, limits, deadline);
        found->inner_raw = std::string();
        out.layers.push_back(std::move(*found));
        out.message = std::move(inner);
    }
    return out;
}

} // namespace mikiwame::message

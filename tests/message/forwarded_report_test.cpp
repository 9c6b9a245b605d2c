// SPDX-License-Identifier: Apache-2.0
// Forwarded reports: attached messages (message/rfc822, .eml) beside a short note, inline
// forwards rebuilt as MIME (recovered header fields, the HTML from the client's anchor, the outer
// attachments), what is not a forward (two messages, a document beside it, a bounce, a long
// note), and the bound on nested forwards.
#include <gtest/gtest.h>

#include <string>

#include "base/base64.h"
#include "message/forward_fixture.h"
#include "message/forwarded_report.h"
#include "message/parser.h"

namespace mikiwame::message {
namespace {

const std::string kInner =
    "From: Mail Team <team@notice.example.net>\n"
    "To: user@example.com\n"
    "Subject: Mailbox full\n"
    "Date: Tue, 12 Nov 2024 09:14:00 +0900\n"
    "Message-ID: <inner-1@notice.example.net>\n"
    "Content-Type: text/plain; charset=utf-8\n"
    "\n"
    "Your mailbox is full. Sign in at https://mailbox-login.example.net/ today.\n";

// A mail from user@example.com to the desk: `note` as its text, `parts` (MIME parts with their
// headers) after it in a multipart/mixed.
std::string outer_with(const std::string& note, const std::vector<std::string>& parts, const std::string& subject = "Fwd: Mailbox full",
                       const std::string& type = "multipart/mixed") {
    std::string raw = "From: Some User <user@example.com>\nTo: abuse@desk.example\nSubject: " + subject +
                      "\nDate: Tue, 12 Nov 2024 10:00:00 +0900\nMIME-Version: 1.0\nContent-Type: " + type +
                      "; boundary=\"b1\"\n\n--b1\nContent-Type: text/plain; charset=utf-8\n\n" + note + "\n";
    for (const auto& part : parts) raw += "--b1\n" + part + "\n";
    return raw + "--b1--\n";
}

std::string rfc822_part(const std::string& inner) {
    return "Content-Type: message/rfc822\nContent-Disposition: attachment; filename=\"report.eml\"\n\n" + inner;
}

std::optional<ForwardedReport> find(const std::string& raw, const Limits& limits = {}) {
    return find_forwarded_report(parse_message(raw, limits), testing::forward_markers(), limits);
}

TEST(ForwardedReport, AnAttachedMessageBesideAShortNoteIsTheReport) {
    auto found = find(outer_with("Please check the attached mail.", {rfc822_part(kInner)}));
    ASSERT_TRUE(found);
    EXPECT_EQ(found->kind, ForwardKind::Attachment);
    EXPECT_EQ(found->style, ForwardStyle::Rfc822);
    EXPECT_EQ(found->forwarder.address, "user@example.com");
    EXPECT_EQ(found->forwarder.display_name, "Some User");
    EXPECT_EQ(found->forwarder.subject, "Fwd: Mailbox full");
    Message inner = parse_message(found->inner_raw, Limits{});
    EXPECT_EQ(inner.subject, "Mailbox full");
    ASSERT_FALSE(inner.from.empty());
    EXPECT_EQ(inner.from.front().address(), "team@notice.example.net");
    EXPECT_EQ(inner.message_id.value_or(""), "inner-1@notice.example.net");
}

TEST(ForwardedReport, AnEmlFileAttachmentIsTheReportToo) {
    const std::string part = "Content-Type: application/octet-stream; name=\"mail.eml\"\nContent-Disposition: attachment; filename=\"mail.eml\"\n"
                             "Content-Transfer-Encoding: base64\n\n" + base::encode_base64(kInner) + "\n";
    auto found = find(outer_with("", {part}));
    ASSERT_TRUE(found);
    EXPECT_EQ(found->style, ForwardStyle::Eml);
    EXPECT_EQ(parse_message(found->inner_raw, Limits{}).subject, "Mailbox full");
}

TEST(ForwardedReport, WhatIsMoreThanAForwardStaysAsItIs) {
    std::string long_note;
    for (int i = 0; i < 12; ++i) long_note += "This is my own long discussion of the matter, line " + std::to_string(i) + ".\n";
    const std::string pdf = "Content-Type: application/pdf; name=\"invoice.pdf\"\nContent-Disposition: attachment; filename=\"invoice.pdf\"\n"
                            "Content-Transfer-Encoding: base64\n\nJVBERi0xLjQKJcfsj6IKMSAwIG9iago8PD4+CmVuZG9iagp0cmFpbGVyCjw8Pj4KJSVFT0YK\n";
    const std::string logo = "Content-Type: image/png; name=\"logo.png\"\nContent-Disposition: inline; filename=\"logo.png\"\n"
                             "Content-Transfer-Encoding: base64\n\niVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\n";
    EXPECT_FALSE(find(outer_with(long_note, {rfc822_part(kInner)}))) << "a long note";
    EXPECT_FALSE(find(outer_with("Two of them.", {rfc822_part(kInner), rfc822_part(kInner)}))) << "two messages";
    EXPECT_FALSE(find(outer_with("With the invoice.", {rfc822_part(kInner), pdf}))) << "a document beside it";
    EXPECT_TRUE(find(outer_with("With my logo.", {rfc822_part(kInner), logo}))) << "a picture beside it is fine";
    EXPECT_FALSE(find(outer_with("Delivery failed.", {"Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.com\n",
                                                      rfc822_part(kInner)},
                                 "Undelivered Mail", "multipart/report; report-type=delivery-status")))
        << "a bounce";
    EXPECT_FALSE(find("From: a@example.com\nSubject: hello\n\nJust a mail.\n")) << "an ordinary mail";
}

const std::string kGmailPlain =
    "Please look.\n\n---------- Forwarded message ---------\nFrom: Mail Team <team@notice.example.net>\n"
    "Date: Tue, Nov 12, 2024 at 9:14 AM\nSubject: Mailbox full\nTo: <user@example.com>\n\n\n"
    "Your mailbox is full. Sign in below.\nhttps://text-link.example.net/\n";
const std::string kGmailHtml =
    "<div dir=\"ltr\">Please look.<br><a href=\"https://forwarder-signature.example.org/\">my site</a><div class=\"gmail_quote\">"
    "<div class=\"gmail_attr\">---------- Forwarded message ---------<br>From: Mail Team &lt;team@notice.example.net&gt;<br></div>"
    "<p>Your mailbox is full. <a href=\"https://mailbox-login.example.net/owa/\">https://www.example.com/mail/</a></p></div></div>";

std::string gmail_forward(const std::vector<std::string>& attachments = {}) {
    std::string alt = "Content-Type: multipart/alternative; boundary=\"b2\"\n\n--b2\nContent-Type: text/plain; charset=utf-8\n\n" +
                      kGmailPlain + "\n--b2\nContent-Type: text/html; charset=utf-8\n\n" + kGmailHtml + "\n--b2--\n";
    if (attachments.empty())
        return "From: Some User <user@example.com>\nTo: abuse@desk.example\nSubject: Fwd: Mailbox full\nMIME-Version: 1.0\n" + alt;
    std::string raw = "From: Some User <user@example.com>\nTo: abuse@desk.example\nSubject: Fwd: Mailbox full\nMIME-Version: 1.0\n"
                      "Content-Type: multipart/mixed; boundary=\"b1\"\n\n--b1\n" + alt;
    for (const auto& a : attachments) raw += "--b1\n" + a + "\n";
    return raw + "--b1--\n";
}

TEST(ForwardedReport, AnInlineForwardIsRebuiltWithItsHeadersTextHtmlAndAttachments) {
    const std::string pdf = "Content-Type: application/pdf; name=\"invoice.pdf\"\nContent-Disposition: attachment; filename=\"invoice.pdf\"\n"
                            "Content-Transfer-Encoding: base64\n\nJVBERi0xLjQKJcfsj6IKMSAwIG9iago8PD4+CmVuZG9iagp0cmFpbGVyCjw8Pj4KJSVFT0YK\n";
    auto found = find(gmail_forward({pdf}));
    ASSERT_TRUE(found);
    EXPECT_EQ(found->kind, ForwardKind::Inline);
    EXPECT_EQ(found->style, ForwardStyle::Gmail);
    Message inner = parse_message(found->inner_raw, Limits{});
    ASSERT_FALSE(inner.from.empty());
    EXPECT_EQ(inner.from.front().address(), "team@notice.example.net");
    EXPECT_EQ(inner.from.front().display_name, "Mail Team");
    EXPECT_EQ(inner.subject, "Mailbox full");
    ASSERT_TRUE(inner.date);
    EXPECT_EQ(inner.date->raw, "12 Nov 2024 09:14:00 -0000");
    ASSERT_FALSE(inner.to.empty());
    EXPECT_EQ(inner.to.front().address(), "user@example.com");
    EXPECT_FALSE(inner.message_id) << "a Message-ID does not survive an inline forward";
    EXPECT_TRUE(inner.issues.empty()) << inner.issues.front().detail;
    // The HTML from gmail_quote on: the forwarded link, not the forwarder's signature link.
    bool has_forwarded_link = false, has_signature_link = false, has_pdf = false;
    for (const Part& p : inner.parts) {
        if (p.html)
            for (const auto& link : p.html->links) {
                has_forwarded_link = has_forwarded_link || link.url == "https://mailbox-login.example.net/owa/";
                has_signature_link = has_signature_link || link.url.find("forwarder-signature") != std::string::npos;
            }
        has_pdf = has_pdf || (p.filename && *p.filename == "invoice.pdf" && p.content.starts_with("%PDF"));
    }
    EXPECT_TRUE(has_forwarded_link);
    EXPECT_FALSE(has_signature_link);
    EXPECT_TRUE(has_pdf) << "the outer attachments are the forwarded message's";
    EXPECT_NE(inner.text_body.find("https://text-link.example.net/"), std::string::npos);
    EXPECT_EQ(inner.text_body.find("Please look."), std::string::npos) << "the forwarder's note is not the forwarded text";
    ASSERT_FALSE(found->notes.empty());
    EXPECT_NE(found->notes.front().find("route"), std::string::npos) << "the note says the route did not survive";
}

TEST(ForwardedReport, AnHtmlOnlyForwardIsRebuiltHtmlOnly) {
    const std::string raw = "From: Some User <user@example.com>\nSubject: Fwd: Mailbox full\nMIME-Version: 1.0\n"
                            "Content-Type: text/html; charset=utf-8\n\n" + kGmailHtml + "\n";
    auto found = find(raw);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->style, ForwardStyle::Gmail);
    Message inner = parse_message(found->inner_raw, Limits{});
    EXPECT_EQ(inner.subject, "") << "the HTML block of this fixture shows only From";
    std::size_t text_parts = 0, html_links = 0;
    for (const Part& p : inner.parts) {
        text_parts += p.content_type == "text/plain" ? 1 : 0;
        if (p.html) html_links += p.html->links.size();
    }
    // The shown address of a link (www.example.com) must not become a text link of its own.
    EXPECT_EQ(text_parts, 0u);
    EXPECT_EQ(html_links, 1u);
    ASSERT_FALSE(inner.from.empty());
    EXPECT_EQ(inner.from.front().address(), "team@notice.example.net");
}

TEST(ForwardedReport, WhatDidNotSurviveIsNoted) {
    const std::string raw = "From: user@example.com\nSubject: Fwd: x\nContent-Type: text/plain; charset=utf-8\n\n"
                            "---------- Forwarded message ---------\nFrom: Mail Team\nDate: sometime last week\n\nBody text.\n";
    auto found = find(raw);
    ASSERT_TRUE(found);
    std::string notes;
    for (const auto& n : found->notes) notes += n + "\n";
    EXPECT_NE(notes.find("the forwarded From kept no address: \"Mail Team\""), std::string::npos) << notes;
    EXPECT_NE(notes.find("the forwarded Date could not be read: \"sometime last week\""), std::string::npos) << notes;
    EXPECT_NE(notes.find("not in the forwarded header block: Subject, To"), std::string::npos) << notes;
    Message inner = parse_message(found->inner_raw, Limits{});
    EXPECT_TRUE(inner.from.empty());
    EXPECT_FALSE(inner.date);
    EXPECT_TRUE(inner.issues.empty()) << "missing fields are no parse anomaly of the rebuilt message";
}

TEST(ForwardedReport, RecoveredValuesCannotAddHeaderFields) {
    // A carriage return inside a recovered value must not start a field of its own.
    const std::string raw = "From: user@example.com\nSubject: Fwd: x\nContent-Type: text/plain; charset=utf-8\n\n"
                            "---------- Forwarded message ---------\nFrom: a@notice.example.net\nSubject: Hello\rBcc: victim@example.com\n\nBody.\n";
    auto found = find(raw);
    ASSERT_TRUE(found);
    Message inner = parse_message(found->inner_raw, Limits{});
    EXPECT_EQ(inner.find_header("Bcc"), nullptr);
    EXPECT_EQ(inner.subject, "Hello Bcc: victim@example.com");
}

// `levels` forwards, each attaching the one before, around kInner.
std::string nested(int levels) {
    std::string raw = kInner;
    for (int i = 0; i < levels; ++i) {
        std::string boundary = "n" + std::to_string(i);
        raw = "From: layer" + std::to_string(i) + "@example.com\nSubject: Fwd: layer " + std::to_string(i) +
              "\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"" + boundary + "\"\n\n--" + boundary +
              "\nContent-Type: text/plain\n\nFYI\n--" + boundary + "\nContent-Type: message/rfc822\n\n" + raw + "\n--" + boundary + "--\n";
    }
    return raw;
}

TEST(ForwardedReport, NestedForwardsAreUnwrappedUpToTheLimit) {
    Limits limits;
    limits.max_forward_depth = 3;
    const ForwardMarkers markers = testing::forward_markers();
    auto has_depth_issue = [](const Message& m) {
        for (const auto& issue : m.issues)
            if (issue.code == "max_forward_depth" && issue.kind == IssueKind::LimitExceeded) return true;
        return false;
    };
    for (int levels : {1, 2, 3}) {
        UnwrappedMessage u = unwrap_forwarded(parse_message(nested(levels), limits), markers, limits);
        EXPECT_EQ(u.layers.size(), static_cast<std::size_t>(levels));
        EXPECT_EQ(u.message.subject, "Mailbox full") << levels;
        EXPECT_FALSE(has_depth_issue(u.message)) << levels;
        EXPECT_EQ(u.layers.front().forwarder.address, "layer" + std::to_string(levels - 1) + "@example.com") << "the outermost first";
        EXPECT_TRUE(u.layers.front().inner_raw.empty()) << "the bytes are not kept once parsed";
    }
    UnwrappedMessage deeper = unwrap_forwarded(parse_message(nested(4), limits), markers, limits);
    EXPECT_EQ(deeper.layers.size(), 3u);
    EXPECT_EQ(deeper.message.subject, "Fwd: layer 0");
    EXPECT_TRUE(has_depth_issue(deeper.message));
    limits.max_forward_depth = 0;
    UnwrappedMessage off = unwrap_forwarded(parse_message(nested(1), limits), markers, limits);
    EXPECT_TRUE(off.layers.empty());
    EXPECT_FALSE(has_depth_issue(off.message)) << "0 turns unwrapping off; it is no limit hit";
}

TEST(ForwardedReport, TheRebuiltMessageStaysWithinMaxMessageBytes) {
    Limits limits;
    limits.max_message_bytes = 1024 * 1024;
    // The outer mail fits; the attachment does not fit beside the rebuilt header and text.
    const std::string big(740 * 1024, 'A');
    std::string encoded;
    for (std::size_t i = 0; i < big.size(); i += 57) encoded += base::encode_base64(std::string_view(big).substr(i, 57)) + "\n";
    const std::string attachment = "Content-Type: application/octet-stream; name=\"big.bin\"\nContent-Disposition: attachment; filename=\"big.bin\"\n"
                                   "Content-Transfer-Encoding: base64\n\n" + encoded;
    auto found = find(gmail_forward({attachment}), limits);
    ASSERT_TRUE(found);
    EXPECT_LE(found->inner_raw.size(), limits.max_message_bytes);
    bool noted = false;
    for (const auto& n : found->notes) noted = noted || n.find("\"big.bin\" was left out") != std::string::npos;
    EXPECT_TRUE(noted);
}

} // namespace
} // namespace mikiwame::message

// SPDX-License-Identifier: Apache-2.0
// Inline forwards in the text of a mail: the clients' markers and header blocks, the forwarder's
// own text (short is a forward, long is not), quoted replies, end markers and subject prefixes.
#include <gtest/gtest.h>

#include <string>

#include "message/forward_fixture.h"
#include "message/forwarded_inline.h"

namespace mikiwame::message {
namespace {

struct InlineRow {
    const char* label;
    const char* subject;
    std::string text;
    bool is_forward;
    ForwardStyle style = ForwardStyle::Generic;
    const char* from = ""; // the From value of the block as written
};

const std::string kBody = "Your mailbox is full. Sign in at https://mailbox-login.example.net/ today.\n";

std::string field(const InlineForward& f, ForwardField which) {
    for (const auto& [name, value] : f.fields)
        if (name == which) return value;
    return "(none)";
}

TEST(InlineForward, FindsEachClientsMarkerAndHeaderBlock) {
    const ForwardMarkers markers = testing::forward_markers();
    const InlineRow rows[] = {
        {"gmail en", "Fwd: Mailbox full",
         "Please check this.\n\n---------- Forwarded message ---------\nFrom: Mail Team <team@notice.example.net>\n"
         "Date: Tue, Nov 12, 2024 at 9:14 AM\nSubject: Mailbox full\nTo: <user@example.com>\n\n\n" + kBody,
         true, ForwardStyle::Gmail, "Mail Team <team@notice.example.net>"},
        {"gmail ja, full-width colons", "Fwd: 容量超過",
         "確認してください。\n\n---------- 転送メッセージ ----------\n送信者： メール担当 <team@notice.example.net>\n"
         "日付： 2024年11月12日(火) 10:21\n件名： 容量超過\n宛先： user@example.com\n\n" + kBody,
         true, ForwardStyle::Gmail, "メール担当 <team@notice.example.net>"},
        {"thunderbird: subject first, tabs", "Fwd: Mailbox full",
         "\n\n\n-------- Forwarded Message --------\nSubject: \tMailbox full\nDate: \tTue, 12 Nov 2024 09:14:00 +0900\n"
         "From: \tteam@notice.example.net\nTo: \tuser@example.com\n\n\n\n" + kBody,
         true, ForwardStyle::Thunderbird, "team@notice.example.net"},
        {"thunderbird ja", "転送: 容量超過",
         "-------- 転送メッセージ --------\n件名: \t容量超過\n日付: \tTue, 12 Nov 2024 09:14:00 +0900\n"
         "送信者: \tteam@notice.example.net\n宛先: \tuser@example.com\n\n" + kBody,
         true, ForwardStyle::Thunderbird, "team@notice.example.net"},
        {"apple, quoted block", "Fwd: Mailbox full",
         "Sent from my iPhone\n\nBegin forwarded message:\n\n> From: Mail Team <team@notice.example.net>\n"
         "> Subject: Mailbox full\n> Date: November 12, 2024 at 9:14:00 GMT+9\n> To: user@example.com\n>\n> " + kBody,
         true, ForwardStyle::Apple, "Mail Team <team@notice.example.net>"},
        {"apple ja", "転送：容量超過",
         "転送されたメッセージ:\n\n差出人: team@notice.example.net\n件名: 容量超過\n日付: 2024年11月12日 10:21:00 JST\n"
         "宛先: user@example.com\n\n" + kBody,
         true, ForwardStyle::Apple, "team@notice.example.net"},
        {"other decoration is a generic marker", "Fwd: Mailbox full",
         "===== Forwarded Message =====\nFrom: team@notice.example.net\nSubject: Mailbox full\n\n" + kBody, true,
         ForwardStyle::Generic, "team@notice.example.net"},
        {"outlook original message under FW:", "FW: Mailbox full",
         "Forwarding as asked.\n\n-----Original Message-----\nFrom: Mail Team [mailto:team@notice.example.net]\n"
         "Sent: Tuesday, November 12, 2024 9:14 AM\nTo: User <user@example.com>\nSubject: Mailbox full\n\n" + kBody,
         true, ForwardStyle::Outlook, "Mail Team [mailto:team@notice.example.net]"},
        {"outlook bare block under ＦＷ：", "ＦＷ： 容量超過",
         "ご確認ください。\n\n差出人: メール担当 <team@notice.example.net>\n送信日時: 2024年11月12日 10:21\n"
         "宛先: user@example.com\n件名: 容量超過\n\n" + kBody,
         true, ForwardStyle::Outlook, "メール担当 <team@notice.example.net>"},
        {"outlook bold labels of a text rendering", "FW: Mailbox full",
         "\n________________________________\n*From:* Mail Team <team@notice.example.net>\n*Sent:* Tuesday, November 12, 2024 9:14 AM\n"
         "*Subject:* Mailbox full\n\n" + kBody,
         true, ForwardStyle::Outlook, "Mail Team <team@notice.example.net>"},
        // Replies use these markers too: without a forward's Subject they open a quoted reply.
        {"original message under RE:", "RE: Mailbox full",
         "Thanks, done.\n\n-----Original Message-----\nFrom: team@notice.example.net\nSent: Tuesday, November 12, 2024 9:14 AM\n"
         "Subject: Mailbox full\n\n" + kBody,
         false},
        {"bare block under Re:", "Re: 容量超過",
         "承知しました。\n\n差出人: team@notice.example.net\n送信日時: 2024年11月12日 10:21\n件名: 容量超過\n\n" + kBody, false},
        {"bare block needs a date and a subject", "FW: Mailbox full",
         "See below.\n\nFrom: team@notice.example.net\nTo: user@example.com\n\n" + kBody, false},
        {"a reply quoting a forward", "Re: Fwd: Mailbox full",
         "I blocked it.\n\nOn Tue, Nov 12, 2024 at 9:30 AM Kate <kate@example.com> wrote:\n> ---------- Forwarded message ---------\n"
         "> From: team@notice.example.net\n> Subject: Mailbox full\n>\n> " + kBody,
         false},
        {"a plain reply", "Re: Agenda",
         "Works for me.\n\nOn Tue, Nov 12, 2024 at 9:14 AM Kate <kate@example.com> wrote:\n> From: the sales team\n> Date: Thursday\n", false},
        {"marker without a header block", "Fwd: Mailbox full", "FYI\n\n---------- Forwarded message ---------\n\n\n\n" + kBody, false},
    };
    for (const auto& row : rows) {
        auto found = find_inline_forward(row.text, row.subject, markers);
        EXPECT_EQ(found.has_value(), row.is_forward) << row.label;
        if (!found || !row.is_forward) continue;
        EXPECT_EQ(found->style, row.style) << row.label;
        EXPECT_EQ(field(*found, ForwardField::From), row.from) << row.label;
        EXPECT_NE(found->body.find("Sign in at https://mailbox-login.example.net/"), std::string::npos) << row.label << ": " << found->body;
        EXPECT_EQ(found->body.find("From:"), std::string::npos) << row.label << ": the header block stayed in the body";
    }
}

TEST(InlineForward, AppleMailsQuotedPartLosesOneQuotingLevel) {
    const std::string text = "Begin forwarded message:\n\n> From: team@notice.example.net\n> Subject: Mailbox full\n>\n"
                             "> First line.\n>> Quoted by the phisher.\n";
    auto found = find_inline_forward(text, "Fwd: Mailbox full", testing::forward_markers());
    ASSERT_TRUE(found);
    EXPECT_EQ(found->body, "First line.\n> Quoted by the phisher.\n");
}

TEST(InlineForward, TheForwardersTextDecides) {
    const ForwardMarkers markers = testing::forward_markers();
    const std::string forward = "---------- Forwarded message ---------\nFrom: team@notice.example.net\nSubject: Mailbox full\n\n" + kBody;
    std::string lines;
    for (std::size_t i = 1; i <= markers.max_forwarder_lines; ++i) lines += "Line " + std::to_string(i) + " of my own text.\n";
    EXPECT_TRUE(find_inline_forward(lines + "\n" + forward, "Fwd: x", markers)) << "at max_forwarder_lines";
    EXPECT_FALSE(find_inline_forward(lines + "One more line.\n\n" + forward, "Fwd: x", markers)) << "one line over";
    // A signature after "-- " does not count, when it is a signature's length.
    std::string signature = "-- \n";
    for (std::size_t i = 1; i <= markers.max_signature_lines; ++i) signature += "Signature line " + std::to_string(i) + "\n";
    EXPECT_TRUE(find_inline_forward("Please check.\n" + signature + "\n" + forward, "Fwd: x", markers)) << "signature";
    EXPECT_FALSE(find_inline_forward("Please check.\n" + signature + "Signature line 11\n" + lines + forward, "Fwd: x", markers))
        << "a long text after -- is no signature";
    // Few lines, but many bytes: a long paragraph of one's own is more than a note.
    EXPECT_FALSE(find_inline_forward(std::string(markers.max_forwarder_bytes + 1, 'x') + "\n\n" + forward, "Fwd: x", markers)) << "bytes";
}

TEST(InlineForward, OnlyASignatureMayFollowAnEndMarker) {
    const ForwardMarkers markers = testing::forward_markers();
    const std::string head = "---------- Forwarded message ---------\nFrom: team@notice.example.net\nSubject: Mailbox full\n\n" + kBody +
                             "----- End forwarded message -----\n";
    auto found = find_inline_forward(head + "\nMary\nIT desk\n", "Fwd: x", markers);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->body.find("IT desk"), std::string::npos) << "the trailer is not the forwarded text";
    std::string discussion;
    for (std::size_t i = 0; i <= markers.max_trailing_lines; ++i) discussion += "My comments on it, line " + std::to_string(i) + ".\n";
    EXPECT_FALSE(find_inline_forward(head + discussion, "Fwd: x", markers));
}

TEST(InlineForward, TheMarkerMustComeWithinTheScannedLines) {
    const ForwardMarkers markers = testing::forward_markers();
    const std::string forward = "---------- Forwarded message ---------\nFrom: team@notice.example.net\nSubject: Mailbox full\n\n" + kBody;
    EXPECT_TRUE(find_inline_forward(std::string(markers.max_scan_lines - 1, '\n') + forward, "Fwd: x", markers));
    EXPECT_FALSE(find_inline_forward(std::string(markers.max_scan_lines, '\n') + forward, "Fwd: x", markers));
}

TEST(InlineForward, ForwardPrefixes) {
    const ForwardMarkers markers = testing::forward_markers();
    for (const char* yes : {"Fwd: x", "FW: x", "fw : x", "[Fwd: x]", "転送: x", "ＦＷ：x"}) EXPECT_TRUE(has_forward_prefix(yes, markers)) << yes;
    for (const char* no : {"Re: Fwd: x", "Fwdx: y", "x", "", "FWD"}) EXPECT_FALSE(has_forward_prefix(no, markers)) << no;
}

} // namespace
} // namespace mikiwame::message

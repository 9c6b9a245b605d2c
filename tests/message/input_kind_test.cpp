// SPDX-License-Identifier: Apache-2.0
// Input inspection: mail is mail, anything else is named; mbox splitting (mboxo/mboxrd).
#include "mikiwame/input.h"

#include <gtest/gtest.h>

#include <fstream>

#include "support/corpus.h"

namespace mikiwame {
namespace {

TEST(InspectInput, MailIsMail) {
    EXPECT_EQ(inspect_input("From: a@b.example\r\nSubject: x\r\n\r\nbody").kind, InputKind::Mail);
    EXPECT_EQ(inspect_input("Received: from x by y; Mon, 1 Jan 2024 00:00:00 +0000\nTo: b@c\n\nhi").kind, InputKind::Mail);
    EXPECT_EQ(inspect_input("\xEF\xBB\xBFSubject: with a BOM\n\nx").kind, InputKind::Mail);
    EXPECT_EQ(inspect_input("Subject : obsolete space before the colon\n\nx").kind, InputKind::Mail);
    // A broken header section is still mail: the parser reports the anomaly.
    EXPECT_EQ(inspect_input("X-Broken:\r\n\tcontinued\r\nno colon here\r\n").kind, InputKind::Mail);
}

TEST(InspectInput, NonMailIsNamed) {
    EXPECT_EQ(inspect_input("").kind, InputKind::Empty);
    EXPECT_EQ(inspect_input("").description, "empty input");
    EXPECT_EQ(inspect_input(" \r\n\t\n").kind, InputKind::Empty);
    const std::string elf = std::string("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0\x3e\0\x01\0\0\0", 24) + std::string(200, '\0');
    auto binary = inspect_input(elf);
    EXPECT_EQ(binary.kind, InputKind::NotMail);
    EXPECT_NE(binary.description.find("ELF"), std::string::npos) << binary.description;
    EXPECT_EQ(binary.description.rfind("binary data (", 0), 0u) << binary.description;
    auto pdf = inspect_input("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n");
    EXPECT_EQ(pdf.kind, InputKind::NotMail);
    EXPECT_EQ(pdf.description, "PDF document");
    auto text = inspect_input("Hello, this is just a note someone pasted.\nNo headers at all.\n");
    EXPECT_EQ(text.kind, InputKind::NotMail);
    EXPECT_NE(text.description.find("without a mail header section"), std::string::npos) << text.description;
    auto msg = inspect_input(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(512, '\0'));
    EXPECT_EQ(msg.kind, InputKind::OutlookMsg);
}

const std::string kMbox =
    "From alice@example.org Mon Jan  1 00:00:00 2024\n"
    "From: alice@example.org\nSubject: one\n\nfirst body\n>From the start, quoted\n"
    "From here on, an unquoted line in the body (not after an empty line)\n\n"
    "From bob@example.net Tue Jan  2 00:00:00 2024\n"
    "From: bob@example.net\nSubject: two\n\nsecond body\n>>From twice quoted\n\n"
    "From carol@example.com Wed Jan  3 00:00:00 2024\n"
    "From: carol@example.com\nSubject: three\n\nthird body\n";

TEST(Mbox, CountsAndSplitsMessagesAtTheirSeparators) {
    auto inspected = inspect_input(kMbox);
    EXPECT_EQ(inspected.kind, InputKind::Mbox);
    EXPECT_EQ(inspected.mbox_messages, 3u);
    EXPECT_EQ(inspected.description, "mbox with 3 messages");
    auto messages = split_mbox(kMbox, 100);
    ASSERT_EQ(messages.size(), 3u);
    EXPECT_EQ(messages[0].offset, 0u);
    EXPECT_EQ(kMbox.substr(messages[1].offset, 9), "From bob@");
    EXPECT_EQ(kMbox.substr(messages[2].offset, 11), "From carol@");
    EXPECT_EQ(messages[0].text.rfind("From: alice@example.org\n", 0), 0u) << messages[0].text;
    EXPECT_NE(messages[0].text.find("\nFrom the start, quoted\n"), std::string::npos) << "mboxrd unquoting";
    EXPECT_NE(messages[0].text.find("\nFrom here on, an unquoted line"), std::string::npos);
    EXPECT_NE(messages[1].text.find("\n>From twice quoted\n"), std::string::npos);
    EXPECT_TRUE(messages[1].text.ends_with("twice quoted\n")) << "the separating empty line is the mbox's";
    EXPECT_EQ(inspect_input(messages[0].text).kind, InputKind::Mail);
    EXPECT_EQ(split_mbox(kMbox, 2).size(), 2u) << "bounded";
    auto one = inspect_input("From a@b Mon Jan  1 00:00:00 2024\r\nSubject: x\r\n\r\nhi\r\n");
    EXPECT_EQ(one.mbox_messages, 1u);
    EXPECT_EQ(one.description, "mbox with 1 message");
}

TEST(Mbox, IndexGivesSpansWhoseTextIsTheSplitMessage) {
    auto spans = index_mbox(kMbox, 100);
    auto messages = split_mbox(kMbox, 100);
    ASSERT_EQ(spans.size(), messages.size());
    for (std::size_t i = 0; i < spans.size(); ++i) {
        EXPECT_EQ(spans[i].offset, messages[i].offset);
        EXPECT_FALSE(spans[i].truncated) << i;
        EXPECT_EQ(mbox_message_text(std::string_view(kMbox).substr(spans[i].offset, spans[i].length)), messages[i].text) << i;
    }
    // The span ends before the empty line that separates it from the next "From " line.
    EXPECT_EQ(spans[0].offset + spans[0].length + 1, spans[1].offset);
    EXPECT_EQ(spans[2].offset + spans[2].length, kMbox.size());
}

TEST(Mbox, ALastMessageCutShortIsMarkedTruncated) {
    // Cut inside the last message's header section: no empty line before the end.
    const std::string in_headers = kMbox.substr(0, kMbox.find("Subject: three"));
    auto spans = index_mbox(in_headers, 100);
    ASSERT_EQ(spans.size(), 3u);
    EXPECT_FALSE(spans[1].truncated);
    EXPECT_TRUE(spans[2].truncated);
    // Cut in the middle of a body line.
    auto mid_line = index_mbox(kMbox.substr(0, kMbox.size() - 3), 100);
    ASSERT_EQ(mid_line.size(), 3u);
    EXPECT_TRUE(mid_line[2].truncated);
}

TEST(MessageSha256, IsTheReportsHashOfTheRawBytes) {
    EXPECT_EQ(message_sha256(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(message_sha256("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(InspectInput, EveryCorpusMailIsMail) {
    MIKIWAME_SKIP_WITHOUT_CORPUS();
    std::size_t files = 0, refused = 0;
    for (const char* dir : {"phish", "ham", "spam", "ja"})
        for (const auto& f : testing::files_under(testing::corpus_dir() / dir)) {
            ++files;
            auto inspected = inspect_input(testing::read_file(f));
            if (inspected.kind != InputKind::Mail && inspected.kind != InputKind::Mbox) {
                ++refused;
                ADD_FAILURE() << f << ": " << inspected.description;
            }
        }
    std::printf("input inspection: %zu corpus files, %zu refused\n", files, refused);
    EXPECT_GT(files, 0u);
}

} // namespace
} // namespace mikiwame

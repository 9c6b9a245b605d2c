// SPDX-License-Identifier: Apache-2.0
// Outlook .msg conversion: the two real Outlook files of the shared corpus and a fixture made
// with `gsf createole` (tests/fixtures/msg/make-fixture.sh) are converted, parsed with
// parse_message and compared with what their MAPI properties hold; damaged copies must be a
// one-line input error. Compressed RTF against the examples of MS-OXRTFCP §3.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "message/compressed_rtf.h"
#include "message/outlook_msg.h"
#include "message/parser.h"
#include "support/corpus.h"

namespace mikiwame::message {
namespace {

using mikiwame::testing::corpus_dir;
using mikiwame::testing::read_file;

std::string corpus_msg(const char* name) { return read_file(corpus_dir() / "suites" / "msg" / name); }

std::string fixture_msg() {
    return read_file(std::filesystem::path(MIKIWAME_SOURCE_DIR) / "tests/fixtures/msg/fixture-cp932.msg");
}

bool has_note(const OutlookConversion& c, std::string_view fragment) {
    return std::any_of(c.notes.begin(), c.notes.end(),
                       [&](const std::string& n) { return n.find(fragment) != std::string::npos; });
}

std::string all_notes(const OutlookConversion& c) {
    std::string out;
    for (const auto& n : c.notes) out += n + "\n";
    return out;
}

const Part* attachment_named(const Message& msg, std::string_view name) {
    for (const auto& p : msg.parts)
        if (p.filename && *p.filename == name) return &p;
    return nullptr;
}

const Part* first_part_of_type(const Message& msg, std::string_view type) {
    for (const auto& p : msg.parts)
        if (p.content_type == type) return &p;
    return nullptr;
}

bool has_link(const Part& part, std::string_view url) {
    if (!part.html) return false;
    return std::any_of(part.html->links.begin(), part.html->links.end(),
                       [&](const HtmlLink& l) { return l.url == url; });
}

// A compound file (MS-CFB, 512-byte sectors) whose root storage holds `streams` empty
// streams chained through their right-sibling links: a degenerate tree as deep as it is
// wide, the shape that would drive libgsf's recursive directory reader deep.
std::string chained_compound_file(std::uint32_t streams) {
    constexpr std::uint32_t kSector = 512;
    constexpr std::uint32_t kNoStream = 0xFFFFFFFF;
    const std::uint32_t entries = streams + 1;
    const std::uint32_t dir_sectors = (entries + 3) / 4;
    std::uint32_t fat_sectors = 1;
    while (fat_sectors * (kSector / 4) < fat_sectors + dir_sectors) ++fat_sectors;
    std::string out(kSector * (1 + fat_sectors + dir_sectors), '\0');
    auto put32 = [&](std::size_t at, std::uint32_t v) {
        for (int i = 0; i < 4; ++i) out[at + static_cast<std::size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xFF);
    };
    auto put16 = [&](std::size_t at, std::uint16_t v) {
        out[at] = static_cast<char>(v & 0xFF);
        out[at + 1] = static_cast<char>(v >> 8);
    };
    out.replace(0, 8, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    put16(0x18, 0x3E);
    put16(0x1A, 3);
    put16(0x1C, 0xFFFE);
    put16(0x1E, 9);
    put16(0x20, 6);
    put32(0x2C, fat_sectors);
    put32(0x30, fat_sectors); // directory starts after the FAT
    put32(0x38, 4096);
    put32(0x3C, 0xFFFFFFFE);
    put32(0x44, 0xFFFFFFFE);
    for (std::uint32_t i = 0; i < 109; ++i) put32(0x4C + 4 * i, i < fat_sectors ? i : kNoStream);
    auto sector_at = [&](std::uint32_t s) { return std::size_t{kSector} * (1 + s); };
    for (std::uint32_t i = 0; i < fat_sectors * (kSector / 4); ++i) {
        std::uint32_t v = kNoStream;
        if (i < fat_sectors) v = 0xFFFFFFFD;
        else if (i < fat_sectors + dir_sectors) v = i + 1 == fat_sectors + dir_sectors ? 0xFFFFFFFE : i + 1;
        put32(sector_at(0) + 4 * i, v);
    }
    for (std::uint32_t e = 0; e < entries; ++e) {
        std::size_t at = sector_at(fat_sectors) + std::size_t{128} * e;
        const char16_t* name = e == 0 ? u"Root Entry" : u"s";
        std::uint16_t len = 0;
        for (; name[len]; ++len) put16(at + 2 * len, static_cast<std::uint16_t>(name[len]));
        put16(at + 0x40, static_cast<std::uint16_t>(2 * (len + 1)));
        out[at + 0x42] = static_cast<char>(e == 0 ? 5 : 2);
        put32(at + 0x44, kNoStream);
        put32(at + 0x48, e == 0 || e + 1 == entries ? kNoStream : e + 1);
        put32(at + 0x4C, e == 0 ? 1 : kNoStream);
        put32(at + 0x74, 0xFFFFFFFE);
    }
    return out;
}

Message convert_and_parse(const std::string& bytes, OutlookConversion* conversion = nullptr,
                          const Limits& limits = Limits{}) {
    Result<OutlookConversion> converted = convert_outlook_msg(bytes, limits);
    EXPECT_TRUE(converted.has_value()) << (converted ? "" : converted.error().message);
    if (!converted) return Message{};
    if (conversion) *conversion = *converted;
    return parse_message(converted->mime, limits);
}

// unicode.msg, as read independently (gsf list/cat of libgsf-bin, msgconvert of
// libemail-outlook-message-perl): PR_TRANSPORT_MESSAGE_HEADERS (0x007D001F, 5,910 bytes)
// with Subject "Test for TIF files", From "Brian Zhou <brizhou@gmail.com>", To
// brianzhou@me.com, Cc "Brian Zhou <brizhou@gmail.com>", Date "Mon, 18 Nov 2013 10:26:24
// +0200" (PR_CLIENT_SUBMIT_TIME 2013-11-18 08:26:24Z), Message-ID
// <CADtJ4eNjQSkGcBtVteCiTF+YFG89+AcHxK3QZ=-Mt48xygkvdQ@mail.gmail.com>; PR_BODY "This is a
// test email to experiment with the MS Outlook MSG Extractor … Kind regards … Brian Zhou";
// no PR_HTML; PR_RTF_COMPRESSED of 704 bytes, RAWSIZE 2,233, \fromhtml1; attachments
// "import OleFileIO.tif" (969,674 bytes) and "raised value error.tif" (1,033,142 bytes), both
// PR_ATTACH_MIME_TAG image/tiff, both little-endian TIFF ("II*\0").
TEST(OutlookMsgCorpus, UnicodeMsgReadsTransportHeadersBodiesAndAttachments) {
    MIKIWAME_SKIP_WITHOUT_CORPUS();
    std::string bytes = corpus_msg("unicode.msg");
    EXPECT_TRUE(looks_like_outlook_msg(bytes));
    OutlookConversion conversion;
    Message msg = convert_and_parse(bytes, &conversion);

    EXPECT_EQ(msg.subject, "Test for TIF files");
    ASSERT_EQ(msg.from.size(), 1u);
    EXPECT_EQ(msg.from[0].display_name, "Brian Zhou");
    EXPECT_EQ(msg.from[0].address(), "brizhou@gmail.com");
    ASSERT_EQ(msg.to.size(), 1u);
    EXPECT_EQ(msg.to[0].address(), "brianzhou@me.com");
    ASSERT_EQ(msg.cc.size(), 1u);
    EXPECT_EQ(msg.cc[0].address(), "brizhou@gmail.com");
    ASSERT_TRUE(msg.date.has_value());
    EXPECT_EQ(msg.date->utc_seconds, 1384763184); // 2013-11-18 08:26:24Z
    EXPECT_EQ(msg.date->offset_minutes, 120);
    EXPECT_EQ(msg.message_id.value_or(""), "CADtJ4eNjQSkGcBtVteCiTF+YFG89+AcHxK3QZ=-Mt48xygkvdQ@mail.gmail.com");
    // The transport headers come through (Received chain, Authentication-Results); their
    // own Content-Type (multipart/mixed with the original boundary) is replaced by ours.
    EXPECT_EQ(msg.find_headers("Received").size(), 4u);
    EXPECT_NE(msg.find_header("Authentication-Results"), nullptr);
    EXPECT_EQ(conversion.mime.find("001a113392ecbd7a5404eb6f4d6a"), std::string::npos);

    EXPECT_NE(msg.text_body.find("This is a test email to experiment with the MS Outlook MSG Extractor"),
              std::string::npos);
    EXPECT_NE(msg.text_body.find("Kind regards"), std::string::npos);
    const Part* html = first_part_of_type(msg, "text/html");
    ASSERT_NE(html, nullptr);
    ASSERT_TRUE(html->html.has_value());
    EXPECT_NE(html->html->visible_text.find("This is a test email to experiment with the MS Outlook MSG Extractor"),
              std::string::npos);
    EXPECT_NE(html->html->visible_text.find("Brian Zhou"), std::string::npos);

    const Part* first = attachment_named(msg, "import OleFileIO.tif");
    const Part* second = attachment_named(msg, "raised value error.tif");
    ASSERT_NE(first, nullptr);
    ASSERT_NE(second, nullptr);
    EXPECT_EQ(first->size, 969674u);
    EXPECT_EQ(second->size, 1033142u);
    EXPECT_EQ(first->content_type, "image/tiff");
    EXPECT_EQ(first->content.substr(0, 4), std::string("II*\0", 4));

    EXPECT_TRUE(has_note(conversion, "input was an Outlook .msg")) << all_notes(conversion);
    EXPECT_TRUE(has_note(conversion, "headers from PR_TRANSPORT_MESSAGE_HEADERS")) << all_notes(conversion);
    EXPECT_TRUE(has_note(conversion, "plain body from PR_BODY")) << all_notes(conversion);
    EXPECT_TRUE(has_note(conversion, "HTML body de-encapsulated from PR_RTF_COMPRESSED")) << all_notes(conversion);
    EXPECT_TRUE(has_note(conversion, "2 attachments, 0 embedded messages")) << all_notes(conversion);
}

// strangeDate.msg, as read independently: no transport headers and no sender properties
// (an unsent draft: PR_MESSAGE_FLAGS 8); PR_SUBJECT "MSG Test File"; one recipient
// (PR_DISPLAY_NAME and PR_EMAIL_ADDRESS time2talk@online-convert.com, SMTP); no submit or
// delivery time, PR_CREATION_TIME 2016-02-23 14:57:50.904Z (msgconvert also dates it so);
// PR_BODY beginning "MSG test file\r\nPurpose: Provide example of this file type";
// PR_RTF_COMPRESSED of 10,675 bytes, RAWSIZE 47,515, \fromhtml1, whose HTML links to
// www.online-convert.com, en.wikipedia.org/wiki/John_Doe and creativecommons.org; no
// attachments.
TEST(OutlookMsgCorpus, StrangeDateMsgSynthesisesHeadersFromProperties) {
    MIKIWAME_SKIP_WITHOUT_CORPUS();
    std::string bytes = corpus_msg("strangeDate.msg");
    EXPECT_TRUE(looks_like_outlook_msg(bytes));
    OutlookConversion conversion;
    Message msg = convert_and_parse(bytes, &conversion);

    EXPECT_EQ(msg.subject, "MSG Test File");
    EXPECT_TRUE(msg.from.empty());
    ASSERT_EQ(msg.to.size(), 1u);
    EXPECT_EQ(msg.to[0].address(), "time2talk@online-convert.com");
    ASSERT_TRUE(msg.date.has_value());
    EXPECT_EQ(msg.date->utc_seconds, 1456239470); // 2016-02-23 14:57:50Z
    EXPECT_FALSE(msg.message_id.has_value());

    EXPECT_NE(msg.text_body.find("MSG test file"), std::string::npos);
    EXPECT_NE(msg.text_body.find("Purpose: Provide example of this file type"), std::string::npos);
    EXPECT_NE(msg.text_body.find("John Doe"), std::string::npos);
    const Part* html = first_part_of_type(msg, "text/html");
    ASSERT_NE(html, nullptr);
    EXPECT_TRUE(has_link(*html, "http://www.online-convert.com"));
    EXPECT_TRUE(has_link(*html, "http://en.wikipedia.org/wiki/John_Doe"));
    EXPECT_TRUE(has_link(*html, "http://creativecommons.org/licenses/by-sa/3.0/"));
    ASSERT_TRUE(html->html.has_value());
    EXPECT_NE(html->html->visible_text.find("placeholder names"), std::string::npos);
    EXPECT_TRUE(std::none_of(msg.parts.begin(), msg.parts.end(), [](const Part& p) { return p.is_attachment; }));

    EXPECT_TRUE(has_note(conversion, "headers synthesised from MAPI properties: To, Subject, Date")) << all_notes(conversion);
    EXPECT_TRUE(has_note(conversion, "Date from PR_CREATION_TIME")) << all_notes(conversion);
    EXPECT_TRUE(has_note(conversion, "marked unsent")) << all_notes(conversion);
}

TEST(OutlookMsgCorpus, TruncatedCopiesAreAClearInputError) {
    MIKIWAME_SKIP_WITHOUT_CORPUS();
    for (const char* name : {"unicode.msg", "strangeDate.msg"}) {
        std::string bytes = corpus_msg(name);
        ASSERT_GT(bytes.size(), 4096u);
        for (std::size_t cut : {std::size_t{0}, std::size_t{7}, std::size_t{100}, std::size_t{512}, std::size_t{1536},
                                bytes.size() / 4, bytes.size() / 2, bytes.size() * 3 / 4, bytes.size() - 2048}) {
            Result<OutlookConversion> r = convert_outlook_msg(std::string_view(bytes).substr(0, cut), Limits{});
            ASSERT_FALSE(r.has_value()) << name << " cut at " << cut << " converted";
            EXPECT_EQ(r.error().code, ErrorCode::InputRejected) << name << " cut at " << cut;
            EXPECT_EQ(r.error().message.rfind("damaged Outlook .msg: ", 0), 0u) << r.error().message;
            EXPECT_EQ(r.error().message.find('\n'), std::string::npos) << r.error().message;
        }
    }
}

TEST(OutlookMsgCorpus, SmallMessageBudgetLeavesAttachmentsOutAndSaysSo) {
    MIKIWAME_SKIP_WITHOUT_CORPUS();
    Limits limits;
    limits.max_message_bytes = 1024 * 1024; // room for one 0.97 MB TIFF in base64? no
    Result<OutlookConversion> r = convert_outlook_msg(corpus_msg("unicode.msg"), limits);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_LE(r->mime.size(), limits.max_message_bytes + 64 * 1024);
    EXPECT_TRUE(has_note(*r, "limit: attachment \"import OleFileIO.tif\" (969674 bytes) left out")) << all_notes(*r);
    EXPECT_TRUE(has_note(*r, "max_message_bytes (1048576)")) << all_notes(*r);
}

// The fixture, written by make-fixture.sh from the properties listed there.
TEST(OutlookMsgFixture, ReadsCodepageStringsRecipientsRtfHtmlAttachmentAndEmbeddedMessage) {
    std::string bytes = fixture_msg();
    ASSERT_FALSE(bytes.empty());
    EXPECT_TRUE(looks_like_outlook_msg(bytes));
    OutlookConversion conversion;
    Message msg = convert_and_parse(bytes, &conversion);

    EXPECT_EQ(msg.subject, "【重要】アカウント確認のお願い");
    ASSERT_EQ(msg.from.size(), 1u);
    EXPECT_EQ(msg.from[0].display_name, "佐藤 花子");
    EXPECT_EQ(msg.from[0].address(), "hanako@sender.example");
    ASSERT_EQ(msg.to.size(), 1u);
    EXPECT_EQ(msg.to[0].display_name, "田中 太郎");
    EXPECT_EQ(msg.to[0].address(), "taro@recipient.example");
    ASSERT_EQ(msg.cc.size(), 1u);
    EXPECT_EQ(msg.cc[0].display_name, "Ops Team");
    EXPECT_EQ(msg.cc[0].address(), "ops@recipient.example");
    ASSERT_TRUE(msg.date.has_value());
    EXPECT_EQ(msg.date->utc_seconds, 1775003400); // 2026-04-01 00:30:00Z
    EXPECT_EQ(msg.message_id.value_or(""), "fixture-1@sender.example");
    EXPECT_NE(msg.text_body.find("アカウントを確認してください。"), std::string::npos);

    const Part* html = first_part_of_type(msg, "text/html");
    ASSERT_NE(html, nullptr);
    EXPECT_TRUE(has_link(*html, "https://login.example/verify"));
    ASSERT_TRUE(html->html.has_value());
    EXPECT_NE(html->html->visible_text.find("確認あ"), std::string::npos) << html->html->visible_text;

    const Part* invoice = attachment_named(msg, "請求書.txt");
    ASSERT_NE(invoice, nullptr);
    EXPECT_EQ(invoice->size, 17u);
    EXPECT_EQ(invoice->content_type, "text/plain");

    const Part* embedded = first_part_of_type(msg, "message/rfc822");
    ASSERT_NE(embedded, nullptr);
    ASSERT_NE(embedded->embedded, nullptr);
    const Message& inner = *embedded->embedded;
    EXPECT_EQ(inner.subject, "Password expiry notice");
    ASSERT_EQ(inner.from.size(), 1u);
    EXPECT_EQ(inner.from[0].display_name, "IT Desk");
    EXPECT_EQ(inner.from[0].address(), "it-desk@phish.example");
    ASSERT_TRUE(inner.date.has_value());
    EXPECT_EQ(inner.date->utc_seconds, 1774998000); // 2026-03-31 23:00:00Z
    const Part* inner_html = first_part_of_type(inner, "text/html");
    ASSERT_NE(inner_html, nullptr);
    EXPECT_TRUE(has_link(*inner_html, "https://phish.example/reset"));

    EXPECT_TRUE(has_note(conversion, "headers synthesised from MAPI properties: From, To, Cc, Subject, Date, Message-ID"))
        << all_notes(conversion);
    EXPECT_TRUE(has_note(conversion, "HTML body de-encapsulated from PR_RTF_COMPRESSED")) << all_notes(conversion);
    EXPECT_TRUE(has_note(conversion, "1 attachment, 1 embedded message")) << all_notes(conversion);
    EXPECT_TRUE(has_note(conversion, "embedded message \"Forwarded notice\": headers synthesised")) << all_notes(conversion);
    EXPECT_TRUE(has_note(conversion, "HTML body from PR_HTML")) << all_notes(conversion);
}

TEST(OutlookMsgFixture, EmbeddedMessagesBeyondTheDepthLimitAreLeftOutAndNoted) {
    Limits limits;
    limits.max_mime_depth = 0;
    OutlookConversion conversion;
    Message msg = convert_and_parse(fixture_msg(), &conversion, limits);
    EXPECT_EQ(first_part_of_type(msg, "message/rfc822"), nullptr);
    EXPECT_TRUE(has_note(conversion, "limit: embedded messages nested deeper than max_mime_depth (0)")) << all_notes(conversion);
}

TEST(OutlookMsgFixture, PartLimitStopsAttachments) {
    Limits limits;
    limits.max_mime_parts = 4;
    Result<OutlookConversion> r = convert_outlook_msg(fixture_msg(), limits);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_TRUE(has_note(*r, "limit: attachments beyond max_mime_parts (4) left out")) << all_notes(*r);
}

TEST(OutlookMsgFixture, EveryTruncationIsAClearInputError) {
    std::string bytes = fixture_msg();
    // The directory, FAT and mini stream of this small file sit in its last sectors, so
    // every cut below the full size damages it.
    for (std::size_t cut = 0; cut < bytes.size(); cut += 256) {
        Result<OutlookConversion> r = convert_outlook_msg(std::string_view(bytes).substr(0, cut), Limits{});
        ASSERT_FALSE(r.has_value()) << "cut at " << cut;
        EXPECT_EQ(r.error().code, ErrorCode::InputRejected);
        EXPECT_EQ(r.error().message.rfind("damaged Outlook .msg: ", 0), 0u) << r.error().message;
    }
}

TEST(OutlookMsg, OtherInputIsNotAnOutlookMessage) {
    EXPECT_FALSE(looks_like_outlook_msg(""));
    EXPECT_FALSE(looks_like_outlook_msg("From: a@example.com\r\nSubject: x\r\n\r\nbody\r\n"));
    std::string signature_only("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    EXPECT_FALSE(looks_like_outlook_msg(signature_only + std::string(504, '\0')));
    Result<OutlookConversion> r = convert_outlook_msg("From: a@example.com\r\n\r\nx", Limits{});
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, "damaged Outlook .msg: not an OLE2 compound file (no D0 CF 11 E0 signature)");
}

TEST(OutlookMsg, CompoundFileGuardRefusesStoragesLibgsfWouldReadTooDeep) {
    // Within the bounds: libgsf reads the chain (no stack overflow) and finds no MAPI streams.
    Result<OutlookConversion> small = convert_outlook_msg(chained_compound_file(3000), Limits{});
    ASSERT_FALSE(small.has_value());
    EXPECT_NE(small.error().message.find("without the MAPI property streams"), std::string::npos)
        << small.error().message;
    EXPECT_FALSE(looks_like_outlook_msg(chained_compound_file(3000)));
    // Beyond them: refused before libgsf sees it.
    Result<OutlookConversion> wide = convert_outlook_msg(chained_compound_file(5000), Limits{});
    ASSERT_FALSE(wide.has_value());
    EXPECT_EQ(wide.error().message, "damaged Outlook .msg: a storage has more than 4096 entries");
}

// MS-OXRTFCP §3.1.1: "{\rtf1\ansi\ansicpg1252\pard hello world}" CRLF compressed.
TEST(CompressedRtf, DecompressesTheSpecificationsFirstExample) {
    const unsigned char kCompressed[] = {
        0x2d, 0x00, 0x00, 0x00, 0x2b, 0x00, 0x00, 0x00, 0x4c, 0x5a, 0x46, 0x75, 0xf1, 0xc5, 0xc7, 0xa7,
        0x03, 0x00, 0x0a, 0x00, 0x72, 0x63, 0x70, 0x67, 0x31, 0x32, 0x35, 0x42, 0x32, 0x0a, 0xf3, 0x20,
        0x68, 0x65, 0x6c, 0x09, 0x00, 0x20, 0x62, 0x77, 0x05, 0xb0, 0x6c, 0x64, 0x7d, 0x0a, 0x80, 0x0f, 0xa0};
    Result<std::string> rtf = decompress_rtf(std::string_view(reinterpret_cast<const char*>(kCompressed), sizeof kCompressed), 1 << 20);
    ASSERT_TRUE(rtf.has_value()) << rtf.error().message;
    EXPECT_EQ(*rtf, "{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n");
}

// MS-OXRTFCP §3.1.2: a run that reads back across the write position of the dictionary.
TEST(CompressedRtf, DecompressesTheSpecificationsOverlappingReference) {
    const unsigned char kCompressed[] = {0x1a, 0x00, 0x00, 0x00, 0x1c, 0x00, 0x00, 0x00, 0x4c, 0x5a,
                                         0x46, 0x75, 0xe2, 0xd4, 0x4b, 0x51, 0x41, 0x00, 0x04, 0x20,
                                         0x57, 0x58, 0x59, 0x5a, 0x0d, 0x6e, 0x7d, 0x01, 0x0e, 0xb0};
    Result<std::string> rtf = decompress_rtf(std::string_view(reinterpret_cast<const char*>(kCompressed), sizeof kCompressed), 1 << 20);
    ASSERT_TRUE(rtf.has_value()) << rtf.error().message;
    EXPECT_EQ(*rtf, "{\\rtf1 WXYZWXYZWXYZWXYZWXYZ}");
}

TEST(CompressedRtf, RejectsBadCrcShortStreamsAndUnknownTypes) {
    const unsigned char kCompressed[] = {0x1a, 0x00, 0x00, 0x00, 0x1c, 0x00, 0x00, 0x00, 0x4c, 0x5a,
                                         0x46, 0x75, 0xe2, 0xd4, 0x4b, 0x51, 0x41, 0x00, 0x04, 0x20,
                                         0x57, 0x58, 0x59, 0x5a, 0x0d, 0x6e, 0x7d, 0x01, 0x0e, 0xb0};
    std::string good(reinterpret_cast<const char*>(kCompressed), sizeof kCompressed);
    std::string flipped = good;
    flipped[20] ^= 0x01;
    Result<std::string> crc = decompress_rtf(flipped, 1 << 20);
    ASSERT_FALSE(crc.has_value());
    EXPECT_NE(crc.error().message.find("CRC mismatch"), std::string::npos);
    EXPECT_FALSE(decompress_rtf(good.substr(0, 20), 1 << 20).has_value());
    EXPECT_FALSE(decompress_rtf(good.substr(0, 10), 1 << 20).has_value());
    std::string unknown = good;
    unknown[8] = 'X';
    EXPECT_FALSE(decompress_rtf(unknown, 1 << 20).has_value());
    Result<std::string> capped = decompress_rtf(good, 5);
    ASSERT_TRUE(capped.has_value());
    EXPECT_EQ(*capped, "{\\rtf");
}

TEST(CompressedRtf, ReadsTheUncompressedMelaForm) {
    std::string rtf = "{\\rtf1 plain}";
    std::string stream;
    auto le32 = [&](std::uint32_t v) {
        for (int i = 0; i < 4; ++i) stream += static_cast<char>((v >> (8 * i)) & 0xFF);
    };
    le32(static_cast<std::uint32_t>(rtf.size() + 12));
    le32(static_cast<std::uint32_t>(rtf.size()));
    stream += "MELA";
    le32(0);
    stream += rtf;
    Result<std::string> out = decompress_rtf(stream, 1 << 20);
    ASSERT_TRUE(out.has_value());
    EXPECT_EQ(*out, rtf);
}

TEST(RtfReading, DeEncapsulatesHtmlAndReadsPlainText) {
    std::string html_rtf =
        "{\\rtf1\\ansi\\ansicpg1252\\fromhtml1 \\deff0{\\fonttbl{\\f0\\fswiss Arial;}}"
        "{\\*\\htmltag19 <html>}{\\*\\htmltag50 <body>}\\htmlrtf {\\b \\htmlrtf0 Caf\\'e9 \\{x\\} \\u8364?"
        "\\htmlrtf }\\htmlrtf0 {\\*\\htmltag84 <a href=\"https://a.example/\">}link{\\*\\htmltag92 </a>}"
        "\\htmlrtf \\par \\htmlrtf0 {\\*\\htmltag58 </body>}{\\*\\htmltag27 </html>}}";
    EXPECT_TRUE(rtf_encapsulates_html(html_rtf));
    EXPECT_EQ(rtf_to_html(html_rtf, 1 << 20),
              "<html><body>Caf\xC3\xA9 {x} \xE2\x82\xAC<a href=\"https://a.example/\">link</a></body></html>");

    std::string plain_rtf = "{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}{\\*\\generator x;}Hello\\par World\\tab!}";
    EXPECT_FALSE(rtf_encapsulates_html(plain_rtf));
    EXPECT_EQ(rtf_to_text(plain_rtf, 1 << 20), "Hello\nWorld\t!");
    EXPECT_EQ(rtf_to_text(plain_rtf, 3), "Hel");
}

} // namespace
} // namespace mikiwame::message

// SPDX-License-Identifier: Apache-2.0
#include "images/qr_codes.h"

#include <gtest/gtest.h>

#include "base/base64.h"
#include "message/parser.h"
#include "support/corpus.h"

namespace mikiwame::images {
namespace {

std::string picture(const char* name) {
    return testing::read_file(std::string(MIKIWAME_SOURCE_DIR) + "/tests/fixtures/images/" + name);
}

std::string mail_with_pictures(const std::vector<std::pair<std::string, std::string>>& pictures) {
    std::string raw = "From: a@example.com\r\nContent-Type: multipart/related; boundary=b\r\n\r\n--b\r\n"
                      "Content-Type: text/html\r\n\r\n<p>scan me</p>\r\n";
    for (const auto& [name, bytes] : pictures)
        raw += "--b\r\nContent-Type: image/png\r\nContent-Disposition: inline; filename=\"" + name +
               "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base::encode_base64(bytes) + "\r\n";
    return raw + "--b--\r\n";
}

QrFacts run(const std::string& raw, const Limits& limits) {
    return find_qr_codes(message::parse_message(raw, limits), limits, base::Deadline{});
}

TEST(QrCodes, InlinePictureGivesItsCodeAndName) {
    const QrFacts facts = run(mail_with_pictures({{"code.png", picture("qr-login-url.png")}}), Limits{});
    ASSERT_EQ(facts.codes.size(), 1u);
    EXPECT_EQ(facts.codes[0].payload, "https://mfa-verify.weebly.com/secure/login");
    EXPECT_EQ(facts.codes[0].image, "code.png");
    EXPECT_EQ(facts.images_scanned, 1u);
    EXPECT_TRUE(facts.hits.empty());
}

TEST(QrCodes, DataUrlPictureInTheHtmlIsRead) {
    const std::string raw = "From: a@example.com\r\nContent-Type: text/html\r\n\r\n<p><img src=\"data:image/png;base64," +
                            base::encode_base64(picture("qr-event-site.png")) + "\" alt=\"ticket\"></p>\r\n";
    const QrFacts facts = run(raw, Limits{});
    ASSERT_EQ(facts.codes.size(), 1u);
    EXPECT_EQ(facts.codes[0].payload, "https://events.example.com/tickets/2025");
    EXPECT_EQ(facts.codes[0].image, "ticket");
}

TEST(QrCodes, CountLimitIsReported) {
    Limits limits;
    limits.max_qr_images = 1;
    const QrFacts facts =
        run(mail_with_pictures({{"a.png", picture("qr-login-url.png")}, {"b.png", picture("qr-wifi.png")}}), limits);
    EXPECT_EQ(facts.images_scanned, 1u);
    ASSERT_EQ(facts.codes.size(), 1u);
    ASSERT_EQ(facts.hits.size(), 1u);
    EXPECT_EQ(facts.hits[0].id, "message.limit_exceeded");
    EXPECT_EQ(facts.hits[0].evidence.at(0), "max_qr_images=1: further images not scanned for QR codes");
}

TEST(QrCodes, PixelAndByteLimitsAreReported) {
    Limits limits;
    limits.max_qr_image_pixels = 100;
    QrFacts facts = run(mail_with_pictures({{"big.png", picture("qr-login-url.png")}}), limits);
    EXPECT_TRUE(facts.codes.empty());
    ASSERT_EQ(facts.hits.size(), 1u);
    EXPECT_EQ(facts.hits[0].evidence.at(0), "max_qr_image_pixels=100: \"big.png\" not scanned for QR codes");

    limits = Limits{};
    limits.max_qr_image_bytes = 50;
    facts = run(mail_with_pictures({{"big.png", picture("qr-login-url.png")}}), limits);
    EXPECT_TRUE(facts.codes.empty());
    ASSERT_EQ(facts.hits.size(), 1u);
    EXPECT_EQ(facts.hits[0].evidence.at(0), "max_qr_image_bytes=50: \"big.png\" not scanned for QR codes");
}

TEST(QrCodes, PictureLabelledPngButNotAPictureIsSkipped) {
    const QrFacts facts = run(mail_with_pictures({{"fake.png", "MZ\x90\x00 not a picture"}}), Limits{});
    EXPECT_TRUE(facts.codes.empty());
    EXPECT_EQ(facts.images_scanned, 0u);
    EXPECT_TRUE(facts.hits.empty());
}

} // namespace
} // namespace mikiwame::images

// SPDX-License-Identifier: Apache-2.0
#include "images/image_decode.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <jpeglib.h>

#include "images/qr_scan.h"
#include "support/corpus.h"

namespace mikiwame::images {
namespace {

std::string fixture(const char* name) {
    return testing::read_file(std::string(MIKIWAME_SOURCE_DIR) + "/tests/fixtures/images/" + name);
}

// A grey picture as a baseline JPEG, the way a phone's mail app would attach the code.
std::string encode_jpeg(const GrayImage& image, int quality) {
    jpeg_compress_struct info{};
    jpeg_error_mgr errors{};
    info.err = jpeg_std_error(&errors);
    jpeg_create_compress(&info);
    unsigned char* out = nullptr;
    unsigned long size = 0;
    jpeg_mem_dest(&info, &out, &size);
    info.image_width = static_cast<JDIMENSION>(image.width);
    info.image_height = static_cast<JDIMENSION>(image.height);
    info.input_components = 1;
    info.in_color_space = JCS_GRAYSCALE;
    jpeg_set_defaults(&info);
    jpeg_set_quality(&info, quality, TRUE);
    jpeg_start_compress(&info, TRUE);
    while (info.next_scanline < info.image_height) {
        JSAMPROW row = const_cast<unsigned char*>(image.pixels.data()) + static_cast<std::size_t>(info.next_scanline) * image.width;
        jpeg_write_scanlines(&info, &row, 1);
    }
    jpeg_finish_compress(&info);
    std::string bytes(reinterpret_cast<const char*>(out), size);
    jpeg_destroy_compress(&info);
    std::free(out);
    return bytes;
}

TEST(ImageDecode, PngQrCodeIsReadToItsUrl) {
    const DecodeResult r = decode_image(fixture("qr-login-url.png"), 1000000);
    ASSERT_EQ(r.status, DecodeStatus::Ok);
    EXPECT_EQ(r.image.pixels.size(), r.image.width * r.image.height);
    EXPECT_GT(r.image.width, 21u);
    const auto codes = scan_qr_codes(r.image, 4);
    ASSERT_EQ(codes.size(), 1u);
    EXPECT_EQ(codes[0], "https://mfa-verify.weebly.com/secure/login");
}

TEST(ImageDecode, TransparentCanvasIsComposedOnWhite) {
    // qrencode draws black modules on a transparent palette entry: on black, the code would vanish.
    const DecodeResult r = decode_image(fixture("qr-wifi.png"), 1000000);
    ASSERT_EQ(r.status, DecodeStatus::Ok);
    EXPECT_EQ(r.image.pixels.front(), 255);
    const auto codes = scan_qr_codes(r.image, 4);
    ASSERT_EQ(codes.size(), 1u);
    EXPECT_EQ(codes[0], "WIFI:T:WPA;S:office-guest;P:correct-horse;;");
}

TEST(ImageDecode, JpegQrCodeIsReadToItsUrl) {
    const DecodeResult png = decode_image(fixture("qr-event-site.png"), 1000000);
    ASSERT_EQ(png.status, DecodeStatus::Ok);
    const std::string jpeg = encode_jpeg(png.image, 90);
    EXPECT_EQ(sniff_image(jpeg), "jpeg");
    const DecodeResult r = decode_image(jpeg, 1000000);
    ASSERT_EQ(r.status, DecodeStatus::Ok);
    EXPECT_EQ(r.image.width, png.image.width);
    const auto codes = scan_qr_codes(r.image, 4);
    ASSERT_EQ(codes.size(), 1u);
    EXPECT_EQ(codes[0], "https://events.example.com/tickets/2025");
}

TEST(ImageDecode, TooManyPixelsIsRefusedBeforeDecoding) {
    const DecodeResult png = decode_image(fixture("qr-login-url.png"), 100);
    EXPECT_EQ(png.status, DecodeStatus::TooManyPixels);
    EXPECT_GT(png.pixels, 100u);
    EXPECT_TRUE(png.image.pixels.empty());
    const DecodeResult ok = decode_image(fixture("qr-event-site.png"), 1000000);
    ASSERT_EQ(ok.status, DecodeStatus::Ok);
    const DecodeResult jpeg = decode_image(encode_jpeg(ok.image, 80), 100);
    EXPECT_EQ(jpeg.status, DecodeStatus::TooManyPixels);
    EXPECT_TRUE(jpeg.image.pixels.empty());
}

TEST(ImageDecode, BrokenPicturesAreCorruptNotACrash) {
    const std::string png = fixture("qr-login-url.png");
    EXPECT_EQ(decode_image(png.substr(0, png.size() / 2), 1000000).status, DecodeStatus::Corrupt);
    EXPECT_EQ(decode_image(png.substr(0, 20), 1000000).status, DecodeStatus::Corrupt);
    EXPECT_EQ(decode_image(std::string("\xFF\xD8\xFF\xE0garbage", 11), 1000000).status, DecodeStatus::Corrupt);
    EXPECT_EQ(decode_image("GIF89a", 1000000).status, DecodeStatus::NotAnImage);
    EXPECT_EQ(sniff_image(""), "");
}

TEST(QrScan, PictureWithoutACodeGivesNothing) {
    GrayImage blank{64, 64, std::vector<std::uint8_t>(64 * 64, 255)};
    EXPECT_TRUE(scan_qr_codes(blank, 4).empty());
    GrayImage inconsistent{64, 64, {}};
    EXPECT_TRUE(scan_qr_codes(inconsistent, 4).empty());
}

} // namespace
} // namespace mikiwame::images

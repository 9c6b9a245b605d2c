// SPDX-License-Identifier: Apache-2.0
// PNG and JPEG pictures decoded to 8-bit grey, the form a QR scanner reads. The bytes come
// from the mail: the format is taken from the content (signature bytes), never the label, and
// the size is checked from the header before a single pixel is decoded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mikiwame::images {

struct GrayImage {
    std::size_t width = 0;
    std::size_t height = 0;
    std::vector<std::uint8_t> pixels; // width * height, row by row
};

enum class DecodeStatus { Ok, NotAnImage, TooManyPixels, Corrupt };

struct DecodeResult {
    DecodeStatus status = DecodeStatus::NotAnImage;
    GrayImage image;          // filled when status is Ok
    std::size_t pixels = 0;   // width * height from the header, when it was read
};

// "png", "jpeg", or "" for other bytes.
[[nodiscard]] std::string_view sniff_image(std::string_view bytes);

// Decodes a PNG or JPEG of at most `max_pixels` pixels (transparent pixels on white). A larger
// picture is TooManyPixels without decoding; broken data is Corrupt. Thread-safe, never
// throws (but std::bad_alloc), never prints.
[[nodiscard]] DecodeResult decode_image(std::string_view bytes, std::size_t max_pixels);

} // namespace mikiwame::images

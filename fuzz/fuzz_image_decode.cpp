// SPDX-License-Identifier: Apache-2.0
// Fuzz target: the bytes as a picture → decode_image (PNG through libpng, JPEG through
// libjpeg, chosen by the signature) → scan_qr_codes on what decoded. Checks that the decoded
// buffer is exactly width × height, that the pixel limit holds and that a payload fits a QR
// code, which turns a wrong size from a hostile header into a crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "images/image_decode.h"
#include "images/qr_scan.h"

namespace {
// Small enough that a fuzzer's picture decodes in microseconds, large enough for a real code.
constexpr std::size_t kMaxPixels = 512 * 512;
constexpr std::size_t kMaxQrPayload = 7089;
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const auto result = mikiwame::images::decode_image(bytes, kMaxPixels);
    if (result.status != mikiwame::images::DecodeStatus::Ok) {
        if (!result.image.pixels.empty()) std::abort();
        return 0;
    }
    const auto& image = result.image;
    if (image.pixels.size() != image.width * image.height || image.pixels.size() > kMaxPixels) std::abort();
    // A QR code holds at most 7089 characters (version 40, numeric): more means a reader bug.
    for (const auto& code : mikiwame::images::scan_qr_codes(image, 4))
        if (code.size() > kMaxQrPayload) std::abort();
    return 0;
}

// SPDX-License-Identifier: Apache-2.0
#include "images/image_decode.h"

#include <png.h>

#include <csetjmp>
#include <cstdio>
// jpeglib.h needs FILE and size_t declared before it.
#include <jpeglib.h>

namespace mikiwame::images {

namespace {

constexpr std::string_view kPngSignature{"\x89PNG\r\n\x1a\n", 8};
// A progressive JPEG may hold thousands of tiny scans, each a pass over the whole picture:
// libjpeg-turbo's own tools cap them too (djpeg -maxscans). Real pictures have about ten.
constexpr int kMaxJpegScans = 100;

DecodeResult decode_png(std::string_view bytes, std::size_t max_pixels) {
    DecodeResult result;
    png_image png{};
    png.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&png, bytes.data(), bytes.size())) {
        result.status = DecodeStatus::Corrupt;
        return result;
    }
    result.pixels = static_cast<std::size_t>(png.width) * png.height;
    if (png.width == 0 || png.height == 0 || result.pixels > max_pixels) {
        png_image_free(&png);
        result.status = result.pixels > max_pixels ? DecodeStatus::TooManyPixels : DecodeStatus::Corrupt;
        return result;
    }
    png.format = PNG_FORMAT_GRAY;
    result.image.width = png.width;
    result.image.height = png.height;
    result.image.pixels.resize(result.pixels);
    // A QR code drawn in black on a transparent canvas: composed on white, as a mail client shows it.
    png_color white{255, 255, 255};
    if (!png_image_finish_read(&png, &white, result.image.pixels.data(), 0, nullptr)) {
        png_image_free(&png);
        result.image = {};
        result.status = DecodeStatus::Corrupt;
        return result;
    }
    result.status = DecodeStatus::Ok;
    return result;
}

struct JpegErrors {
    jpeg_error_mgr manager;
    std::jmp_buf jump;
};

[[noreturn]] void jpeg_fail(j_common_ptr info) {
    std::longjmp(reinterpret_cast<JpegErrors*>(info->err)->jump, 1);
}

// Warnings about corrupt data are the mail's business, not the log's.
void jpeg_silent(j_common_ptr) {}

void jpeg_scan_guard(j_common_ptr info) {
    if (info->is_decompressor && reinterpret_cast<j_decompress_ptr>(info)->input_scan_number > kMaxJpegScans) jpeg_fail(info);
}

// The libjpeg calls between setjmp and longjmp: no object with a destructor is created here,
// so the jump skips none. `out` outlives the jump; it is resized only once the header is read.
DecodeStatus read_jpeg(jpeg_decompress_struct& info, JpegErrors& errors, std::string_view bytes, std::size_t max_pixels,
                       GrayImage& out, std::size_t& pixels) {
    info.err = jpeg_std_error(&errors.manager);
    errors.manager.error_exit = jpeg_fail;
    errors.manager.output_message = jpeg_silent;
    jpeg_progress_mgr progress{};
    progress.progress_monitor = jpeg_scan_guard;
    if (setjmp(errors.jump)) {
        jpeg_destroy_decompress(&info);
        return DecodeStatus::Corrupt;
    }
    jpeg_create_decompress(&info);
    info.progress = &progress;
    jpeg_mem_src(&info, reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<unsigned long>(bytes.size()));
    if (jpeg_read_header(&info, TRUE) != JPEG_HEADER_OK) {
        jpeg_destroy_decompress(&info);
        return DecodeStatus::Corrupt;
    }
    pixels = static_cast<std::size_t>(info.image_width) * info.image_height;
    if (pixels == 0 || pixels > max_pixels) {
        jpeg_destroy_decompress(&info);
        return pixels == 0 ? DecodeStatus::Corrupt : DecodeStatus::TooManyPixels;
    }
    info.out_color_space = JCS_GRAYSCALE;
    jpeg_start_decompress(&info);
    out.width = info.output_width;
    out.height = info.output_height;
    out.pixels.resize(out.width * out.height);
    while (info.output_scanline < info.output_height) {
        JSAMPROW row = out.pixels.data() + static_cast<std::size_t>(info.output_scanline) * out.width;
        if (jpeg_read_scanlines(&info, &row, 1) != 1) break;
    }
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    return DecodeStatus::Ok;
}

DecodeResult decode_jpeg(std::string_view bytes, std::size_t max_pixels) {
    DecodeResult result;
    jpeg_decompress_struct info{};
    JpegErrors errors{};
    result.status = read_jpeg(info, errors, bytes, max_pixels, result.image, result.pixels);
    if (result.status != DecodeStatus::Ok) result.image = {};
    return result;
}

} // namespace

std::string_view sniff_image(std::string_view bytes) {
    if (bytes.starts_with(kPngSignature)) return "png";
    if (bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xFF && static_cast<unsigned char>(bytes[1]) == 0xD8 &&
        static_cast<unsigned char>(bytes[2]) == 0xFF)
        return "jpeg";
    return {};
}

DecodeResult decode_image(std::string_view bytes, std::size_t max_pixels) {
    const std::string_view kind = sniff_image(bytes);
    if (kind == "png") return decode_png(bytes, max_pixels);
    if (kind == "jpeg") return decode_jpeg(bytes, max_pixels);
    return {};
}

} // namespace mikiwame::images

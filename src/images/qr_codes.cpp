// SPDX-License-Identifier: Apache-2.0
#include "images/qr_codes.h"

#include <fmt/format.h>

#include "base/base64.h"
#include "base/text.h"
#include "images/image_decode.h"
#include "images/qr_scan.h"

namespace mikiwame::images {

namespace {

constexpr std::size_t kMaxNameBytes = 80;
constexpr std::string_view kDataImagePrefix = "data:image/";
constexpr std::string_view kBase64Marker = ";base64,";

struct Picture {
    std::string_view bytes;  // encoded picture (for data: URLs, the base64 text)
    bool is_base64 = false;
    std::size_t size = 0;    // decoded size, as far as known
    std::string name;
};

std::string shown_name(const std::string& name) {
    return name.empty() ? std::string("an unnamed image") : "\"" + base::collapse_whitespace(base::truncate_utf8(name, kMaxNameBytes)) + "\"";
}

// The pictures of the mail, in part order: decoded parts whose content is a PNG or JPEG, then
// the data: URL images of the HTML parts (a lure without attachments draws its code inline).
std::vector<Picture> pictures_of(const message::Message& message) {
    std::vector<Picture> out;
    for (const auto& part : message.parts) {
        if (part.is_multipart || sniff_image(part.content).empty()) continue;
        Picture p;
        p.bytes = part.content;
        p.size = static_cast<std::size_t>(part.size);
        p.name = part.filename.value_or(part.content_id);
        out.push_back(std::move(p));
    }
    for (const auto& part : message.parts) {
        if (!part.html) continue;
        for (const auto& img : part.html->images) {
            const std::string_view src = img.src;
            if (!base::istarts_with_ascii(src, kDataImagePrefix)) continue;
            const auto marker = src.find(kBase64Marker);
            if (marker == std::string_view::npos) continue;
            Picture p;
            p.bytes = src.substr(marker + kBase64Marker.size());
            p.is_base64 = true;
            p.size = p.bytes.size() / 4 * 3;
            p.name = img.alt;
            out.push_back(std::move(p));
        }
    }
    return out;
}

} // namespace

QrFacts find_qr_codes(const message::Message& message, const Limits& limits, const base::Deadline& deadline) {
    QrFacts facts;
    std::vector<std::string> limit_lines;
    for (const Picture& picture : pictures_of(message)) {
        if (deadline.passed()) break;
        if (picture.size > limits.max_qr_image_bytes) {
            limit_lines.push_back(fmt::format("max_qr_image_bytes={}: {} not scanned for QR codes", limits.max_qr_image_bytes,
                                              shown_name(picture.name)));
            continue;
        }
        std::string decoded;
        std::string_view bytes = picture.bytes;
        if (picture.is_base64) {
            decoded = base::decode_base64_lenient(picture.bytes);
            bytes = decoded;
        }
        if (facts.images_scanned == limits.max_qr_images) {
            limit_lines.push_back(fmt::format("max_qr_images={}: further images not scanned for QR codes", limits.max_qr_images));
            break;
        }
        DecodeResult result = decode_image(bytes, limits.max_qr_image_pixels);
        if (result.status == DecodeStatus::TooManyPixels) {
            limit_lines.push_back(fmt::format("max_qr_image_pixels={}: {} not scanned for QR codes", limits.max_qr_image_pixels,
                                              shown_name(picture.name)));
            continue;
        }
        if (result.status != DecodeStatus::Ok) continue;
        if (result.image.width < kMinQrSide || result.image.height < kMinQrSide) continue;
        ++facts.images_scanned;
        for (auto& payload : scan_qr_codes(result.image, kMaxCodesPerImage)) facts.codes.push_back({std::move(payload), picture.name});
    }
    if (!limit_lines.empty()) facts.hits.push_back({"message.limit_exceeded", std::move(limit_lines)});
    return facts;
}

} // namespace mikiwame::images

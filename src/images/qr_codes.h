// SPDX-License-Identifier: Apache-2.0
// The images stage: QR codes in the pictures of a mail (PNG and JPEG attachments and inline
// parts, and data: URL images of the HTML), decoded within Limits::max_qr_images,
// max_qr_image_bytes and max_qr_image_pixels. The payloads go to link analysis as links
// found_in "qr", so that every URL finding applies to them.
#pragma once

#include <string>
#include <vector>

#include "base/deadline.h"
#include "base/finding_hit.h"
#include "message/message.h"
#include "mikiwame/limits.h"

namespace mikiwame::images {

struct QrCode {
    std::string payload; // as encoded: a URL, or any text
    std::string image;   // the picture's file name or Content-ID; "" for an unnamed one
};

struct QrFacts {
    std::vector<QrCode> codes;
    std::size_t images_scanned = 0;
    std::vector<base::FindingHit> hits; // message.limit_exceeded, naming the limit
};

// At most this many codes are kept from one picture.
constexpr std::size_t kMaxCodesPerImage = 4;
// Pictures smaller than this on either side cannot hold a QR code (21 modules): icons and
// tracking pixels are not decoded and do not count against max_qr_images.
constexpr std::size_t kMinQrSide = 21;

// Scans the pictures of `message` in part order. Stops when `deadline` passes. Never throws
// but std::bad_alloc; thread-safe.
[[nodiscard]] QrFacts find_qr_codes(const message::Message& message, const Limits& limits, const base::Deadline& deadline);

} // namespace mikiwame::images

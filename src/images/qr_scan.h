// SPDX-License-Identifier: Apache-2.0
// QR codes in a grey picture, read by zbar (QR symbols only: a bar code on a parcel label is
// not a link).
#pragma once

#include <string>
#include <vector>

#include "images/image_decode.h"

namespace mikiwame::images {

// The payloads of the QR codes in `image`, at most `max_codes`, in zbar's order. Thread-safe
// (a scanner per call); never throws but std::bad_alloc.
[[nodiscard]] std::vector<std::string> scan_qr_codes(const GrayImage& image, std::size_t max_codes);

} // namespace mikiwame::images

// SPDX-License-Identifier: Apache-2.0
#include "images/qr_scan.h"

#include <zbar.h>

#include <memory>

namespace mikiwame::images {

namespace {
struct ScannerDeleter {
    void operator()(zbar::zbar_image_scanner_t* s) const { zbar::zbar_image_scanner_destroy(s); }
};
struct ImageDeleter {
    void operator()(zbar::zbar_image_t* i) const { zbar::zbar_image_destroy(i); }
};
} // namespace

std::vector<std::string> scan_qr_codes(const GrayImage& image, std::size_t max_codes) {
    std::vector<std::string> codes;
    if (image.width == 0 || image.height == 0 || image.pixels.size() != image.width * image.height) return codes;
    std::unique_ptr<zbar::zbar_image_scanner_t, ScannerDeleter> scanner(zbar::zbar_image_scanner_create());
    std::unique_ptr<zbar::zbar_image_t, ImageDeleter> picture(zbar::zbar_image_create());
    if (!scanner || !picture) return codes;
    zbar::zbar_image_scanner_set_config(scanner.get(), zbar::ZBAR_NONE, zbar::ZBAR_CFG_ENABLE, 0);
    zbar::zbar_image_scanner_set_config(scanner.get(), zbar::ZBAR_QRCODE, zbar::ZBAR_CFG_ENABLE, 1);
    zbar::zbar_image_set_format(picture.get(), zbar_fourcc('Y', '8', '0', '0'));
    zbar::zbar_image_set_size(picture.get(), static_cast<unsigned>(image.width), static_cast<unsigned>(image.height));
    // zbar only reads the data; no cleanup handler, the vector keeps it alive.
    zbar::zbar_image_set_data(picture.get(), image.pixels.data(), image.pixels.size(), nullptr);
    if (zbar::zbar_scan_image(scanner.get(), picture.get()) <= 0) return codes;
    for (const zbar::zbar_symbol_t* s = zbar::zbar_image_first_symbol(picture.get()); s && codes.size() < max_codes;
         s = zbar::zbar_symbol_next(s)) {
        if (zbar::zbar_symbol_get_type(s) != zbar::ZBAR_QRCODE) continue;
        const char* data = zbar::zbar_symbol_get_data(s);
        if (data) codes.emplace_back(data, zbar::zbar_symbol_get_data_length(s));
    }
    return codes;
}

} // namespace mikiwame::images

// SPDX-License-Identifier: Apache-2.0
// Test helper: encodes UTF-8 text into a legacy charset with ICU, to build fixtures for the
// decoder (the decoder under test takes the other direction and our own label handling).
#pragma once

#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <stdexcept>
#include <string>

namespace mikiwame::testing {

inline std::string encode_charset(const std::string& utf8, const char* charset) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter* conv = ucnv_open(charset, &status);
    if (U_FAILURE(status)) throw std::runtime_error(std::string("no converter ") + charset);
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(utf8);
    std::string out(static_cast<std::size_t>(text.length()) * 4 + 16, '\0');
    int32_t len = text.extract(out.data(), static_cast<int32_t>(out.size()), conv, status);
    ucnv_close(conv);
    if (U_FAILURE(status)) throw std::runtime_error(std::string("cannot encode in ") + charset);
    out.resize(static_cast<std::size_t>(len));
    return out;
}

} // namespace mikiwame::testing

// SPDX-License-Identifier: Apache-2.0
#include "base/normalize.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "base/text.h"

namespace mikiwame::base {

std::string fold_for_matching(std::string_view utf8) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
    std::string clean = is_valid_utf8(utf8) ? std::string(utf8) : sanitize_utf8(utf8);
    if (U_FAILURE(status) || !nfkc_cf) return to_lower_ascii(clean);
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(clean);
    icu::UnicodeString folded = nfkc_cf->normalize(text, status);
    if (U_FAILURE(status)) return to_lower_ascii(clean);
    std::string out;
    folded.toUTF8String(out);
    return out;
}

} // namespace mikiwame::base

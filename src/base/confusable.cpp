// SPDX-License-Identifier: Apache-2.0
// One USpoofChecker for the process, configured once before first use: ICU documents checks
// and skeletons on a checker that is no longer modified as thread-safe, and opening one per
// call costs more than the lookup.
#include "base/confusable.h"

#include <unicode/uspoof.h>

#include <memory>

namespace mikiwame::base {

namespace {

struct SpoofCloser {
    void operator()(USpoofChecker* checker) const { uspoof_close(checker); }
};

const USpoofChecker* checker() {
    static const std::unique_ptr<USpoofChecker, SpoofCloser> instance = [] {
        UErrorCode status = U_ZERO_ERROR;
        USpoofChecker* c = uspoof_open(&status);
        if (U_FAILURE(status)) return std::unique_ptr<USpoofChecker, SpoofCloser>();
        uspoof_setChecks(c, USPOOF_RESTRICTION_LEVEL, &status);
        uspoof_setRestrictionLevel(c, USPOOF_MODERATELY_RESTRICTIVE);
        if (U_FAILURE(status)) {
            uspoof_close(c);
            return std::unique_ptr<USpoofChecker, SpoofCloser>();
        }
        return std::unique_ptr<USpoofChecker, SpoofCloser>(c);
    }();
    return instance.get();
}

} // namespace

std::optional<std::string> confusable_skeleton(std::string_view utf8) {
    const USpoofChecker* sc = checker();
    if (sc == nullptr || utf8.size() > kMaxSkeletonInputBytes) return std::nullopt;
    UErrorCode status = U_ZERO_ERROR;
    std::string out(utf8.size() * 4 + 16, '\0');
    int32_t length = uspoof_getSkeletonUTF8(sc, 0, utf8.data(), static_cast<int32_t>(utf8.size()), out.data(),
                                            static_cast<int32_t>(out.size()), &status);
    if (status == U_BUFFER_OVERFLOW_ERROR && length > 0) {
        status = U_ZERO_ERROR;
        out.assign(static_cast<std::size_t>(length) + 1, '\0');
        length = uspoof_getSkeletonUTF8(sc, 0, utf8.data(), static_cast<int32_t>(utf8.size()), out.data(),
                                        static_cast<int32_t>(out.size()), &status);
    }
    if (U_FAILURE(status) || length < 0) return std::nullopt;
    out.resize(static_cast<std::size_t>(length));
    return out;
}

bool fails_moderate_restriction(std::string_view word) {
    const USpoofChecker* sc = checker();
    if (sc == nullptr) return false;
    UErrorCode status = U_ZERO_ERROR;
    int32_t result = uspoof_checkUTF8(sc, word.data(), static_cast<int32_t>(word.size()), nullptr, &status);
    return U_SUCCESS(status) && (result & USPOOF_RESTRICTION_LEVEL) != 0;
}

std::string undo_typo_lookalikes(std::string_view label) {
    std::string out;
    for (std::size_t i = 0; i < label.size(); ++i) {
        char c = label[i];
        if (c == 'r' && i + 1 < label.size() && label[i + 1] == 'n') {
            out += 'm';
            ++i;
            continue;
        }
        if (c == 'v' && i + 1 < label.size() && label[i + 1] == 'v') {
            out += 'w';
            ++i;
            continue;
        }
        switch (c) {
        case '0': out += 'o'; break;
        case '1': out += 'l'; break;
        case '3': out += 'e'; break;
        case '5': out += 's'; break;
        case '-': break;
        default: out += c;
        }
    }
    return out;
}

} // namespace mikiwame::base

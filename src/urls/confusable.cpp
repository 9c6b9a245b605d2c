// SPDX-License-Identifier: Apache-2.0
// One USpoofChecker per thread: ICU documents uspoof_getSkeleton as thread-safe only for a
// checker that is not being modified, and opening one per call costs more than the lookup.
#include "urls/confusable.h"

#include <unicode/uspoof.h>

#include <memory>

#include "base/text.h"
#include "net/domain.h"

namespace mikiwame::urls {

namespace {

struct SpoofCloser {
    void operator()(USpoofChecker* checker) const { uspoof_close(checker); }
};

USpoofChecker* checker() {
    thread_local std::unique_ptr<USpoofChecker, SpoofCloser> instance = [] {
        UErrorCode status = U_ZERO_ERROR;
        USpoofChecker* sc = uspoof_open(&status);
        if (U_FAILURE(status)) sc = nullptr;
        return std::unique_ptr<USpoofChecker, SpoofCloser>(sc);
    }();
    return instance.get();
}

} // namespace

std::string confusable_skeleton(std::string_view host) {
    const std::string unicode = net::domain_to_unicode(host);
    USpoofChecker* sc = checker();
    if (sc == nullptr || unicode.size() > 4096) return base::to_lower_ascii(unicode);
    UErrorCode status = U_ZERO_ERROR;
    std::string out(unicode.size() * 4 + 16, '\0');
    int32_t length = uspoof_getSkeletonUTF8(sc, 0, unicode.data(), static_cast<int32_t>(unicode.size()),
                                            out.data(), static_cast<int32_t>(out.size()), &status);
    if (status == U_BUFFER_OVERFLOW_ERROR && length > 0) {
        status = U_ZERO_ERROR;
        out.assign(static_cast<std::size_t>(length) + 1, '\0');
        length = uspoof_getSkeletonUTF8(sc, 0, unicode.data(), static_cast<int32_t>(unicode.size()),
                                        out.data(), static_cast<int32_t>(out.size()), &status);
    }
    if (U_FAILURE(status) || length < 0) return base::to_lower_ascii(unicode);
    out.resize(static_cast<std::size_t>(length));
    return base::to_lower_ascii(out);
}

} // namespace mikiwame::urls

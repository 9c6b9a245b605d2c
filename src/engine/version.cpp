// SPDX-License-Identifier: Apache-2.0
#include "mikiwame/version.h"

namespace mikiwame {

const VersionInfo& version_info() noexcept {
    static constexpr VersionInfo info{MIKIWAME_VERSION, MIKIWAME_COMMIT};
    return info;
}

} // namespace mikiwame

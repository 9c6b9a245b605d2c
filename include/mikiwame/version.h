// SPDX-License-Identifier: Apache-2.0
// What build this is: the release version and the source commit it was built from.
#pragma once

#include <string_view>

namespace mikiwame {

struct VersionInfo {
    std::string_view version; // "0.1.0"
    std::string_view commit;  // short git commit at configure time, "unknown" outside git
};

const VersionInfo& version_info() noexcept;

} // namespace mikiwame

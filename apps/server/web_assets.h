// SPDX-License-Identifier: Apache-2.0
// The web page's files (apps/server/web), compiled into the binary by cmake/EmbedFiles.cmake.
#pragma once

#include <string_view>
#include <vector>

namespace mikiwame::server {

struct Asset {
    std::string_view path; // "/app.js"
    std::string_view content_type;
    std::string_view body;
};

const std::vector<Asset>& web_assets();

} // namespace mikiwame::server

// SPDX-License-Identifier: Apache-2.0
#include "read_input.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

namespace mikiwame::cli {

Result<std::string> read_input(const std::string& path, std::size_t hard_cap_bytes) {
    bool from_stdin = path == "-";
    std::FILE* file = from_stdin ? stdin : std::fopen(path.c_str(), "rb");
    if (!file) return make_error(ErrorCode::CannotOpen, std::strerror(errno), path);
    std::string data;
    char buffer[1 << 16];
    for (;;) {
        std::size_t n = std::fread(buffer, 1, sizeof buffer, file);
        if (n == 0) break;
        if (data.size() + n > hard_cap_bytes) {
            if (!from_stdin) std::fclose(file);
            return make_error(ErrorCode::InputRejected,
                              fmt::format("input larger than {} bytes (4 x max_message_bytes)", hard_cap_bytes), path);
        }
        data.append(buffer, n);
    }
    bool failed = std::ferror(file) != 0;
    if (!from_stdin) std::fclose(file);
    if (failed) return make_error(ErrorCode::CannotOpen, "read error", path);
    return data;
}

} // namespace mikiwame::cli

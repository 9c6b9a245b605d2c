// SPDX-License-Identifier: Apache-2.0
#include "output.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace mikiwame::cli {

bool write_stdout(std::string_view text) {
    if (text.empty()) return true;
    return std::fwrite(text.data(), 1, text.size(), stdout) == text.size();
}

bool flush_stdout() {
    return std::fflush(stdout) == 0 && std::ferror(stdout) == 0;
}

int write_failed() {
    int saved = errno;
    std::fprintf(stderr, "mikiwame: write error: %s\n", saved ? std::strerror(saved) : "output failed");
    return 74;
}

} // namespace mikiwame::cli

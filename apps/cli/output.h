// SPDX-License-Identifier: Apache-2.0
// Standard output that notices write errors: a full disk or a closed pipe is exit 74
// (EX_IOERR), not a silent success. Everything the CLI prints as its result goes through here.
#pragma once

#include <string>
#include <string_view>

namespace mikiwame::cli {

// Writes all of `text` to standard output; false (with errno set) on a write error.
[[nodiscard]] bool write_stdout(std::string_view text);
// Flushes standard output; false (with errno set) on a write error.
[[nodiscard]] bool flush_stdout();
// Prints "mikiwame: write error: <strerror>" and returns 74.
int write_failed();

} // namespace mikiwame::cli

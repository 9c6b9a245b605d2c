// SPDX-License-Identifier: Apache-2.0
// Reads a message from a file or standard input, refusing inputs larger than a hard cap so
// that memory stays bounded whatever is piped in.
#pragma once

#include <cstddef>
#include <string>

#include "mikiwame/result.h"

namespace mikiwame::cli {

[[nodiscard]] Result<std::string> read_input(const std::string& path, std::size_t hard_cap_bytes);

} // namespace mikiwame::cli

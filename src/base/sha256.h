// SPDX-License-Identifier: Apache-2.0
// SHA-256 of a byte string as lower-case hex (OpenSSL EVP). Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace mikiwame::base {

std::string sha256_hex(std::string_view bytes);

} // namespace mikiwame::base

// SPDX-License-Identifier: Apache-2.0
#include "base/sha256.h"

#include <openssl/evp.h>

#include "base/text.h"

namespace mikiwame::base {

std::string sha256_hex(std::string_view bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_len = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest, &digest_len, EVP_sha256(), nullptr) != 1)
        return {};
    return to_hex(std::string_view(reinterpret_cast<const char*>(digest), digest_len));
}

} // namespace mikiwame::base

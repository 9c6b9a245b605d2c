// SPDX-License-Identifier: Apache-2.0
// Fuzz target: the content model loader (docs/model.md). A model file may be damaged or not a
// model at all; it must be refused with an error, never crash or allocate without bound. The
// input is read twice: as it is (almost always stopped by the checksum) and with a valid
// checksum appended, so the fuzzer reaches the header and token records behind it. A model
// that loads judges a few tokens.
#include <cstdint>
#include <string>
#include <string_view>

#include "base/sha256.h"
#include "model/content_model.h"

namespace {

std::string with_checksum(std::string_view bytes) {
    std::string out(bytes);
    const std::string hex = mikiwame::base::sha256_hex(bytes);
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    return out;
}

void load(std::string_view bytes) {
    auto model = mikiwame::model::ContentModel::parse(bytes, "fuzz");
    if (!model) return;
    std::vector<mikiwame::model::Token> tokens;
    for (std::string text : {"password", "link:example.com", "from@example.com"})
        tokens.push_back({mikiwame::model::token_hash(text), text});
    (void)model->judge(tokens);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    load(bytes);
    load(with_checksum(bytes));
    return 0;
}

// SPDX-License-Identifier: Apache-2.0
// Reads a message from a file or standard input, refusing inputs larger than a hard cap so
// that memory stays bounded whatever is piped in. A regular file is mapped rather than copied:
// on a 100 MB message the copy and its page faults were most of the CLI's time.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "mikiwame/result.h"

namespace mikiwame::cli {

class InputBytes {
public:
    InputBytes() = default;
    explicit InputBytes(std::string owned) : owned_(std::move(owned)), view_(owned_) {}
    InputBytes(const void* mapped, std::size_t size);
    InputBytes(InputBytes&& other) noexcept;
    InputBytes& operator=(InputBytes&&) = delete;
    InputBytes(const InputBytes&) = delete;
    ~InputBytes();

    [[nodiscard]] std::string_view bytes() const { return view_; }

private:
    std::string owned_;
    const void* mapped_ = nullptr;
    std::size_t mapped_size_ = 0;
    std::string_view view_;
};

[[nodiscard]] Result<InputBytes> read_input(const std::string& path, std::size_t hard_cap_bytes);

} // namespace mikiwame::cli

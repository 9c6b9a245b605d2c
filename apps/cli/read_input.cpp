// SPDX-License-Identifier: Apache-2.0
#include "read_input.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

namespace mikiwame::cli {

InputBytes::InputBytes(const void* mapped, std::size_t size)
    : mapped_(mapped), mapped_size_(size), view_(static_cast<const char*>(mapped), size) {}

InputBytes::InputBytes(InputBytes&& other) noexcept
    : owned_(std::move(other.owned_)), mapped_(other.mapped_), mapped_size_(other.mapped_size_) {
    view_ = mapped_ ? std::string_view(static_cast<const char*>(mapped_), mapped_size_) : std::string_view(owned_);
    other.mapped_ = nullptr;
    other.mapped_size_ = 0;
    other.view_ = {};
}

InputBytes::~InputBytes() {
    if (mapped_) munmap(const_cast<void*>(mapped_), mapped_size_);
}

namespace {

Unexpected<Error> too_large(std::size_t hard_cap_bytes, const std::string& path) {
    return make_error(ErrorCode::InputRejected,
                      fmt::format("input larger than {} bytes (4 x max_message_bytes)", hard_cap_bytes), path);
}

Result<InputBytes> read_stream(std::FILE* file, std::size_t hard_cap_bytes, const std::string& path) {
    std::string data;
    char buffer[1 << 16];
    for (;;) {
        std::size_t n = std::fread(buffer, 1, sizeof buffer, file);
        if (n == 0) break;
        if (data.size() + n > hard_cap_bytes) return too_large(hard_cap_bytes, path);
        data.append(buffer, n);
    }
    if (std::ferror(file) != 0) return make_error(ErrorCode::CannotOpen, "read error", path);
    return InputBytes(std::move(data));
}

} // namespace

Result<InputBytes> read_input(const std::string& path, std::size_t hard_cap_bytes) {
    if (path == "-") return read_stream(stdin, hard_cap_bytes, path);
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return make_error(ErrorCode::CannotOpen, std::strerror(errno), path);
    struct stat info {};
    if (fstat(fd, &info) != 0) {
        int saved = errno;
        close(fd);
        return make_error(ErrorCode::CannotOpen, std::strerror(saved), path);
    }
    if (S_ISDIR(info.st_mode)) {
        close(fd);
        return make_error(ErrorCode::CannotOpen, "is a directory", path);
    }
    if (S_ISREG(info.st_mode)) {
        auto size = static_cast<std::size_t>(info.st_size);
        if (size > hard_cap_bytes) {
            close(fd);
            return too_large(hard_cap_bytes, path);
        }
        if (size == 0) {
            close(fd);
            return InputBytes(std::string());
        }
        void* mapped = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
        close(fd);
        if (mapped == MAP_FAILED) return make_error(ErrorCode::CannotOpen, std::strerror(errno), path);
        return InputBytes(mapped, size);
    }
    // Pipes, FIFOs and character devices are read as a stream.
    std::FILE* file = fdopen(fd, "rb");
    if (!file) {
        close(fd);
        return make_error(ErrorCode::CannotOpen, std::strerror(errno), path);
    }
    auto result = read_stream(file, hard_cap_bytes, path);
    std::fclose(file);
    return result;
}

} // namespace mikiwame::cli

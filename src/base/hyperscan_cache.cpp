// SPDX-License-Identifier: Apache-2.0
#include "base/hyperscan_cache.h"

#include <hs/hs.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <random>

#include <fmt/format.h>

#include "base/sha256.h"

namespace mikiwame::base {

namespace {

// An entry file: a header of four lines, then the caller's extra bytes and the serialised
// database. The SHA-256 covers both, the key says what was compiled.
constexpr std::string_view kMagic = "mikiwame-hyperscan-cache 1\n";
constexpr std::size_t kMaxEntryBytes = std::size_t{256} << 20; // far above any of ours; a bound on a hostile file

std::string read_file(const std::filesystem::path& path, bool& found) {
    found = false;
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    if (size < 0 || static_cast<std::size_t>(size) > kMaxEntryBytes) {
        found = true;
        return {};
    }
    in.seekg(0);
    std::string bytes(static_cast<std::size_t>(size), '\0');
    in.read(bytes.data(), size);
    found = true;
    if (!in) return {};
    return bytes;
}

// Cuts one '\n'-terminated line off the front of `rest`.
bool take_line(std::string_view& rest, std::string_view& line) {
    const std::size_t end = rest.find('\n');
    if (end == std::string_view::npos) return false;
    line = rest.substr(0, end);
    rest.remove_prefix(end + 1);
    return true;
}

// The cached database when `bytes` is a sound entry for `key`; nullopt otherwise.
std::optional<CompiledDatabase> parse_entry(std::string_view bytes, std::string_view key, bool& stale) {
    stale = false;
    if (bytes.substr(0, kMagic.size()) != kMagic) return std::nullopt;
    std::string_view rest = bytes.substr(kMagic.size());
    std::string_view stored_key, checksum, extra_size_text;
    if (!take_line(rest, stored_key) || !take_line(rest, checksum) || !take_line(rest, extra_size_text)) return std::nullopt;
    if (stored_key != key) {
        stale = stored_key.size() == key.size();
        return std::nullopt;
    }
    if (sha256_hex(rest) != checksum) return std::nullopt;
    std::size_t extra_size = 0;
    for (char c : extra_size_text) {
        if (c < '0' || c > '9' || extra_size > rest.size()) return std::nullopt;
        extra_size = extra_size * 10 + static_cast<std::size_t>(c - '0');
    }
    if (extra_size_text.empty() || extra_size > rest.size()) return std::nullopt;
    const std::string_view serialized = rest.substr(extra_size);
    hs_database_t* db = nullptr;
    if (serialized.empty() || hs_deserialize_database(serialized.data(), serialized.size(), &db) != HS_SUCCESS) return std::nullopt;
    CompiledDatabase out;
    out.database = HsDatabase(db);
    out.extra = std::string(rest.substr(0, extra_size));
    return out;
}

// Writes the entry beside its final name and renames it into place; false when it cannot.
bool store_entry(const std::filesystem::path& dir, const std::filesystem::path& path, std::string_view key,
                 const CompiledDatabase& compiled) {
    char* serialized = nullptr;
    std::size_t length = 0;
    if (hs_serialize_database(compiled.database.get(), &serialized, &length) != HS_SUCCESS) return false;
    std::unique_ptr<char, decltype(&std::free)> owned(serialized, &std::free);
    std::string payload = compiled.extra;
    payload.append(serialized, length);
    std::string entry(kMagic);
    entry += key;
    entry += '\n';
    entry += sha256_hex(payload);
    entry += '\n';
    entry += std::to_string(compiled.extra.size());
    entry += '\n';
    entry += payload;

    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return false;
    std::random_device random;
    const std::filesystem::path temporary = path.string() + fmt::format(".{:08x}.tmp", random());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) return false;
        out.write(entry.data(), static_cast<std::streamsize>(entry.size()));
        out.close();
        if (!out) {
            std::filesystem::remove(temporary, ec);
            return false;
        }
    }
    std::filesystem::rename(temporary, path, ec);
    if (ec) {
        std::filesystem::remove(temporary, ec);
        return false;
    }
    return true;
}

} // namespace

std::string hyperscan_platform_key() {
    hs_platform_info_t platform{};
    hs_populate_platform(&platform);
    return fmt::format("hyperscan {} tune {} features {:x}", hs_version(), platform.tune, platform.cpu_features);
}

HsCache::HsCache(std::filesystem::path dir) : dir_(std::move(dir)) {}

std::filesystem::path HsCache::entry_path(std::string_view name) const {
    return dir_ / (std::string(name) + ".hsdb");
}

HsCacheCounts HsCache::counts() const noexcept {
    return {hits_.load(), misses_.load(), stale_.load(), rejected_.load(), unwritable_.load()};
}

Result<CompiledDatabase> HsCache::get_or_compile(std::string_view name, std::string_view key_material, const Compile& compile) const {
    if (dir_.empty()) return compile();
    std::string material(key_material);
    material += '\0';
    material += hyperscan_platform_key();
    const std::string key = sha256_hex(material);
    const std::filesystem::path path = entry_path(name);
    bool found = false;
    const std::string bytes = read_file(path, found);
    if (found) {
        bool stale = false;
        if (auto cached = parse_entry(bytes, key, stale)) {
            ++hits_;
            return std::move(*cached);
        }
        ++(stale ? stale_ : rejected_);
    } else {
        ++misses_;
    }
    auto compiled = compile();
    if (!compiled) return compiled;
    if (!store_entry(dir_, path, key, *compiled)) ++unwritable_;
    return compiled;
}

} // namespace mikiwame::base

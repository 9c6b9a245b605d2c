// SPDX-License-Identifier: Apache-2.0
// Fuzz target: the bytes as a pattern-cache entry file (base/hyperscan_cache.h) → the cache
// must either use an entry that is sound for its key or compile again; the database it returns
// must always find the pattern, and nothing may crash or read out of bounds (a damaged cache
// file is hostile input like any other). The first bytes choose whether the entry claims the
// right key, so the fuzzer reaches the checksum and Hyperscan's own deserialisation.
#include <hs/hs.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "base/hyperscan_cache.h"
#include "base/sha256.h"

namespace {

mikiwame::Result<mikiwame::base::CompiledDatabase> compile() {
    hs_database_t* db = nullptr;
    hs_compile_error_t* error = nullptr;
    if (hs_compile("kagoya", 0, HS_MODE_BLOCK, nullptr, &db, &error) != HS_SUCCESS) {
        hs_free_compile_error(error);
        std::abort();
    }
    mikiwame::base::CompiledDatabase out;
    out.database = mikiwame::base::HsDatabase(db);
    out.extra = "x";
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("mikiwame-fuzz-cache-" + std::to_string(::getpid()));
    std::string bytes(reinterpret_cast<const char*>(data), size);
    const std::string key = mikiwame::base::sha256_hex(std::string("k") + '\0' + mikiwame::base::hyperscan_platform_key());
    // "K…": the entry's key line is the right one, so the rest of the file is judged.
    if (!bytes.empty() && bytes[0] == 'K') bytes = "mikiwame-hyperscan-cache 1\n" + key + "\n" + bytes.substr(1);
    std::filesystem::create_directories(dir);
    mikiwame::base::HsCache cache(dir);
    std::ofstream(cache.entry_path("f"), std::ios::binary | std::ios::trunc) << bytes;
    auto loaded = cache.get_or_compile("f", "k", compile);
    if (!loaded || loaded->database.empty()) std::abort();
    mikiwame::base::HsScratch scratch;
    if (!scratch.reserve(loaded->database)) std::abort();
    bool found = false;
    auto on_match = [](unsigned, unsigned long long, unsigned long long, void* user) {
        *static_cast<bool*>(user) = true;
        return true;
    };
    if (!loaded->database.scan("at kagoya", scratch, on_match, &found) || !found) std::abort();
    return 0;
}

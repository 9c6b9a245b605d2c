// SPDX-License-Identifier: Apache-2.0
// Compiled Hyperscan databases kept between runs. Compiling the phrase and brand databases is
// most of a one-shot `analyze`'s start (docs/performance.md); a serialised database loads in
// a fraction of that. Each entry is keyed by everything its compile depends on (the
// expressions, flags, ids and mode as the caller gives them, the Hyperscan version and the
// host's CPU features), so data that changed, another Hyperscan or another CPU never finds a
// stale entry: it misses and compiles. An entry is verified (magic, key, SHA-256 of the
// payload, then Hyperscan's own checks) before it is used; anything that does not verify is
// compiled again and overwritten, never trusted. Writes go through a temporary file and a
// rename, so concurrent processes share a directory safely.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "base/hyperscan.h"
#include "mikiwame/result.h"

namespace mikiwame::base {

// A compiled database with the caller's own bytes stored beside it (e.g. which patterns lost
// start-of-match tracking while compiling).
struct CompiledDatabase {
    HsDatabase database;
    std::string extra;
};

struct HsCacheCounts {
    unsigned hits = 0;
    unsigned misses = 0;   // no entry: compiled and stored
    unsigned stale = 0;    // an entry for other inputs (data, Hyperscan or CPU changed): compiled again
    unsigned rejected = 0; // an entry that did not verify (corrupt, truncated, foreign): compiled again
    unsigned unwritable = 0; // compiled but could not be stored (read-only directory…)
};

class HsCache {
public:
    // `dir` empty: no cache (every database is compiled). The directory is created on the first
    // store; one that cannot be created or written only costs the store (counts().unwritable).
    explicit HsCache(std::filesystem::path dir = {});
    HsCache(const HsCache&) = delete;
    HsCache& operator=(const HsCache&) = delete;

    // The database for `key_material` (all the compile's inputs, serialised by the caller):
    // loaded from the cache when a verified entry exists, else `compile()`d and stored.
    // `name` names the file (e.g. "phrases") so a directory listing says what is what.
    using Compile = std::function<Result<CompiledDatabase>()>;
    [[nodiscard]] Result<CompiledDatabase> get_or_compile(std::string_view name, std::string_view key_material,
                                                          const Compile& compile) const;

    const std::filesystem::path& dir() const noexcept { return dir_; }
    HsCacheCounts counts() const noexcept;
    // The entry file of `name` (tests corrupt it).
    std::filesystem::path entry_path(std::string_view name) const;

private:
    std::filesystem::path dir_;
    mutable std::atomic<unsigned> hits_{0}, misses_{0}, stale_{0}, rejected_{0}, unwritable_{0};
};

// The Hyperscan version and host CPU features, part of every key.
std::string hyperscan_platform_key();

} // namespace mikiwame::base

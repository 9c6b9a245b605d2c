// SPDX-License-Identifier: Apache-2.0
// The local phishing-URL store (`mikiwame intel`): feeds imported into an SQLite file that the
// engine consults for url.known_phish (EngineOptions::intel_db).
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mikiwame/result.h"

namespace mikiwame {

struct FeedImportStats {
    std::size_t read = 0;
    std::size_t inserted = 0;
    std::size_t duplicates = 0;
    std::vector<std::size_t> rejected_lines; // 1-based
};

struct IntelMatch {
    std::string match;       // "exact URL", "host", "registrable domain"
    std::string listed;      // the URL, or the host/domain the feed listed
    std::string source;
    std::string listed_at;
    std::string description;
};

struct IntelEntry {
    std::string listed;      // the URL, or the host/domain the feed listed bare
    std::string source;
    std::string listed_at;
    std::string description;
};

struct IntelFeedMonth {
    std::string source;
    std::string month; // "2024-11"
    std::size_t entries = 0;
};

class IntelStore {
public:
    // Writable: creates the file and its directories when missing (CannotOpen on failure).
    // Read-only: the file must exist and be a phishing-URL database (Config otherwise).
    [[nodiscard]] static Result<IntelStore> open(const std::filesystem::path& path, bool writable);
    IntelStore(IntelStore&&) noexcept;
    IntelStore& operator=(IntelStore&&) noexcept;
    ~IntelStore();

    [[nodiscard]] Result<FeedImportStats> import_file(const std::filesystem::path& feed);
    // Strong matches for a URL (what url.known_phish reports).
    [[nodiscard]] std::vector<IntelMatch> lookup(std::string_view url) const;
    [[nodiscard]] std::size_t count() const;
    // Newest first; `source` empty: every feed; `limit` 0: all.
    [[nodiscard]] Result<std::vector<IntelEntry>> list(std::string_view source, std::size_t limit) const;
    // Removes the entries that listed `entry` (URL, or bare host/domain); how many.
    [[nodiscard]] Result<std::size_t> remove(std::string_view entry);
    [[nodiscard]] Result<std::size_t> remove_source(std::string_view source);
    [[nodiscard]] Result<std::vector<IntelFeedMonth>> stats() const;

private:
    struct Impl;
    explicit IntelStore(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace mikiwame

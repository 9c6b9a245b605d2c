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

private:
    struct Impl;
    explicit IntelStore(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace mikiwame

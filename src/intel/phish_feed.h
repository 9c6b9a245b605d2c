// SPDX-License-Identifier: Apache-2.0
// Local phishing intelligence: URLs from imported feeds (JPCERT/CC phishurl-list CSV, plain URL
// or domain lists) in an SQLite file, keyed by exact URL, host and registrable domain, with the
// feed's source and date kept. Importing is idempotent. A database opened read-only serves
// lookups from several threads (SQLite serialized mode).
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mikiwame/result.h"

namespace mikiwame::intel {

struct ImportStats {
    std::size_t read = 0;       // entry lines seen (header and comments excluded)
    std::size_t inserted = 0;
    std::size_t duplicates = 0; // already in the database from the same source
    std::vector<std::size_t> rejected_lines; // 1-based line numbers that held no URL or domain
};

enum class MatchKind { ExactUrl, Host, RegistrableDomain };
const char* to_string(MatchKind kind);

struct PhishEntry {
    std::string url;
    std::string host;
    std::string registrable_domain;
    std::string description; // e.g. the impersonated brand
    std::string source;      // feed file name
    std::string listed_at;   // as the feed wrote it
    MatchKind match = MatchKind::ExactUrl;
};

// $XDG_DATA_HOME/mikiwame/intel.sqlite, else ~/.local/share/mikiwame/intel.sqlite.
std::filesystem::path default_intel_db_path();

// The host and registrable domain a feed line names (a URL or a bare domain); empty host when
// the line names neither. Exposed for tests.
struct FeedKey {
    std::string url;  // trimmed URL with lower-cased scheme and host; "" for a bare domain
    std::string host;
    std::string registrable_domain;
};
[[nodiscard]] FeedKey parse_feed_key(std::string_view text);

class PhishDatabase {
public:
    // Opens (creating file and schema when `writable`) the database at `path`.
    [[nodiscard]] static Result<PhishDatabase> open(const std::filesystem::path& path, bool writable);
    PhishDatabase(PhishDatabase&&) noexcept;
    PhishDatabase& operator=(PhishDatabase&&) noexcept;
    ~PhishDatabase();

    // Imports one feed file in one transaction.
    [[nodiscard]] Result<ImportStats> import_file(const std::filesystem::path& feed);
    // Entries matching the URL exactly, its host, or its registrable domain — the last only for
    // entries that list a whole registrable domain (a feed line "https://bad.example/"), since a
    // match on a shared-hosting suffix would say nothing.
    [[nodiscard]] std::vector<PhishEntry> lookup(std::string_view url) const;
    [[nodiscard]] std::size_t count() const;

private:
    struct Impl;
    explicit PhishDatabase(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace mikiwame::intel

// SPDX-License-Identifier: Apache-2.0
// Local phishing intelligence: URLs from imported feeds (JPCERT/CC phishurl-list CSV, plain URL
// or domain lists) in an SQLite file, keyed by exact URL, host and registrable domain, with the
// feed's source and date kept. Importing is idempotent. Parsing a feed (FeedReader) is separate
// from storing it, so the parser of untrusted feed bytes can be tested and fuzzed on its own.
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
    std::size_t read = 0;       // entry lines seen (header, blank lines and comments excluded)
    std::size_t inserted = 0;
    std::size_t duplicates = 0; // already in the database from the same source, or repeated in the file
    std::vector<std::size_t> rejected_lines; // 1-based line numbers that held no URL or domain
};

// Which key of a looked-up link matched a feed entry, strongest first.
enum class MatchKind { ExactUrl, Host, RegistrableDomain };
// Human wording used in report evidence ("exact URL", "host", "registrable domain").
const char* to_string(MatchKind kind);
// Stable identifier for machine output ("exact_url", "host", "registrable_domain").
const char* match_kind_id(MatchKind kind);

struct PhishEntry {
    std::string url;                // "" when the feed listed a bare host or domain
    std::string host;
    std::string registrable_domain;
    std::string description;        // e.g. the impersonated brand
    std::string source;             // feed file name
    std::string listed_at;          // as the feed wrote it; file date for plain lists
    MatchKind match = MatchKind::ExactUrl;
    // The feed listed the whole registrable domain (a bare domain, or only the site's root).
    bool whole_domain_listed = false;
    // A registrable-domain match on an entry that listed one page or host only, or a host match
    // on a shared host (PhishDatabase::set_shared_hosts). Shared and free hosting put unrelated
    // sites under one host or registrable domain when the public-suffix list does not know the
    // provider, so such a match is a hint, not a listing of this link.
    bool weak = false;
};


// The keys of a feed line or a looked-up link (a URL or a bare host/domain). Empty host when the
// text names neither. Deliberately minimal (scheme, authority, rest): the full WHATWG parser lives
// in the urls stage, which intel must not depend on.
struct FeedKey {
    std::string url;  // lower-cased scheme and host, default port and userinfo dropped, path "/"
                      // when empty; "" for a bare host or domain
    std::string host; // lower-cased A-label, or the canonical text of an IP address
    std::string registrable_domain;
};
[[nodiscard]] FeedKey parse_feed_key(std::string_view text);

// One entry of a feed, ready to store.
struct FeedRecord {
    FeedKey key;
    bool whole_domain = false;
    std::string description;
    std::string listed_at;
};

// Reads a feed one line at a time. The first line decides the format: a `date,URL,...` header
// means JPCERT/CC phishurl-list CSV; anything else is a plain list of URLs or domains with `#`
// comments (hosts-file lines `0.0.0.0 name` are accepted too).
class FeedReader {
public:
    enum class LineKind { Entry, Skipped, Rejected };
    // `line` without its line feed; a CR before it and a UTF-8 BOM on the first line are removed.
    // Fills `out` when the result is Entry.
    [[nodiscard]] LineKind read_line(std::string_view line, FeedRecord& out);
    std::size_t line_number() const { return line_number_; }
    bool is_jpcert_csv() const { return csv_; }

private:
    std::size_t line_number_ = 0;
    bool csv_ = false;
};

struct FeedMonth {
    std::string source;
    std::string month; // "2024-11" (the first 7 characters of listed_at)
    std::size_t entries = 0;
    std::string first_listed, last_listed;
};

class PhishDatabase {
public:
    // Opens the database at `path`. Writable: creates the directories, the file and the schema
    // (CannotOpen when that fails). Read-only: the file must exist and hold the schema (Config
    // otherwise); such a handle serves lookups from several threads (SQLite serialized mode).
    [[nodiscard]] static Result<PhishDatabase> open(const std::filesystem::path& path, bool writable = true);
    PhishDatabase(PhishDatabase&&) noexcept;
    PhishDatabase& operator=(PhishDatabase&&) noexcept;
    ~PhishDatabase();

    // Imports one feed file in one transaction; nothing is stored when it fails.
    [[nodiscard]] Result<ImportStats> import_file(const std::filesystem::path& feed);

    // Entries matching the link, strongest first (at most 50): exact URL, host, then
    // registrable domain. `host` and `registrable_domain` come from the caller's URL parser;
    // empty ones are derived from `url`. Weak registrable-domain matches are included and
    // marked (PhishEntry::weak).
    [[nodiscard]] std::vector<PhishEntry> lookup(std::string_view url, std::string_view host,
                                                 std::string_view registrable_domain) const;
    // Strong matches only (no weak ones), keys derived from `url`: what url.known_phish uses.
    [[nodiscard]] std::vector<PhishEntry> lookup(std::string_view url) const;
    [[nodiscard]] std::size_t count() const;
    // Entries (newest first) of one feed or of all (`source` empty); `limit` 0: all.
    [[nodiscard]] Result<std::vector<PhishEntry>> list(std::string_view source, std::size_t limit) const;
    // Removes the entries that listed `entry` (a URL: that URL; a bare host/domain: entries that
    // listed it bare); the number removed. Usage error when `entry` names no URL or domain.
    [[nodiscard]] Result<std::size_t> remove(std::string_view entry);
    // Removes every entry of one feed; the number removed.
    [[nodiscard]] Result<std::size_t> remove_source(std::string_view source);
    // Entries per feed and month of listing.
    [[nodiscard]] Result<std::vector<FeedMonth>> stats() const;

    // Hosts that serve many unrelated sites with the tenant in the path (shorteners such as
    // t.co, form and file hosting such as docs.google.com), e.g. from data/lists/shorteners.txt
    // and free_hosting.txt. A host or registrable-domain match on one of them says nothing about
    // the other pages there, so it is weak. Call before the handle is shared between threads.
    void set_shared_hosts(const std::vector<std::string>& hosts);

private:
    struct Impl;
    explicit PhishDatabase(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// A read-only connection of one analysis thread (an AnalysisContext): its own SQLite handle
// without a mutex and the lookup statement prepared once. Not to be shared between threads.
class PhishReader {
public:
    // `shared_hosts` as for PhishDatabase::set_shared_hosts. Config error when `path` is not a
    // readable phishing-URL database.
    [[nodiscard]] static Result<PhishReader> open(const std::filesystem::path& path,
                                                  const std::vector<std::string>& shared_hosts);
    PhishReader(PhishReader&&) noexcept;
    PhishReader& operator=(PhishReader&&) noexcept;
    ~PhishReader();

    // Strong matches only, as PhishDatabase::lookup(url); an SQLite failure is an error.
    [[nodiscard]] Result<std::vector<PhishEntry>> lookup_strong(std::string_view url);

private:
    struct Impl;
    explicit PhishReader(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace mikiwame::intel

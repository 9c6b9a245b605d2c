// SPDX-License-Identifier: Apache-2.0
// The server's history of analyses in SQLite ([serve] history_db): each report whole (for any
// format later), the columns the page searches by, and the raw mail only when store_raw asks.
// One connection behind a mutex: an insert or a page of the list takes microseconds beside an
// analysis' milliseconds.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "mikiwame/report.h"
#include "mikiwame/result.h"

struct sqlite3;

namespace mikiwame::server {

// One row of the history list (no report body).
struct ReportSummary {
    std::string id;
    std::int64_t created = 0; // seconds since the epoch, UTC
    std::string verdict;
    double score = 0;
    std::string subject;
    std::string brands;         // claimed brands' display names, ", "-joined
    std::string sender_domain;  // the From address's registrable domain
    std::string origin_country; // ISO code, "" when unknown
    std::string sha256;
    std::uint64_t size = 0;
    bool raw_stored = false;
};

struct StoredReport {
    ReportSummary summary;
    Report report;
    std::optional<std::string> raw;
};

// Search filters; empty ones match all. brand matches a claimed brand's id or either name.
struct ReportQuery {
    std::string verdict;
    std::string brand;
    std::string sender_domain;
    std::string origin_country;
    std::size_t limit = 20;
    std::size_t offset = 0;
};

struct ReportPage {
    std::size_t total = 0;
    std::vector<ReportSummary> items; // newest first
};

class ReportStore {
public:
    // Opens or creates the database (parent directory made when missing). ":memory:" is a
    // private in-memory database. CannotOpen with the path when SQLite refuses it.
    [[nodiscard]] static Result<std::unique_ptr<ReportStore>> open(const std::filesystem::path& path);
    ~ReportStore();
    ReportStore(const ReportStore&) = delete;
    ReportStore& operator=(const ReportStore&) = delete;

    // A new id: 32 hex digits from OpenSSL's generator (nullopt if it fails, as it should
    // not): ids are unguessable, so one report's id does not lead to the next.
    [[nodiscard]] static std::optional<std::string> new_id();
    // The summary columns of `report` (id and created are the caller's).
    [[nodiscard]] static ReportSummary summarize(const Report& report);

    [[nodiscard]] Result<bool> insert(const StoredReport& stored);
    // nullopt when there is no such id; an error when the row cannot be read.
    [[nodiscard]] Result<std::optional<StoredReport>> get(const std::string& id);
    [[nodiscard]] Result<ReportPage> list(const ReportQuery& query);
    // true when a report was deleted.
    [[nodiscard]] Result<bool> remove(const std::string& id);
    // Deletes reports created before `cutoff` (epoch seconds); the number deleted.
    [[nodiscard]] Result<std::size_t> purge_before(std::int64_t cutoff);
    [[nodiscard]] Result<std::size_t> count();

private:
    explicit ReportStore(sqlite3* db);
    Unexpected<Error> sqlite_error(const char* what) const;
    sqlite3* db_;
    std::mutex mutex_;
};

} // namespace mikiwame::server

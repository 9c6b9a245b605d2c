// SPDX-License-Identifier: Apache-2.0
#include "result_store.h"

#include <fmt/format.h>

namespace mikiwame::nats {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS results (
  sha256 TEXT PRIMARY KEY,      -- of the raw mail, as published
  location TEXT NOT NULL,       -- file, or file#offset for a message of an mbox
  label TEXT NOT NULL,          -- as given to the publisher ('' when none)
  verdict TEXT NOT NULL,        -- clean | suspicious | spam | phishing
  score REAL NOT NULL,
  report TEXT NOT NULL,         -- the JSON report, schema mikiwame.report/1
  collected_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) WITHOUT ROWID;
)sql";

} // namespace

Unexpected<Error> ResultStore::error(const char* what) const {
    return make_error(ErrorCode::CannotOpen, fmt::format("{}: {}", what, db_ ? sqlite3_errmsg(db_) : "out of memory"), path_);
}

Result<std::unique_ptr<ResultStore>> ResultStore::open(const std::filesystem::path& path) {
    std::unique_ptr<ResultStore> store(new ResultStore);
    store->path_ = path.string();
    if (sqlite3_open_v2(store->path_.c_str(), &store->db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
        return store->error("cannot open the results database");
    sqlite3_busy_timeout(store->db_, 5000);
    // WAL: readers (a report being looked at) do not block the collector's commits.
    if (sqlite3_exec(store->db_, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", nullptr, nullptr, nullptr) != SQLITE_OK ||
        sqlite3_exec(store->db_, kSchema, nullptr, nullptr, nullptr) != SQLITE_OK)
        return store->error("cannot create the results table");
    if (sqlite3_prepare_v2(store->db_,
                           "INSERT OR IGNORE INTO results (sha256, location, label, verdict, score, report) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           -1, &store->insert_, nullptr) != SQLITE_OK)
        return store->error("results table of another shape");
    return store;
}

ResultStore::~ResultStore() {
    sqlite3_finalize(insert_);
    sqlite3_close(db_);
}

Result<bool> ResultStore::begin() {
    if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) return error("cannot start a transaction");
    return true;
}

Result<bool> ResultStore::insert(const ResultRow& row) {
    sqlite3_reset(insert_);
    sqlite3_bind_text(insert_, 1, row.sha256.data(), static_cast<int>(row.sha256.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(insert_, 2, row.location.data(), static_cast<int>(row.location.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(insert_, 3, row.label.data(), static_cast<int>(row.label.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(insert_, 4, row.verdict.data(), static_cast<int>(row.verdict.size()), SQLITE_TRANSIENT);
    sqlite3_bind_double(insert_, 5, row.score);
    sqlite3_bind_text(insert_, 6, row.report.data(), static_cast<int>(row.report.size()), SQLITE_TRANSIENT);
    if (sqlite3_step(insert_) != SQLITE_DONE) return error("cannot store a report");
    return sqlite3_changes(db_) > 0;
}

Result<bool> ResultStore::commit() {
    if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) return error("cannot commit");
    return true;
}

Result<std::size_t> ResultStore::count() {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, "SELECT count(*) FROM results", -1, &stmt, nullptr) != SQLITE_OK) return error("cannot count");
    std::size_t n = 0;
    if (sqlite3_step(stmt) == SQLITE_ROW) n = static_cast<std::size_t>(sqlite3_column_int64(stmt, 0));
    sqlite3_finalize(stmt);
    return n;
}

} // namespace mikiwame::nats

// SPDX-License-Identifier: Apache-2.0
#include "scan_state.h"

#include <fmt/format.h>

#include <ctime>

namespace mikiwame::cli {

namespace {

// Records per transaction: one fsync per batch instead of per mail.
constexpr std::size_t kBatch = 500;
constexpr int kSchemaVersion = 1;

const char* verdict_name(Verdict v) {
    switch (v) {
    case Verdict::Clean: return "clean";
    case Verdict::Suspicious: return "suspicious";
    case Verdict::Spam: return "spam";
    case Verdict::Phishing: return "phishing";
    }
    return "clean";
}

struct Statement {
    sqlite3_stmt* stmt = nullptr;
    ~Statement() { sqlite3_finalize(stmt); }
};

} // namespace

ScanState::~ScanState() {
    if (db_ && pending_ > 0) (void)commit();
}

Result<bool> ScanState::exec(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_.get(), sql, nullptr, nullptr, &message) == SQLITE_OK) return true;
    std::string text = message ? message : sqlite3_errmsg(db_.get());
    sqlite3_free(message);
    return make_error(ErrorCode::CannotOpen, "state file: " + text, path_);
}

Result<ScanState> ScanState::open(const std::filesystem::path& path, std::string judge) {
    ScanState state;
    state.path_ = path.string();
    state.judge_ = std::move(judge);
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(state.path_.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    state.db_.reset(raw);
    if (rc != SQLITE_OK) return make_error(ErrorCode::CannotOpen, raw ? sqlite3_errmsg(raw) : "cannot open", state.path_);
    sqlite3_busy_timeout(raw, 5000);
    // A file that is not SQLite fails here, at the first read.
    Statement version;
    if (sqlite3_prepare_v2(raw, "PRAGMA user_version", -1, &version.stmt, nullptr) != SQLITE_OK ||
        sqlite3_step(version.stmt) != SQLITE_ROW)
        return make_error(ErrorCode::Config, fmt::format("not a scan state file ({})", sqlite3_errmsg(raw)), state.path_);
    const int found = sqlite3_column_int(version.stmt, 0);
    if (found == 0) {
        Statement tables;
        sqlite3_prepare_v2(raw, "SELECT count(*) FROM sqlite_master", -1, &tables.stmt, nullptr);
        if (sqlite3_step(tables.stmt) == SQLITE_ROW && sqlite3_column_int(tables.stmt, 0) > 0)
            return make_error(ErrorCode::Config, "an SQLite file of something else, not a scan state file", state.path_);
        auto made = state.exec(
            "CREATE TABLE scanned (sha256 TEXT PRIMARY KEY, judge TEXT NOT NULL, verdict TEXT NOT NULL,"
            " score REAL NOT NULL, location TEXT NOT NULL, scanned_at TEXT NOT NULL);"
            "PRAGMA user_version = 1;");
        if (!made) return Unexpected<Error>{made.error()};
    } else if (found != kSchemaVersion) {
        return make_error(ErrorCode::Config, fmt::format("scan state file of schema {} (this mikiwame reads {})", found, kSchemaVersion),
                          state.path_);
    }
    Statement known;
    if (sqlite3_prepare_v2(raw, "SELECT sha256 FROM scanned WHERE judge = ?1", -1, &known.stmt, nullptr) != SQLITE_OK)
        return make_error(ErrorCode::Config, sqlite3_errmsg(raw), state.path_);
    sqlite3_bind_text(known.stmt, 1, state.judge_.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(known.stmt) == SQLITE_ROW)
        state.seen_.insert(reinterpret_cast<const char*>(sqlite3_column_text(known.stmt, 0)));
    return state;
}

Result<bool> ScanState::record(const std::string& sha256, Verdict verdict, double score, const std::string& location) {
    if (pending_ == 0) {
        auto begun = exec("BEGIN");
        if (!begun) return begun;
    }
    Statement insert;
    if (sqlite3_prepare_v2(db_.get(),
                           "INSERT OR REPLACE INTO scanned (sha256, judge, verdict, score, location, scanned_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                           -1, &insert.stmt, nullptr) != SQLITE_OK)
        return make_error(ErrorCode::CannotOpen, sqlite3_errmsg(db_.get()), path_);
    sqlite3_bind_text(insert.stmt, 1, sha256.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert.stmt, 2, judge_.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert.stmt, 3, verdict_name(verdict), -1, SQLITE_STATIC);
    sqlite3_bind_double(insert.stmt, 4, score);
    sqlite3_bind_text(insert.stmt, 5, location.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(insert.stmt) != SQLITE_DONE) return make_error(ErrorCode::CannotOpen, sqlite3_errmsg(db_.get()), path_);
    if (++pending_ >= kBatch) return commit();
    return true;
}

Result<bool> ScanState::commit() {
    if (pending_ == 0) return true;
    pending_ = 0;
    return exec("COMMIT");
}

} // namespace mikiwame::cli

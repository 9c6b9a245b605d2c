// SPDX-License-Identifier: Apache-2.0
#include "report_store.h"

#include <fmt/format.h>
#include <openssl/rand.h>
#include <sqlite3.h>

#include "report_codec.h"

namespace mikiwame::server {

namespace {

constexpr const char* kSchema = R"sql(
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE IF NOT EXISTS reports (
  id TEXT PRIMARY KEY,
  created INTEGER NOT NULL,
  verdict TEXT NOT NULL,
  score REAL NOT NULL,
  subject TEXT NOT NULL,
  brands TEXT NOT NULL,       -- display names, ", "-joined
  brand_keys TEXT NOT NULL,   -- "|id|name|name_ja|…|", lower-case, for search
  sender_domain TEXT NOT NULL,
  origin_country TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  report TEXT NOT NULL,       -- report_codec
  raw BLOB
);
CREATE INDEX IF NOT EXISTS reports_created ON reports (created);
)sql";

// A prepared statement that finalizes itself.
class Statement {
public:
    Statement(sqlite3* db, const char* sql) { ok_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) == SQLITE_OK; }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    bool ok() const { return ok_; }
    sqlite3_stmt* get() const { return stmt_; }
    void text(int index, std::string_view value) { sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT); }
    void integer(int index, std::int64_t value) { sqlite3_bind_int64(stmt_, index, value); }
    std::string column_text(int index) const {
        const auto* p = sqlite3_column_text(stmt_, index);
        return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index))) : std::string();
    }

private:
    sqlite3_stmt* stmt_ = nullptr;
    bool ok_ = false;
};

std::string lower_ascii(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

std::string brand_keys(const Report& report) {
    std::string keys = "|";
    for (const auto& b : report.brands) keys += lower_ascii(b.id) + "|" + lower_ascii(b.name) + "|" + b.name_ja + "|";
    return keys;
}

// LIKE pattern matching `value` literally anywhere ('\' escapes).
std::string like_anywhere(std::string_view value) {
    std::string out = "%";
    for (char c : value) {
        if (c == '%' || c == '_' || c == '\\') out += '\\';
        out += c;
    }
    return out + "%";
}

// Columns of the list, in this order: id, created, verdict, score, subject, brands,
// sender_domain, origin_country, sha256, size, raw IS NOT NULL.
constexpr const char* kSummaryColumns = "id, created, verdict, score, subject, brands, sender_domain, origin_country, sha256, size, raw IS NOT NULL";

ReportSummary read_summary(const Statement& s) {
    ReportSummary r;
    r.id = s.column_text(0);
    r.created = sqlite3_column_int64(s.get(), 1);
    r.verdict = s.column_text(2);
    r.score = sqlite3_column_double(s.get(), 3);
    r.subject = s.column_text(4);
    r.brands = s.column_text(5);
    r.sender_domain = s.column_text(6);
    r.origin_country = s.column_text(7);
    r.sha256 = s.column_text(8);
    r.size = static_cast<std::uint64_t>(sqlite3_column_int64(s.get(), 9));
    r.raw_stored = sqlite3_column_int(s.get(), 10) != 0;
    return r;
}

} // namespace

ReportStore::ReportStore(sqlite3* db) : db_(db) {}

ReportStore::~ReportStore() {
    sqlite3_close(db_);
}

Result<std::unique_ptr<ReportStore>> ReportStore::open(const std::filesystem::path& path) {
    const bool memory = path == ":memory:";
    if (!memory && path.has_parent_path()) {
        std::error_code ec;
        std::filesystem::create_directories(path.parent_path(), ec);
    }
    sqlite3* db = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
    if (sqlite3_open_v2(memory ? ":memory:" : path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
        std::string message = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close(db);
        return make_error(ErrorCode::CannotOpen, "cannot open the history database: " + message, path.string());
    }
    sqlite3_busy_timeout(db, 5000);
    char* error = nullptr;
    if (sqlite3_exec(db, kSchema, nullptr, nullptr, &error) != SQLITE_OK) {
        std::string message = error ? error : "unknown error";
        sqlite3_free(error);
        sqlite3_close(db);
        return make_error(ErrorCode::CannotOpen, "cannot use the history database: " + message, path.string());
    }
    return std::unique_ptr<ReportStore>(new ReportStore(db));
}

Unexpected<Error> ReportStore::sqlite_error(const char* what) const {
    return make_error(ErrorCode::Internal, fmt::format("history database: {}: {}", what, sqlite3_errmsg(db_)));
}

std::optional<std::string> ReportStore::new_id() {
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1) return std::nullopt;
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id;
    for (unsigned char b : bytes) {
        id += kHex[b >> 4];
        id += kHex[b & 15];
    }
    return id;
}

ReportSummary ReportStore::summarize(const Report& report) {
    ReportSummary s;
    s.verdict = to_string(report.verdict);
    s.score = report.score;
    s.subject = report.message.subject;
    for (const auto& b : report.brands) s.brands += (s.brands.empty() ? "" : ", ") + b.name;
    s.sender_domain = report.sender.from.registrable_domain.empty() ? report.sender.from.domain : report.sender.from.registrable_domain;
    s.origin_country = report.origin && report.origin->country ? *report.origin->country : "";
    s.sha256 = report.message.sha256;
    s.size = report.message.size;
    return s;
}

Result<bool> ReportStore::insert(const StoredReport& stored) {
    std::lock_guard lock(mutex_);
    Statement s(db_, "INSERT INTO reports (id, created, verdict, score, subject, brands, brand_keys, sender_domain, origin_country, sha256, size, report, raw) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!s.ok()) return sqlite_error("insert");
    const ReportSummary& r = stored.summary;
    s.text(1, r.id);
    s.integer(2, r.created);
    s.text(3, r.verdict);
    sqlite3_bind_double(s.get(), 4, r.score);
    s.text(5, r.subject);
    s.text(6, r.brands);
    s.text(7, brand_keys(stored.report));
    s.text(8, lower_ascii(r.sender_domain));
    s.text(9, r.origin_country);
    s.text(10, r.sha256);
    s.integer(11, static_cast<std::int64_t>(r.size));
    s.text(12, encode_report(stored.report));
    if (stored.raw) sqlite3_bind_blob64(s.get(), 13, stored.raw->data(), stored.raw->size(), SQLITE_TRANSIENT);
    if (sqlite3_step(s.get()) != SQLITE_DONE) return sqlite_error("insert");
    return true;
}

Result<std::optional<StoredReport>> ReportStore::get(const std::string& id) {
    std::lock_guard lock(mutex_);
    Statement s(db_, fmt::format("SELECT {}, report, raw FROM reports WHERE id = ?", kSummaryColumns).c_str());
    if (!s.ok()) return sqlite_error("read");
    s.text(1, id);
    const int rc = sqlite3_step(s.get());
    if (rc == SQLITE_DONE) return std::optional<StoredReport>();
    if (rc != SQLITE_ROW) return sqlite_error("read");
    StoredReport stored;
    stored.summary = read_summary(s);
    auto report = decode_report(s.column_text(11));
    if (!report) return make_error(ErrorCode::Internal, "history database: report " + id + " cannot be read (damaged or from another version)");
    stored.report = std::move(*report);
    if (sqlite3_column_type(s.get(), 12) != SQLITE_NULL) {
        const auto* blob = static_cast<const char*>(sqlite3_column_blob(s.get(), 12));
        stored.raw = std::string(blob ? blob : "", static_cast<std::size_t>(sqlite3_column_bytes(s.get(), 12)));
    }
    return std::optional<StoredReport>(std::move(stored));
}

Result<ReportPage> ReportStore::list(const ReportQuery& query) {
    std::lock_guard lock(mutex_);
    // Each filter is "(? = '' OR …)" so one statement serves every combination.
    const char* where =
        "WHERE (?1 = '' OR verdict = ?1) AND (?2 = '' OR brand_keys LIKE ?3 ESCAPE '\\') "
        "AND (?4 = '' OR sender_domain = ?4 OR sender_domain LIKE ?5 ESCAPE '\\') AND (?6 = '' OR origin_country = ?6)";
    auto bind = [&](Statement& s) {
        s.text(1, query.verdict);
        const std::string brand = lower_ascii(query.brand);
        s.text(2, brand);
        s.text(3, like_anywhere(brand));
        const std::string domain = lower_ascii(query.sender_domain);
        s.text(4, domain);
        s.text(5, "%." + domain); // a subdomain query finds its registrable domain's rows too
        std::string country = query.origin_country;
        for (char& c : country)
            if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        s.text(6, country);
    };
    ReportPage page;
    {
        Statement s(db_, fmt::format("SELECT count(*) FROM reports {}", where).c_str());
        if (!s.ok()) return sqlite_error("count");
        bind(s);
        if (sqlite3_step(s.get()) != SQLITE_ROW) return sqlite_error("count");
        page.total = static_cast<std::size_t>(sqlite3_column_int64(s.get(), 0));
    }
    Statement s(db_, fmt::format("SELECT {} FROM reports {} ORDER BY created DESC, rowid DESC LIMIT ?7 OFFSET ?8", kSummaryColumns, where).c_str());
    if (!s.ok()) return sqlite_error("list");
    bind(s);
    s.integer(7, static_cast<std::int64_t>(query.limit));
    s.integer(8, static_cast<std::int64_t>(query.offset));
    int rc;
    while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) page.items.push_back(read_summary(s));
    if (rc != SQLITE_DONE) return sqlite_error("list");
    return page;
}

Result<bool> ReportStore::remove(const std::string& id) {
    std::lock_guard lock(mutex_);
    Statement s(db_, "DELETE FROM reports WHERE id = ?");
    if (!s.ok()) return sqlite_error("delete");
    s.text(1, id);
    if (sqlite3_step(s.get()) != SQLITE_DONE) return sqlite_error("delete");
    return sqlite3_changes(db_) > 0;
}

Result<std::size_t> ReportStore::purge_before(std::int64_t cutoff) {
    std::lock_guard lock(mutex_);
    Statement s(db_, "DELETE FROM reports WHERE created < ?");
    if (!s.ok()) return sqlite_error("purge");
    s.integer(1, cutoff);
    if (sqlite3_step(s.get()) != SQLITE_DONE) return sqlite_error("purge");
    return static_cast<std::size_t>(sqlite3_changes(db_));
}

Result<std::size_t> ReportStore::count() {
    std::lock_guard lock(mutex_);
    Statement s(db_, "SELECT count(*) FROM reports");
    if (!s.ok() || sqlite3_step(s.get()) != SQLITE_ROW) return sqlite_error("count");
    return static_cast<std::size_t>(sqlite3_column_int64(s.get(), 0));
}

} // namespace mikiwame::server

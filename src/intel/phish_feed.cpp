// SPDX-License-Identifier: Apache-2.0
#include "intel/phish_feed.h"

#include <sqlite3.h>

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>

#include "base/text.h"
#include "net/domain.h"
#include "net/ip_address.h"

namespace mikiwame::intel {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS phish_urls (
  id INTEGER PRIMARY KEY,
  url TEXT NOT NULL,
  host TEXT NOT NULL,
  registrable_domain TEXT NOT NULL,
  is_whole_domain INTEGER NOT NULL,
  description TEXT NOT NULL,
  source TEXT NOT NULL,
  listed_at TEXT NOT NULL,
  UNIQUE (url, host, source)
);
CREATE INDEX IF NOT EXISTS phish_urls_url ON phish_urls(url);
CREATE INDEX IF NOT EXISTS phish_urls_host ON phish_urls(host);
CREATE INDEX IF NOT EXISTS phish_urls_domain ON phish_urls(registrable_domain);
)sql";

struct StatementCloser {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementCloser>;

std::string column_text(sqlite3_stmt* s, int i) {
    const unsigned char* t = sqlite3_column_text(s, i);
    return t ? reinterpret_cast<const char*>(t) : "";
}

// Splits one CSV line (RFC 4180 quoting; a quoted field may not span lines in these feeds).
std::vector<std::string> split_csv(std::string_view line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                fields.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                fields.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else {
            fields.back() += c;
        }
    }
    return fields;
}

} // namespace

const char* to_string(MatchKind kind) {
    switch (kind) {
    case MatchKind::ExactUrl: return "exact URL";
    case MatchKind::Host: return "host";
    case MatchKind::RegistrableDomain: return "registrable domain";
    }
    return "";
}

std::filesystem::path default_intel_db_path() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return std::filesystem::path(xdg) / "mikiwame/intel.sqlite";
    if (const char* home = std::getenv("HOME"); home && *home) return std::filesystem::path(home) / ".local/share/mikiwame/intel.sqlite";
    return "intel.sqlite";
}

FeedKey parse_feed_key(std::string_view text) {
    FeedKey key;
    std::string_view s = base::trim(text);
    if (s.empty()) return key;
    std::size_t scheme_end = s.find("://");
    std::string_view rest = s;
    std::string scheme;
    if (scheme_end != std::string_view::npos && scheme_end < 10) {
        scheme = base::to_lower_ascii(s.substr(0, scheme_end));
        rest = s.substr(scheme_end + 3);
    }
    std::size_t host_end = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, host_end);
    std::string_view tail = host_end == std::string_view::npos ? std::string_view() : rest.substr(host_end);
    if (auto at = authority.rfind('@'); at != std::string_view::npos) authority = authority.substr(at + 1);
    std::string host;
    if (!authority.empty() && authority.front() == '[') {
        host = std::string(authority.substr(0, authority.find(']') + 1));
    } else {
        host = std::string(authority.substr(0, authority.find(':')));
    }
    if (host.empty()) return key;
    if (auto ip = net::parse_ip(host)) {
        key.host = ip->to_string();
        key.registrable_domain = key.host;
    } else {
        auto ascii = net::domain_to_ascii(host);
        if (!ascii || ascii->find('.') == std::string::npos) return key;
        key.host = *ascii;
        key.registrable_domain = net::registrable_domain(*ascii);
    }
    if (!scheme.empty()) {
        std::string path(tail.empty() ? "/" : tail);
        key.url = scheme + "://" + key.host + path;
    }
    return key;
}

struct PhishDatabase::Impl {
    sqlite3* db = nullptr;
    ~Impl() {
        if (db) sqlite3_close(db);
    }
};

PhishDatabase::PhishDatabase(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PhishDatabase::PhishDatabase(PhishDatabase&&) noexcept = default;
PhishDatabase& PhishDatabase::operator=(PhishDatabase&&) noexcept = default;
PhishDatabase::~PhishDatabase() = default;

Result<PhishDatabase> PhishDatabase::open(const std::filesystem::path& path, bool writable) {
    auto impl = std::make_unique<Impl>();
    if (writable) {
        std::error_code ec;
        if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
    }
    int flags = (writable ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY) | SQLITE_OPEN_FULLMUTEX;
    if (sqlite3_open_v2(path.c_str(), &impl->db, flags, nullptr) != SQLITE_OK) {
        std::string message = impl->db ? sqlite3_errmsg(impl->db) : "cannot open";
        return make_error(writable ? ErrorCode::CannotOpen : ErrorCode::Config, message, path.string());
    }
    sqlite3_busy_timeout(impl->db, 5000);
    if (writable) {
        char* err = nullptr;
        if (sqlite3_exec(impl->db, kSchema, nullptr, nullptr, &err) != SQLITE_OK) {
            std::string message = err ? err : "schema error";
            sqlite3_free(err);
            return make_error(ErrorCode::Config, message, path.string());
        }
    }
    return PhishDatabase(std::move(impl));
}

Result<ImportStats> PhishDatabase::import_file(const std::filesystem::path& feed) {
    std::ifstream in(feed, std::ios::binary);
    if (!in) return make_error(ErrorCode::CannotOpen, "cannot read the feed", feed.string());
    ImportStats stats;
    std::string source = feed.filename().string();
    sqlite3_exec(impl_->db, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(impl_->db,
                           "INSERT OR IGNORE INTO phish_urls(url, host, registrable_domain, is_whole_domain, description, source, listed_at)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?)",
                           -1, &raw, nullptr) != SQLITE_OK) {
        sqlite3_exec(impl_->db, "ROLLBACK", nullptr, nullptr, nullptr);
        return make_error(ErrorCode::Internal, sqlite3_errmsg(impl_->db), feed.string());
    }
    Statement insert(raw);
    std::string line;
    std::size_t line_number = 0;
    bool is_jpcert_csv = false;
    while (std::getline(in, line)) {
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line_number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
        std::string_view trimmed = base::trim(line);
        if (trimmed.empty() || trimmed.front() == '#') continue;
        if (line_number == 1 && base::istarts_with_ascii(trimmed, "date,url")) {
            is_jpcert_csv = true;
            continue;
        }
        ++stats.read;
        std::string url_text, description, listed_at;
        if (is_jpcert_csv) {
            auto fields = split_csv(trimmed);
            if (fields.size() < 2) {
                stats.rejected_lines.push_back(line_number);
                continue;
            }
            listed_at = fields[0];
            url_text = fields[1];
            if (fields.size() > 2) description = fields[2];
        } else {
            url_text = std::string(trimmed);
        }
        FeedKey key = parse_feed_key(url_text);
        if (key.host.empty()) {
            stats.rejected_lines.push_back(line_number);
            continue;
        }
        bool whole_domain = key.host == key.registrable_domain &&
                            (key.url.empty() || key.url == "http://" + key.host + "/" || key.url == "https://" + key.host + "/");
        sqlite3_reset(insert.get());
        sqlite3_bind_text(insert.get(), 1, key.url.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insert.get(), 2, key.host.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insert.get(), 3, key.registrable_domain.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(insert.get(), 4, whole_domain ? 1 : 0);
        sqlite3_bind_text(insert.get(), 5, description.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insert.get(), 6, source.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insert.get(), 7, listed_at.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(insert.get()) != SQLITE_DONE) {
            sqlite3_exec(impl_->db, "ROLLBACK", nullptr, nullptr, nullptr);
            return make_error(ErrorCode::Internal, sqlite3_errmsg(impl_->db), fmt::format("{}:{}", feed.string(), line_number));
        }
        if (sqlite3_changes(impl_->db) > 0) {
            ++stats.inserted;
        } else {
            ++stats.duplicates;
        }
    }
    if (sqlite3_exec(impl_->db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
        return make_error(ErrorCode::Internal, sqlite3_errmsg(impl_->db), feed.string());
    return stats;
}

std::vector<PhishEntry> PhishDatabase::lookup(std::string_view url) const {
    std::vector<PhishEntry> out;
    FeedKey key = parse_feed_key(url);
    if (key.host.empty()) return out;
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(impl_->db,
                           "SELECT url, host, registrable_domain, is_whole_domain, description, source, listed_at FROM phish_urls"
                           " WHERE url = ?1 OR host = ?2 OR (registrable_domain = ?3 AND is_whole_domain = 1) LIMIT 20",
                           -1, &raw, nullptr) != SQLITE_OK)
        return out;
    Statement select(raw);
    sqlite3_bind_text(select.get(), 1, key.url.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(select.get(), 2, key.host.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(select.get(), 3, key.registrable_domain.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(select.get()) == SQLITE_ROW) {
        PhishEntry e;
        e.url = column_text(select.get(), 0);
        e.host = column_text(select.get(), 1);
        e.registrable_domain = column_text(select.get(), 2);
        e.description = column_text(select.get(), 4);
        e.source = column_text(select.get(), 5);
        e.listed_at = column_text(select.get(), 6);
        e.match = (!key.url.empty() && e.url == key.url) ? MatchKind::ExactUrl
                  : e.host == key.host                    ? MatchKind::Host
                                                          : MatchKind::RegistrableDomain;
        out.push_back(std::move(e));
    }
    return out;
}

std::size_t PhishDatabase::count() const {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(impl_->db, "SELECT COUNT(*) FROM phish_urls", -1, &raw, nullptr) != SQLITE_OK) return 0;
    Statement s(raw);
    return sqlite3_step(s.get()) == SQLITE_ROW ? static_cast<std::size_t>(sqlite3_column_int64(s.get(), 0)) : 0;
}

} // namespace mikiwame::intel

// SPDX-License-Identifier: Apache-2.0
// Feed parsing (FeedReader, parse_feed_key) and the SQLite store of phishing URLs. Feed files
// are untrusted text: every line is parsed on its own and a bad line is counted, never fatal.
#include "intel/phish_feed.h"

#include <sqlite3.h>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <cstdlib>
#include <fstream>
#include <unordered_set>

#include "base/text.h"
#include "net/domain.h"
#include "net/ip_address.h"

namespace mikiwame::intel {

namespace {

namespace fs = std::filesystem;

// Version 1: the table as first shipped. Bump together with a migration in open().
constexpr int kSchemaVersion = 1;

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

// A URL longer than this is not a link anyone clicks; the cap keeps one hostile line from
// filling the database.
constexpr std::size_t kMaxEntryBytes = 8192;
constexpr int kMaxLookupResults = 50;

struct StatementCloser {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementCloser>;

std::string column_text(sqlite3_stmt* s, int i) {
    const unsigned char* t = sqlite3_column_text(s, i);
    return t ? reinterpret_cast<const char*>(t) : "";
}

void bind_text(sqlite3_stmt* s, int i, std::string_view text) {
    sqlite3_bind_text(s, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

// Splits one CSV line (RFC 4180 quoting; the JPCERT/CC files never break a field across lines).
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

bool is_scheme(std::string_view s) {
    if (s.empty() || !std::isalpha(static_cast<unsigned char>(s.front()))) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
    });
}

std::string_view default_port(std::string_view scheme) {
    if (scheme == "http" || scheme == "ws") return "80";
    if (scheme == "https" || scheme == "wss") return "443";
    if (scheme == "ftp") return "21";
    return {};
}

// Undoes the usual defanging of shared indicator lists ("hxxps://", "example[.]com").
std::string refang(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 3, "[.]") == 0) {
            out += '.';
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

// Host name syntax as browsers accept it: labels of letters, digits, hyphens and underscores
// (phishing hosts such as "trackings-.example.cn" break RFC 1123 and still resolve), and a
// top-level label of letters (or an IDNA A-label).
bool is_host_name(std::string_view host) {
    std::size_t start = 0;
    std::string_view last;
    while (start <= host.size()) {
        std::size_t dot = host.find('.', start);
        std::string_view label = host.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (label.empty() || label.size() > 63) return false;
        for (char c : label)
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
        last = label;
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    if (last.starts_with("xn--")) return true;
    return last.size() >= 2 && std::all_of(last.begin(), last.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; });
}

struct ParsedKey {
    FeedKey key;
    bool root_only = false; // no path beyond "/", no query
};

ParsedKey parse_key(std::string_view text) {
    ParsedKey parsed;
    std::string refanged = refang(base::trim(text));
    std::string_view s = refanged;
    if (s.empty() || s.size() > kMaxEntryBytes) return parsed;
    std::string scheme;
    std::string_view rest = s;
    if (std::size_t colon = s.find("://"); colon != std::string_view::npos && is_scheme(s.substr(0, colon))) {
        scheme = base::to_lower_ascii(s.substr(0, colon));
        if (scheme == "hxxp") scheme = "http";
        if (scheme == "hxxps") scheme = "https";
        // Phishing pages are web (or ftp) pages; any other scheme is no entry we could match.
        if (scheme != "http" && scheme != "https" && scheme != "ftp") return parsed;
        rest = s.substr(colon + 3);
    } else if (s.find('@') != std::string_view::npos) {
        // Without a scheme, "user@domain" is a mail address, not a site.
        return parsed;
    }
    // Browsers read a backslash as a slash in http(s) URLs (WHATWG URL §4.4), so phishers use it.
    std::size_t authority_end = rest.find_first_of("/\\?#");
    std::string_view authority = rest.substr(0, authority_end);
    std::string_view tail = authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
    // The fragment never reaches the server: two links differing only there are the same page.
    tail = tail.substr(0, tail.find('#'));
    // "https://brand.example@evil.example/": the host is what follows the last '@'.
    if (std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority = authority.substr(at + 1);
    std::string_view host_text;
    std::string_view port;
    if (!authority.empty() && authority.front() == '[') {
        std::size_t close = authority.find(']');
        if (close == std::string_view::npos) return parsed;
        host_text = authority.substr(0, close + 1);
        if (authority.size() > close + 1 && authority[close + 1] == ':') port = authority.substr(close + 2);
    } else {
        std::size_t colon = authority.find(':');
        host_text = authority.substr(0, colon);
        if (colon != std::string_view::npos) port = authority.substr(colon + 1);
    }
    if (host_text.empty()) return parsed;
    if (!std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) return parsed;
    FeedKey& key = parsed.key;
    if (auto ip = net::parse_ip(host_text)) {
        key.host = ip->to_string();
        key.registrable_domain = key.host;
    } else {
        auto ascii = net::domain_to_ascii(host_text);
        // A single label ("localhost", "intranet") is no Internet host a feed can mean, nor is a
        // name that breaks host name syntax (strings read out of a binary file: "libc.so.6").
        if (!ascii || ascii->find('.') == std::string::npos || !is_host_name(*ascii)) return parsed;
        key.host = *ascii;
        key.registrable_domain = net::registrable_domain(*ascii);
    }
    std::string path(tail);
    std::replace(path.begin(), path.begin() + static_cast<std::ptrdiff_t>(std::min(path.find('?'), path.size())), '\\', '/');
    if (path.empty() || path.front() == '?') path.insert(0, "/");
    parsed.root_only = path == "/";
    if (!scheme.empty()) {
        std::string host_part = key.host.find(':') != std::string::npos ? "[" + key.host + "]" : key.host;
        std::string port_part = port.empty() || port == default_port(scheme) ? "" : ":" + std::string(port);
        key.url = scheme + "://" + host_part + port_part + path;
    }
    return parsed;
}

// Normalises a host given by a caller (its own URL parser's output) the way feed keys are.
std::string normalise_host(std::string_view host) {
    std::string_view h = base::trim(host);
    if (h.empty()) return {};
    if (auto ip = net::parse_ip(h)) return ip->to_string();
    if (auto ascii = net::domain_to_ascii(h)) return *ascii;
    return base::to_lower_ascii(h);
}

// The file's modification date, ISO 8601 UTC: the only date a plain list carries.
std::string file_date(const fs::path& path) {
    std::error_code ec;
    auto time = fs::last_write_time(path, ec);
    if (ec) return {};
    auto sys = std::chrono::file_clock::to_sys(time);
    std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::time_point_cast<std::chrono::system_clock::duration>(sys));
    std::tm tm{};
    if (!gmtime_r(&t, &tm)) return {};
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                       tm.tm_min, tm.tm_sec);
}

bool is_sink_address(std::string_view token) {
    return token == "0.0.0.0" || token == "127.0.0.1" || token == "::" || token == "::1";
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

const char* match_kind_id(MatchKind kind) {
    switch (kind) {
    case MatchKind::ExactUrl: return "exact_url";
    case MatchKind::Host: return "host";
    case MatchKind::RegistrableDomain: return "registrable_domain";
    }
    return "";
}

FeedKey parse_feed_key(std::string_view text) {
    return parse_key(text).key;
}

FeedReader::LineKind FeedReader::read_line(std::string_view line, FeedRecord& out) {
    ++line_number_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_number_ == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    std::string_view trimmed = base::trim(line);
    if (trimmed.empty() || trimmed.front() == '#') return LineKind::Skipped;
    if (line_number_ == 1 && base::istarts_with_ascii(trimmed, "date,url")) {
        csv_ = true;
        return LineKind::Skipped;
    }
    if (trimmed.size() > kMaxEntryBytes) return LineKind::Rejected;
    // A feed is text: control bytes or broken UTF-8 mean this is no feed line (a binary file).
    if (!base::is_valid_utf8(trimmed) ||
        std::any_of(trimmed.begin(), trimmed.end(), [](char c) { return (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F; }))
        return LineKind::Rejected;
    out = FeedRecord{};
    std::string entry;
    if (csv_) {
        auto fields = split_csv(trimmed);
        if (fields.size() < 2) return LineKind::Rejected;
        out.listed_at = base::sanitize_utf8(base::trim(fields.front()));
        if (fields.size() == 2) {
            entry = fields[1];
        } else {
            // An unquoted comma inside the URL splits it; the description is the last field.
            out.description = base::sanitize_utf8(base::trim(fields.back()));
            for (std::size_t i = 1; i + 1 < fields.size(); ++i) {
                if (i > 1) entry += ',';
                entry += fields[i];
            }
        }
    } else {
        std::string_view text = trimmed;
        // A comment after an entry needs whitespace before '#', which keeps URL fragments intact.
        if (std::size_t hash = text.find(" #"); hash != std::string_view::npos) text = base::trim(text.substr(0, hash));
        if (std::size_t hash = text.find("\t#"); hash != std::string_view::npos) text = base::trim(text.substr(0, hash));
        std::size_t space = text.find_first_of(" \t");
        std::string_view first = text.substr(0, space);
        if (space != std::string_view::npos && is_sink_address(first)) {
            // hosts-file blocklists: "0.0.0.0 bad.example".
            text = base::trim(text.substr(space));
            first = text.substr(0, text.find_first_of(" \t"));
        }
        entry = std::string(first);
    }
    ParsedKey parsed = parse_key(entry);
    if (parsed.key.host.empty()) return LineKind::Rejected;
    const FeedKey& key = parsed.key;
    // Only a bare domain or the site's root claims the whole registrable domain; a page on it may
    // be one compromised site among many harmless ones.
    out.whole_domain = parsed.root_only && (key.host == key.registrable_domain || key.host == "www." + key.registrable_domain);
    out.key = std::move(parsed.key);
    return LineKind::Entry;
}

struct PhishDatabase::Impl {
    sqlite3* db = nullptr;
    fs::path path;
    std::unordered_set<std::string> shared_hosts;
    ~Impl() {
        if (db) sqlite3_close(db);
    }
    Unexpected<Error> error(ErrorCode code, std::string_view what, std::string context = {}) const {
        return make_error(code, fmt::format("{}: {}", what, db ? sqlite3_errmsg(db) : "out of memory"),
                          context.empty() ? path.string() : std::move(context));
    }
};

PhishDatabase::PhishDatabase(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PhishDatabase::PhishDatabase(PhishDatabase&&) noexcept = default;
PhishDatabase& PhishDatabase::operator=(PhishDatabase&&) noexcept = default;
PhishDatabase::~PhishDatabase() = default;

Result<PhishDatabase> PhishDatabase::open(const std::filesystem::path& path, bool writable) {
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    if (writable && path.has_parent_path()) {
        std::error_code ec;
        fs::create_directories(path.parent_path(), ec);
        if (ec) return make_error(ErrorCode::CannotOpen, "cannot create the directory: " + ec.message(), path.parent_path().string());
    }
    // Serialized mode: one read-only handle is shared by the engine's analysis threads.
    int flags = (writable ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY) | SQLITE_OPEN_FULLMUTEX;
    if (sqlite3_open_v2(path.c_str(), &impl->db, flags, nullptr) != SQLITE_OK)
        return impl->error(writable ? ErrorCode::CannotOpen : ErrorCode::Config, "cannot open the phishing-URL database");
    // An import and a reader (milter, server) may meet; wait rather than fail at once.
    sqlite3_busy_timeout(impl->db, 5000);
    if (writable) {
        if (sqlite3_exec(impl->db, kSchema, nullptr, nullptr, nullptr) != SQLITE_OK)
            return impl->error(ErrorCode::Config, "not a phishing-URL database");
        std::string pragma = fmt::format("PRAGMA user_version = {}", kSchemaVersion);
        if (sqlite3_exec(impl->db, pragma.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
            return impl->error(ErrorCode::CannotOpen, "cannot write the phishing-URL database");
    } else {
        // sqlite3_open_v2 reads nothing yet: check here that this is our database, so that a
        // wrong path is reported at load time and not as silently empty lookups.
        sqlite3_stmt* raw = nullptr;
        if (sqlite3_prepare_v2(impl->db, "SELECT url, host, registrable_domain, is_whole_domain FROM phish_urls LIMIT 1",
                               -1, &raw, nullptr) != SQLITE_OK)
            return impl->error(ErrorCode::Config, "not a phishing-URL database");
        sqlite3_finalize(raw);
    }
    return PhishDatabase(std::move(impl));
}

void PhishDatabase::set_shared_hosts(const std::vector<std::string>& hosts) {
    impl_->shared_hosts.clear();
    for (const auto& h : hosts) {
        std::string n = normalise_host(h);
        if (!n.empty()) impl_->shared_hosts.insert(std::move(n));
    }
}

Result<ImportStats> PhishDatabase::import_file(const std::filesystem::path& feed) {
    std::error_code ec;
    if (fs::is_directory(feed, ec)) return make_error(ErrorCode::CannotOpen, "is a directory, not a feed file", feed.string());
    std::ifstream in(feed, std::ios::binary);
    if (!in) return make_error(ErrorCode::CannotOpen, "cannot read the feed", feed.string());
    sqlite3* db = impl_->db;
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
        return impl_->error(ErrorCode::CannotOpen, "cannot write the phishing-URL database");
    auto rollback = [&](Unexpected<Error> e) -> Result<ImportStats> {
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        return e;
    };
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db,
                           "INSERT OR IGNORE INTO phish_urls(url, host, registrable_domain, is_whole_domain, description, source, listed_at)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?)",
                           -1, &raw, nullptr) != SQLITE_OK)
        return rollback(impl_->error(ErrorCode::Config, "not a phishing-URL database"));
    Statement insert(raw);
    ImportStats stats;
    const std::string source = base::sanitize_utf8(feed.filename().string());
    std::string plain_list_date;
    FeedReader reader;
    FeedRecord record;
    std::string line;
    while (std::getline(in, line)) {
        FeedReader::LineKind kind = reader.read_line(line, record);
        if (kind == FeedReader::LineKind::Skipped) continue;
        ++stats.read;
        if (kind == FeedReader::LineKind::Rejected) {
            stats.rejected_lines.push_back(reader.line_number());
            continue;
        }
        if (!reader.is_jpcert_csv() && record.listed_at.empty()) {
            if (plain_list_date.empty()) plain_list_date = file_date(feed);
            record.listed_at = plain_list_date;
        }
        sqlite3_reset(insert.get());
        bind_text(insert.get(), 1, record.key.url);
        bind_text(insert.get(), 2, record.key.host);
        bind_text(insert.get(), 3, record.key.registrable_domain);
        sqlite3_bind_int(insert.get(), 4, record.whole_domain ? 1 : 0);
        bind_text(insert.get(), 5, record.description);
        bind_text(insert.get(), 6, source);
        bind_text(insert.get(), 7, record.listed_at);
        if (sqlite3_step(insert.get()) != SQLITE_DONE)
            return rollback(impl_->error(ErrorCode::CannotOpen, "cannot write the phishing-URL database",
                                         fmt::format("{}:{}", feed.string(), reader.line_number())));
        if (sqlite3_changes(db) > 0) {
            ++stats.inserted;
        } else {
            ++stats.duplicates;
        }
    }
    if (in.bad()) return rollback(make_error(ErrorCode::CannotOpen, "read error", feed.string()));
    insert.reset();
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
        return rollback(impl_->error(ErrorCode::CannotOpen, "cannot write the phishing-URL database"));
    return stats;
}

namespace {

// Each OR branch is a lookup on its own index; the guards keep an empty key (bare-domain
// entries have url "") from matching everything.
constexpr const char* kLookupSql =
    "SELECT url, host, registrable_domain, is_whole_domain, description, source, listed_at,"
    " CASE WHEN ?1 <> '' AND url = ?1 THEN 0 WHEN ?2 <> '' AND host = ?2 THEN 1 ELSE 2 END AS kind"
    " FROM phish_urls"
    " WHERE (url = ?1 AND ?1 <> '') OR (host = ?2 AND ?2 <> '') OR (registrable_domain = ?3 AND ?3 <> '')"
    " ORDER BY kind, is_whole_domain DESC, listed_at DESC, id LIMIT ?4";

struct LookupKeys {
    std::string url, host, domain;
    bool empty() const { return url.empty() && host.empty() && domain.empty(); }
};

LookupKeys lookup_keys(std::string_view url, std::string_view host, std::string_view registrable_domain) {
    FeedKey key = parse_feed_key(url);
    LookupKeys out;
    out.url = key.url;
    out.host = host.empty() ? key.host : normalise_host(host);
    out.domain = registrable_domain.empty()
                     ? (host.empty() ? key.registrable_domain
                                     : (net::parse_ip(out.host) ? out.host : net::registrable_domain(out.host)))
                     : normalise_host(registrable_domain);
    return out;
}

// Runs the prepared kLookupSql statement; false when SQLite failed part-way.
bool run_lookup(sqlite3_stmt* select, const LookupKeys& keys, const std::unordered_set<std::string>& shared_hosts,
                std::vector<PhishEntry>& out) {
    sqlite3_reset(select);
    sqlite3_clear_bindings(select);
    bind_text(select, 1, keys.url);
    bind_text(select, 2, keys.host);
    bind_text(select, 3, keys.domain);
    sqlite3_bind_int(select, 4, kMaxLookupResults);
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(select)) == SQLITE_ROW) {
        PhishEntry e;
        e.url = column_text(select, 0);
        e.host = column_text(select, 1);
        e.registrable_domain = column_text(select, 2);
        e.whole_domain_listed = sqlite3_column_int(select, 3) != 0;
        e.description = column_text(select, 4);
        e.source = column_text(select, 5);
        e.listed_at = column_text(select, 6);
        int kind = sqlite3_column_int(select, 7);
        e.match = kind == 0 ? MatchKind::ExactUrl : kind == 1 ? MatchKind::Host : MatchKind::RegistrableDomain;
        // A tenant's own subdomain of a shared provider is its own host: only the shared host
        // itself (t.co, docs.google.com) makes a host match weak.
        if (e.match == MatchKind::Host) e.weak = shared_hosts.count(e.host) > 0;
        if (e.match == MatchKind::RegistrableDomain)
            e.weak = !e.whole_domain_listed || shared_hosts.count(e.registrable_domain) > 0;
        out.push_back(std::move(e));
    }
    sqlite3_reset(select);
    return rc == SQLITE_DONE;
}

void drop_weak(std::vector<PhishEntry>& entries) {
    entries.erase(std::remove_if(entries.begin(), entries.end(), [](const PhishEntry& e) { return e.weak; }), entries.end());
}

} // namespace

std::vector<PhishEntry> PhishDatabase::lookup(std::string_view url, std::string_view host,
                                              std::string_view registrable_domain) const {
    std::vector<PhishEntry> out;
    LookupKeys keys = lookup_keys(url, host, registrable_domain);
    if (keys.empty()) return out;
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(impl_->db, kLookupSql, -1, &raw, nullptr) != SQLITE_OK) return out;
    Statement select(raw);
    run_lookup(select.get(), keys, impl_->shared_hosts, out);
    return out;
}

struct PhishReader::Impl {
    sqlite3* db = nullptr;
    sqlite3_stmt* select = nullptr;
    std::unordered_set<std::string> shared_hosts;
    ~Impl() {
        if (select) sqlite3_finalize(select);
        if (db) sqlite3_close(db);
    }
};

PhishReader::PhishReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PhishReader::PhishReader(PhishReader&&) noexcept = default;
PhishReader& PhishReader::operator=(PhishReader&&) noexcept = default;
PhishReader::~PhishReader() = default;

Result<PhishReader> PhishReader::open(const std::filesystem::path& path, const std::vector<std::string>& shared_hosts) {
    auto impl = std::make_unique<Impl>();
    // One reader per thread: no SQLite mutex needed, and the statement is prepared once.
    if (sqlite3_open_v2(path.c_str(), &impl->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK ||
        sqlite3_prepare_v2(impl->db, kLookupSql, -1, &impl->select, nullptr) != SQLITE_OK)
        return make_error(ErrorCode::Config,
                          fmt::format("not a readable phishing-URL database: {}",
                                      impl->db ? sqlite3_errmsg(impl->db) : "out of memory"),
                          path.string());
    sqlite3_busy_timeout(impl->db, 5000);
    for (const auto& h : shared_hosts) {
        std::string n = normalise_host(h);
        if (!n.empty()) impl->shared_hosts.insert(std::move(n));
    }
    return PhishReader(std::move(impl));
}

Result<std::vector<PhishEntry>> PhishReader::lookup_strong(std::string_view url) {
    std::vector<PhishEntry> out;
    LookupKeys keys = lookup_keys(url, {}, {});
    if (keys.empty()) return out;
    if (!run_lookup(impl_->select, keys, impl_->shared_hosts, out))
        return make_error(ErrorCode::Internal, fmt::format("phishing-URL lookup failed: {}", sqlite3_errmsg(impl_->db)));
    drop_weak(out);
    return out;
}

std::vector<PhishEntry> PhishDatabase::lookup(std::string_view url) const {
    std::vector<PhishEntry> entries = lookup(url, {}, {});
    drop_weak(entries);
    return entries;
}

std::size_t PhishDatabase::count() const {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(impl_->db, "SELECT COUNT(*) FROM phish_urls", -1, &raw, nullptr) != SQLITE_OK) return 0;
    Statement s(raw);
    return sqlite3_step(s.get()) == SQLITE_ROW ? static_cast<std::size_t>(sqlite3_column_int64(s.get(), 0)) : 0;
}

Result<std::vector<PhishEntry>> PhishDatabase::list(std::string_view source, std::size_t limit) const {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(impl_->db,
                           "SELECT url, host, registrable_domain, is_whole_domain, description, source, listed_at FROM phish_urls"
                           " WHERE ?1 = '' OR source = ?1 ORDER BY listed_at DESC, id LIMIT ?2",
                           -1, &raw, nullptr) != SQLITE_OK)
        return impl_->error(ErrorCode::Config, "not a phishing-URL database");
    Statement select(raw);
    bind_text(select.get(), 1, source);
    sqlite3_bind_int64(select.get(), 2, limit == 0 ? -1 : static_cast<sqlite3_int64>(limit));
    std::vector<PhishEntry> out;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(select.get())) == SQLITE_ROW) {
        PhishEntry e;
        e.url = column_text(select.get(), 0);
        e.host = column_text(select.get(), 1);
        e.registrable_domain = column_text(select.get(), 2);
        e.whole_domain_listed = sqlite3_column_int(select.get(), 3) != 0;
        e.description = column_text(select.get(), 4);
        e.source = column_text(select.get(), 5);
        e.listed_at = column_text(select.get(), 6);
        out.push_back(std::move(e));
    }
    if (rc != SQLITE_DONE) return impl_->error(ErrorCode::CannotOpen, "cannot read the phishing-URL database");
    return out;
}

Result<std::size_t> PhishDatabase::remove(std::string_view entry) {
    ParsedKey parsed = parse_key(entry);
    if (parsed.key.host.empty()) return make_error(ErrorCode::Usage, "not a URL or domain", std::string(entry));
    sqlite3_stmt* raw = nullptr;
    // A URL removes that URL's entries; a bare host or domain removes the entries that listed it bare.
    if (sqlite3_prepare_v2(impl_->db, "DELETE FROM phish_urls WHERE (?1 <> '' AND url = ?1) OR (?1 = '' AND url = '' AND host = ?2)",
                           -1, &raw, nullptr) != SQLITE_OK)
        return impl_->error(ErrorCode::Config, "not a phishing-URL database");
    Statement del(raw);
    bind_text(del.get(), 1, parsed.key.url);
    bind_text(del.get(), 2, parsed.key.host);
    if (sqlite3_step(del.get()) != SQLITE_DONE) return impl_->error(ErrorCode::CannotOpen, "cannot write the phishing-URL database");
    return static_cast<std::size_t>(sqlite3_changes(impl_->db));
}

Result<std::size_t> PhishDatabase::remove_source(std::string_view source) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(impl_->db, "DELETE FROM phish_urls WHERE source = ?1", -1, &raw, nullptr) != SQLITE_OK)
        return impl_->error(ErrorCode::Config, "not a phishing-URL database");
    Statement del(raw);
    bind_text(del.get(), 1, source);
    if (sqlite3_step(del.get()) != SQLITE_DONE) return impl_->error(ErrorCode::CannotOpen, "cannot write the phishing-URL database");
    return static_cast<std::size_t>(sqlite3_changes(impl_->db));
}

Result<std::vector<FeedMonth>> PhishDatabase::stats() const {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(impl_->db,
                           "SELECT source, substr(listed_at, 1, 7) AS month, COUNT(*), MIN(listed_at), MAX(listed_at)"
                           " FROM phish_urls GROUP BY source, month ORDER BY source, month",
                           -1, &raw, nullptr) != SQLITE_OK)
        return impl_->error(ErrorCode::Config, "not a phishing-URL database");
    Statement select(raw);
    std::vector<FeedMonth> out;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(select.get())) == SQLITE_ROW)
        out.push_back({column_text(select.get(), 0), column_text(select.get(), 1),
                       static_cast<std::size_t>(sqlite3_column_int64(select.get(), 2)), column_text(select.get(), 3),
                       column_text(select.get(), 4)});
    if (rc != SQLITE_DONE) return impl_->error(ErrorCode::CannotOpen, "cannot read the phishing-URL database");
    return out;
}

} // namespace mikiwame::intel

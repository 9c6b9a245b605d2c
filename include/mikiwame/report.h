// SPDX-License-Identifier: Apache-2.0
// The analysis report (schema mikiwame.report/1, SPEC §3) as plain data. The engine fills it;
// src/report renders it as JSON or text. Optional fields are std::optional so that JSON shows
// null exactly where the schema allows it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mikiwame {

enum class Verdict { Clean, Suspicious, Spam, Phishing };
enum class Severity { Info, Low, Medium, High };

constexpr const char* to_string(Verdict v) {
    switch (v) {
    case Verdict::Clean: return "clean";
    case Verdict::Suspicious: return "suspicious";
    case Verdict::Spam: return "spam";
    case Verdict::Phishing: return "phishing";
    }
    return "clean";
}

constexpr const char* to_string(Severity s) {
    switch (s) {
    case Severity::Info: return "info";
    case Severity::Low: return "low";
    case Severity::Medium: return "medium";
    case Severity::High: return "high";
    }
    return "info";
}

// An authentication result (RFC 8601 §2.7 words; Microsoft's and RFC 5451's spellings are
// read into these).
enum class AuthResult { Pass, Fail, SoftFail, Neutral, None, TempError, PermError, Policy };

constexpr const char* to_string(AuthResult r) {
    switch (r) {
    case AuthResult::Pass: return "pass";
    case AuthResult::Fail: return "fail";
    case AuthResult::SoftFail: return "softfail";
    case AuthResult::Neutral: return "neutral";
    case AuthResult::None: return "none";
    case AuthResult::TempError: return "temperror";
    case AuthResult::PermError: return "permerror";
    case AuthResult::Policy: return "policy";
    }
    return "none";
}

struct LocalizedText {
    std::string ja;
    std::string en;
};

struct Finding {
    std::string id; // a SPEC §3 finding id, declared in data/findings.toml
    Severity severity = Severity::Info;
    double score = 0;
    LocalizedText summary;
    std::vector<std::string> evidence;
};

struct MessageInfo {
    std::string subject;
    std::optional<std::string> date;
    std::optional<std::string> message_id;
    std::uint64_t size = 0;
    std::string sha256;
};

struct SenderAddress {
    std::string address;
    std::string display_name;
    std::string domain;
    std::string registrable_domain;
};

struct SenderInfo {
    SenderAddress from;
    std::optional<std::string> return_path;
    std::optional<std::string> reply_to;
    std::optional<std::string> message_id_domain;
};

struct OriginInfo {
    std::string ip;
    std::optional<std::string> helo;
    std::optional<std::string> rdns;
    std::optional<std::string> country;
    std::optional<std::int64_t> asn;
    std::optional<std::string> as_org;
};

struct ReceivedInfo {
    std::optional<std::string> from_helo;
    std::optional<std::string> from_rdns;
    std::optional<std::string> from_ip;
    std::optional<std::string> by;
    std::optional<std::string> with;
    std::optional<std::string> id;
    std::optional<std::string> for_address;
    std::optional<std::string> date;
    std::string raw;
};

struct AuthInfo {
    std::optional<AuthResult> spf; // nullopt: unknown (no trusted result)
    std::optional<AuthResult> dkim;
    std::optional<AuthResult> dmarc;
    std::string source = "header";
};

struct UrlInfo {
    std::string url;
    std::optional<std::string> display_text;
    std::string host;
    std::string registrable_domain;
    std::string found_in; // text | html | attachment | header
    std::optional<std::string> redirect_target;
    bool contains_recipient = false;
    std::vector<std::string> flags;
};

struct AttachmentInfo {
    std::optional<std::string> filename;
    std::string content_type;
    std::uint64_t size = 0;
    std::string sha256;
    std::vector<std::string> flags;
};

struct BrandInfo {
    std::string id;
    std::string name;
    std::vector<std::string> official_domains;
    std::vector<std::string> evidence;
};

// What produced a report, so that two reports of one mail can be compared (SPEC §3 "engine").
struct DatabaseInfo {
    std::string kind;      // "country", "asn"
    std::string path;
    std::string built;     // build date (UTC, YYYY-MM-DD) from the database's metadata
};

struct FeedInfo {
    std::string source;    // feed file name
    std::uint64_t entries = 0;
    std::string latest;    // newest listing date as the feed wrote it
};

struct EngineInfo {
    std::string version;
    std::string commit;
    std::string data_version;           // "sha256:" + 16 hex digits over the data files
    std::optional<std::string> intel_db; // path of the phishing-URL store, null when none
    std::uint64_t intel_entries = 0;
    std::vector<FeedInfo> intel_feeds;
    std::vector<DatabaseInfo> geoip;    // empty when no IP database was used
    // "sha256:" + 16 hex digits of the statistical content model, null when none was used.
    std::optional<std::string> content_model;
};

struct Report {
    Verdict verdict = Verdict::Clean;
    double score = 0;
    MessageInfo message;
    std::vector<BrandInfo> brands;
    SenderInfo sender;
    std::optional<OriginInfo> origin;
    std::vector<ReceivedInfo> received;
    AuthInfo auth;
    std::vector<UrlInfo> urls;
    std::vector<AttachmentInfo> attachments;
    std::vector<Finding> findings;
    EngineInfo engine;
    // Why the verdict is what it is: the ids of the (up to three) weightiest findings, in
    // order. A milter header or a web banner can use them without rendering.
    std::vector<std::string> top_reasons;
    // The one-paragraph summary of the write-up (verdict, claimed brand, top reasons) in each
    // language, as the renderers print it.
    LocalizedText summary;
    // Not in the JSON contract: the language the mail is written in ("ja", "en", or "" when
    // neither is decisive), used to choose the report language when none is asked for, and
    // notes about degraded analysis.
    std::string content_language;
    std::vector<std::string> notes;
};

} // namespace mikiwame

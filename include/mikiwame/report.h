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
    // Not in the JSON contract: the sentence that leads the write-up's summary when this
    // finding fires (data/findings.toml `lead`; {from}, {from_domain} filled by the renderer),
    // empty for most findings.
    LocalizedText lead;
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

// The mailbox provider of the sender's address (an ISP, a carrier, a freemail service).
struct ProviderInfo {
    std::string id;
    std::string name;
};

struct SenderInfo {
    SenderAddress from;
    std::optional<std::string> return_path;
    std::optional<std::string> reply_to;
    std::optional<std::string> message_id_domain;
    std::optional<ProviderInfo> provider; // whose mailbox the From address is, when a catalogue brand's
};

struct OriginInfo {
    std::string ip;
    std::optional<std::string> helo;
    std::optional<std::string> rdns;
    std::optional<std::string> country;
    std::optional<std::int64_t> asn;
    std::optional<std::string> as_org;
    // Online with online.fcrdns: "verified" (rdns is a PTR name that resolves back to ip) or
    // "claimed" (as the headers or the server wrote it, not confirmed); nullopt offline.
    std::optional<std::string> rdns_status;
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

// One authentication field of the message (Authentication-Results, ARC-Authentication-Results,
// Received-SPF) and why its results were read or left out.
struct AuthFieldInfo {
    std::string field;                      // the field name as the message spells it
    std::optional<std::string> authserv_id; // authserv-id, or the host that wrote a Received-SPF
    std::uint64_t header_index = 0;         // position among the message's header fields, 0 = topmost
    std::string reason;                     // English
};

// One check mikiwame computed online (source "verified"): a method, its result and what it
// checked ("spf" for sender.example from 192.0.2.10, one "dkim" per signature, "dmarc").
struct AuthCheckInfo {
    std::string method;   // spf | spf_helo | dkim | dmarc | arc
    AuthResult result = AuthResult::None;
    std::string identity; // the domain checked (SPF: MAIL FROM domain; DKIM: d=; DMARC: From domain)
    std::string detail;   // English: the mechanism, the reason, the policy
};

// One DNS lookup of the online checks (query, answer or error, time).
struct DnsLookupInfo {
    std::string type;    // A AAAA TXT MX PTR
    std::string name;
    std::string status;  // answer, no data, NXDOMAIN, SERVFAIL, timeout, not sent (DNS budget spent), error
    std::vector<std::string> answers;
    double ms = 0;
};

struct AuthInfo {
    std::optional<AuthResult> spf; // nullopt: unknown (no trusted result)
    std::optional<AuthResult> dkim;
    std::optional<AuthResult> dmarc;
    std::string source = "header";
    std::vector<AuthFieldInfo> used;    // the fields the results above were read from (or that confirm them)
    std::vector<AuthFieldInfo> ignored; // the fields left out: written by the sender or before the receiver
    // Online only (source "verified"; all empty offline, and left out of the JSON then):
    // what the receiver's trusted fields said, the checks computed and every DNS lookup made.
    std::optional<AuthResult> header_spf;
    std::optional<AuthResult> header_dkim;
    std::optional<AuthResult> header_dmarc;
    std::vector<AuthCheckInfo> checks;
    std::vector<DnsLookupInfo> lookups;
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
    std::string name;    // English (the catalogue's first English name)
    std::string name_ja; // Japanese (the first Japanese name), "" when the catalogue has none
    std::vector<std::string> official_domains;
    std::vector<std::string> evidence;
    // Claimed brands: the mail comes from the brand's family (its official From domain,
    // authentication aligned with it, not found spoofed).
    bool is_genuine = false;
};

// What the mail is after, for the analyst's narrative and the advice (data/lures.toml).
struct LureInfo {
    // The lures and scam kinds the wording shows (content.pretext's and content.scam's names,
    // data/phrases/tags.toml), most telling first.
    std::vector<std::string> kinds;
    // What it wants the reader to do: "login", "pay", "install", "reply", "scan_qr".
    std::vector<std::string> wants;
    // Which advice fits ("credentials", "payment", "install", "crypto", "reply"), "" for the
    // general advice.
    std::string advice;
    // A delivery status notification (multipart/report; report-type=delivery-status): a real
    // bounce when the verdict is clean.
    bool delivery_report = false;
};

// Who sent the abuse desk the forwarded report: the outer mail's own identity, shown so and
// never analysed (its domain is not the sender, a brand or the receiving side of the report).
struct ForwarderInfo {
    std::string address;
    std::string display_name;
    std::string subject;
    std::optional<std::string> date; // the forward's Date field as written
};

// The report is the analysis of a message the mail forwarded (AnalyzeRequest::unwrap_forwarded).
struct ForwardedInfo {
    std::string kind;  // "attachment" (an attached message) or "inline" (written into the body)
    // Inline: the client whose marker it was ("gmail", "outlook", "thunderbird", "apple",
    // "generic"); attachment: what was attached ("rfc822", "eml", "msg").
    std::string style;
    std::size_t depth = 1; // forwards unwrapped (a forward of a forward: 2)
    ForwarderInfo forwarder; // of the outermost forward
    // Header fields of the analysed message, as far as they survived the forward: of "from",
    // "date", "subject", "to", "cc", "reply_to" those it has.
    std::vector<std::string> recovered_headers;
    std::vector<std::string> notes; // what did not survive, English
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
    // Set when the report is the analysis of a forwarded message (the customer's forward is
    // not judged); null otherwise.
    std::optional<ForwardedInfo> forwarded;
    std::vector<BrandInfo> brands;           // brands the mail claims to be from
    std::vector<BrandInfo> mentioned_brands; // brands it only names (text, links)
    SenderInfo sender;
    std::optional<OriginInfo> origin;
    std::vector<ReceivedInfo> received;
    AuthInfo auth;
    std::vector<UrlInfo> urls;
    std::vector<AttachmentInfo> attachments;
    std::vector<Finding> findings;
    LureInfo lure;
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

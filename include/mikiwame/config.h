// SPDX-License-Identifier: Apache-2.0
// The configuration file, mikiwame.toml (docs/configuration.md, key by key). Reading it is
// the apps' business: the engine itself reads no file it is not given. Every key is checked
// when the file is read; an unknown key, a wrong type or a bad value is a Config error with
// "file:line:col".
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mikiwame/engine.h"
#include "mikiwame/report.h"
#include "mikiwame/result.h"

namespace mikiwame {

// What the milter does with a mail of one verdict (`milter.on_<verdict>`, a list of actions).
// Reject wins over quarantine; headers and tag go with quarantine, not with reject.
struct MilterActions {
    bool headers = true;     // add the X-Mikiwame-* headers
    bool tag = false;        // prefix the subject with the verdict's tag
    bool quarantine = false; // Postfix's hold queue (smfi_quarantine)
    bool reject = false;     // 550 5.7.1 with milter.reject_text
};

// What the milter does when it cannot give a verdict in time (internal error, time budget).
enum class MilterOnError { Accept, TempFail };

// `mikiwame milter` ([milter] in mikiwame.toml; docs/milter.md).
struct MilterSettings {
    // libmilter socket: "inet:PORT@HOST", "inet6:PORT@HOST" or "unix:/path".
    std::string listen = "inet:11332@127.0.0.1";
    // Analysis threads, each with its own AnalysisContext; 0: one per core.
    std::size_t workers = 0;
    // A larger mail is not buffered nor analysed: it passes unchanged (forged X-Mikiwame-*
    // headers are still removed) with a log line.
    std::size_t max_message_bytes = 10u * 1024 * 1024;
    MilterOnError on_error = MilterOnError::Accept;
    // One JSON line per message; empty: standard error. Reopened on SIGHUP (log rotation).
    std::filesystem::path log_file;
    MilterActions on_clean{};
    MilterActions on_suspicious{};
    MilterActions on_spam{};
    MilterActions on_phishing{};
    // Subject tags per verdict and language (the configuration's `language`, else the mail's).
    LocalizedText tag_clean{};
    LocalizedText tag_suspicious{"【要注意】", "[suspicious]"};
    LocalizedText tag_spam{"【迷惑メール】", "[spam]"};
    LocalizedText tag_phishing{"【フィッシング注意】", "[phishing]"};
    // Text of the 550 5.7.1 reply when a verdict's actions include reject (printable ASCII).
    std::string reject_text = "Message refused: it looks like phishing (mikiwame)";

    const MilterActions& actions_for(Verdict verdict) const noexcept {
        switch (verdict) {
        case Verdict::Clean: return on_clean;
        case Verdict::Suspicious: return on_suspicious;
        case Verdict::Spam: return on_spam;
        case Verdict::Phishing: return on_phishing;
        }
        return on_clean;
    }
    const LocalizedText& tag_for(Verdict verdict) const noexcept {
        switch (verdict) {
        case Verdict::Clean: return tag_clean;
        case Verdict::Suspicious: return tag_suspicious;
        case Verdict::Spam: return tag_spam;
        case Verdict::Phishing: return tag_phishing;
        }
        return tag_clean;
    }
};

// `mikiwame publish`, `worker` and `results` on NATS JetStream ([nats] in mikiwame.toml;
// docs/scale-out.md). Flags override these.
struct NatsSettings {
    std::string url = "nats://127.0.0.1:4222";
    // The work-queue stream of raw mails; it holds `subject.>` and mails go to `subject.raw`.
    std::string stream = "MIKIWAME_MAIL";
    std::string subject = "mikiwame.mail";
    // The stream of reports; it holds `results_subject.>` and a report goes to
    // `results_subject.<verdict>`.
    std::string results_stream = "MIKIWAME_RESULTS";
    std::string results_subject = "mikiwame.results";
    // Durable consumer names: the workers share one, the collector has its own.
    std::string worker_consumer = "mikiwame-worker";
    std::string results_consumer = "mikiwame-results";
    // A mail not acknowledged this long after delivery goes to another worker (a worker sends
    // "in progress" for the analyses it still holds).
    std::size_t ack_wait_seconds = 60;
    // A mail is handed out at most this often (a mail that kills every worker stops here).
    std::size_t max_deliver = 10;
    // Both streams drop a message whose Nats-Msg-Id (the mail's sha256) they stored this recently.
    std::size_t duplicate_window_seconds = 3600;
};

// `mikiwame serve`: the web page and HTTP API ([serve] in mikiwame.toml; docs/serve.md).
struct ServeSettings {
    // HOST:PORT ("[::1]:8080" for IPv6). Loopback by default: put a reverse proxy in front to
    // serve others (docs/serve.md).
    std::string listen = "127.0.0.1:8080";
    // The history of analyses (SQLite); empty: $XDG_STATE_HOME/mikiwame/serve.sqlite (the app
    // resolves it). ":memory:" keeps nothing across restarts.
    std::filesystem::path history_db;
    // Reports older than this are deleted (at start and hourly); 0 keeps them for ever.
    std::size_t retention_days = 30;
    // Keep the raw mail beside its report (the page's source and HTML views of past reports).
    // Off: only the report is kept; the mail itself is forgotten once analysed.
    bool store_raw = false;
    // A larger request body is refused with 413.
    std::size_t max_upload_bytes = 10u * 1024 * 1024;
    // Analyses per minute per client address (token bucket, bursts of a tenth of it, at least
    // 1); 0: no limit. Over it: 429 with Retry-After.
    std::size_t rate_limit_per_minute = 60;
    // Reading a request and writing a response give up after this long (slow clients).
    std::size_t timeout_seconds = 30;
    // HTTP worker threads, each with its own AnalysisContext; 0: max(8, cores - 1).
    std::size_t threads = 0;
    // A file whose first line is the bearer token every /api/ call must carry; empty: none.
    std::filesystem::path token_file;
    // Host names the server answers to besides the listen address, localhost, 127.0.0.1 and
    // [::1] (the public name behind a reverse proxy). Others get 421: a page on another site
    // cannot reach this server through a DNS name it controls (DNS rebinding).
    std::vector<std::string> allowed_hosts;
    // Rate-limit by the last address of X-Forwarded-For (only behind a reverse proxy that sets it).
    bool trust_forwarded_for = false;
};

struct Config {
    // The engine's options: data directory, limits, networks, IP and intel databases and the
    // verdict thresholds. Relative paths in the file are relative to the file's directory.
    EngineOptions engine;
    // Directory of the IP databases (`geoip.dir`); the app looks for the files in it when
    // `geoip.country`/`geoip.asn` are not set.
    std::filesystem::path geoip_dir;
    // Default report language ("ja", "en"; empty: the mail's own).
    std::string language;
    // `analysis.unwrap_forwarded`: analyse a forwarded report as the message it forwards
    // (AnalyzeRequest::unwrap_forwarded) in `analyze`, `eval` and `learn`; the milter never does.
    bool unwrap_forwarded = true;
    // `mikiwame milter`'s own settings.
    MilterSettings milter;
    // The NATS JetStream commands' settings.
    NatsSettings nats;
    // `mikiwame serve`'s settings.
    ServeSettings serve;
    // The file this came from; empty for the built-in defaults.
    std::filesystem::path source;
};

// Reads and checks `path`. CannotOpen when it cannot be read, Config when it is invalid.
[[nodiscard]] Result<Config> load_config(const std::filesystem::path& path);
// Parses configuration text; `origin` names it in errors, `base_dir` anchors relative paths.
[[nodiscard]] Result<Config> parse_config(std::string_view text, std::string_view origin,
                                          const std::filesystem::path& base_dir);

// Every key the loader reads, dotted ("limits.max_message_bytes"), in documentation order;
// reserved sections appear as "scan.*" etc.
const std::vector<std::string>& config_keys();

// The system-wide file the apps read when no --config is given and it exists.
constexpr const char* kSystemConfigPath = "/etc/mikiwame/mikiwame.toml";

} // namespace mikiwame

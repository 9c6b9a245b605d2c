// SPDX-License-Identifier: Apache-2.0
// mikiwame.toml: one table of known keys per section, each key read by exactly one entry of
// the tables below, so that config_keys() and the loader cannot drift apart.
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <sstream>

#include "catalog/toml.h"
#include "mikiwame/config.h"
#include "net/ip_address.h"

namespace mikiwame {

namespace {

namespace fs = std::filesystem;

struct Reader {
    std::string_view origin;
    fs::path base_dir;
    Config& config;

    Unexpected<Error> error(const toml::node& node, std::string message) const {
        return make_error(ErrorCode::Config, std::move(message), catalog::toml_location(origin, node.source()));
    }
    Result<std::string> string(const toml::node& node, std::string_view key) const {
        auto v = node.value<std::string>();
        if (!v) return error(node, fmt::format("{}: expected a string", key));
        return *v;
    }
    Result<fs::path> path(const toml::node& node, std::string_view key) const {
        auto s = string(node, key);
        if (!s) return Unexpected<Error>{s.error()};
        if (s->empty()) return fs::path{};
        fs::path p(*s);
        return p.is_absolute() ? p : base_dir / p;
    }
    Result<std::size_t> size(const toml::node& node, std::string_view key) const {
        auto v = node.value<std::int64_t>();
        if (!v || *v <= 0) return error(node, fmt::format("{}: expected a positive integer", key));
        return static_cast<std::size_t>(*v);
    }
    Result<bool> boolean(const toml::node& node, std::string_view key) const {
        // value<bool>() would also take an integer (3 → true): only true and false are booleans.
        auto v = node.is_boolean() ? node.value<bool>() : std::nullopt;
        if (!v) return error(node, fmt::format("{}: expected true or false", key));
        return *v;
    }
    // An integer from `min` to `max`; `min_means` says what the lowest value does ("no limit").
    Result<std::size_t> integer(const toml::node& node, std::string_view key, std::int64_t min, std::int64_t max,
                                std::string_view min_means = {}) const {
        auto v = node.value<std::int64_t>();
        if (!v || *v < min || *v > max)
            return error(node, fmt::format("{}: expected an integer from {}{} to {}", key, min,
                                           min_means.empty() ? std::string() : fmt::format(" ({})", min_means), max));
        return static_cast<std::size_t>(*v);
    }
    Result<double> number(const toml::node& node, std::string_view key) const {
        auto v = node.value<double>();
        if (!v || *v < 0) return error(node, fmt::format("{}: expected a number >= 0", key));
        return *v;
    }
    Result<std::vector<std::string>> strings(const toml::node& node, std::string_view key) const {
        const toml::array* array = node.as_array();
        if (!array) return error(node, fmt::format("{}: expected an array of strings", key));
        std::vector<std::string> out;
        for (const auto& element : *array) {
            auto v = element.value<std::string>();
            if (!v) return error(element, fmt::format("{}: expected an array of strings", key));
            out.push_back(*v);
        }
        return out;
    }
};

using Setter = std::function<std::optional<Error>(const Reader&, const toml::node&)>;

struct Key {
    const char* name; // dotted
    Setter set;
};

template <typename T, typename F>
std::optional<Error> assign(Result<T> value, F&& f) {
    if (!value) return value.error();
    f(std::move(value.value()));
    return std::nullopt;
}

// A stream or consumer name (JetStream: no '.', '*', '>', space or path separator) and a subject
// prefix (dot-separated tokens, no wildcard: the streams add ".>").
bool nats_name(std::string_view v) {
    return !v.empty() && v.size() <= 64 &&
           std::all_of(v.begin(), v.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_'; });
}
bool nats_subject(std::string_view v) {
    if (v.empty() || v.front() == '.' || v.back() == '.' || v.find("..") != std::string_view::npos) return false;
    return std::all_of(v.begin(), v.end(), [](char c) { return c > ' ' && c < 0x7f && c != '*' && c != '>'; });
}
// `serve.listen`: HOST:PORT or [IPv6]:PORT with a port from 1 to 65535.
bool valid_listen(std::string_view v) {
    const auto colon = v.rfind(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    std::string_view host = v.substr(0, colon), port = v.substr(colon + 1);
    if (host.front() == '[' && (host.size() < 3 || host.back() != ']')) return false;
    if (host.front() != '[' && host.find(':') != std::string_view::npos) return false;
    if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
    const int number = std::stoi(std::string(port));
    return number >= 1 && number <= 65535;
}

#define MIKIWAME_NATS_NAME(key)                                                                                        \
    Key {                                                                                                              \
        "nats." #key, [](const Reader& r, const toml::node& n) -> std::optional<Error> {                              \
            auto v = r.string(n, "nats." #key);                                                                        \
            if (!v) return v.error();                                                                                  \
            if (!nats_name(*v)) return r.error(n, "nats." #key ": expected letters, digits, '-' and '_' (at most 64)").error; \
            r.config.nats.key = *v;                                                                                    \
            return std::nullopt;                                                                                       \
        }                                                                                                              \
    }
#define MIKIWAME_NATS_SUBJECT(key)                                                                                     \
    Key {                                                                                                              \
        "nats." #key, [](const Reader& r, const toml::node& n) -> std::optional<Error> {                              \
            auto v = r.string(n, "nats." #key);                                                                        \
            if (!v) return v.error();                                                                                  \
            if (!nats_subject(*v)) return r.error(n, "nats." #key ": expected a subject such as \"mikiwame.mail\" (no wildcard)").error; \
            r.config.nats.key = *v;                                                                                    \
            return std::nullopt;                                                                                       \
        }                                                                                                              \
    }

// "IP" or "IP@PORT" (unbound's notation for a forwarder).
bool valid_resolver(std::string_view v) {
    const std::size_t at = v.find('@');
    if (!net::parse_ip(v.substr(0, at)) || v.substr(0, at).find_first_of("[]") != std::string_view::npos) return false;
    if (at == std::string_view::npos) return true;
    std::string_view port = v.substr(at + 1);
    if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
    const int p = std::stoi(std::string(port));
    return p >= 1 && p <= 65535;
}

// A zone name for a blocklist: dot-separated labels of letters, digits, '-' and '_'.
bool valid_zone(std::string_view v) {
    if (v.empty() || v.size() > 200 || v.front() == '.' || v.find("..") != std::string_view::npos) return false;
    return std::all_of(v.begin(), v.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'; });
}

// `milter.on_<verdict>`: a list of "headers", "tag", "quarantine", "reject" (empty: accept as is).
std::optional<Error> read_actions(const Reader& r, const toml::node& n, std::string_view key, MilterActions& out) {
    const toml::array* array = n.as_array();
    if (!array) return r.error(n, fmt::format("{}: expected an array of actions (\"headers\", \"tag\", \"quarantine\", \"reject\")", key)).error;
    MilterActions actions{false, false, false, false};
    for (const auto& element : *array) {
        auto v = element.value<std::string>();
        if (v && *v == "headers") actions.headers = true;
        else if (v && *v == "tag") actions.tag = true;
        else if (v && *v == "quarantine") actions.quarantine = true;
        else if (v && *v == "reject") actions.reject = true;
        else
            return r.error(element, fmt::format("{}: unknown action {} (expected \"headers\", \"tag\", \"quarantine\" or \"reject\")", key,
                                                v ? "'" + *v + "'" : std::string("(not a string)")))
                .error;
    }
    out = actions;
    return std::nullopt;
}

// A header or SMTP reply text must stay on one line.
bool has_line_break(std::string_view s) {
    return s.find_first_of("\r\n") != std::string_view::npos;
}

// `milter.tag_<verdict>`: { ja = "…", en = "…" }; a language left out keeps its default.
std::optional<Error> read_tag(const Reader& r, const toml::node& n, std::string_view key, LocalizedText& out) {
    const toml::table* table = n.as_table();
    if (!table) return r.error(n, fmt::format("{}: expected a table {{ ja = \"…\", en = \"…\" }}", key)).error;
    for (const auto& [lang, value] : *table) {
        auto v = value.value<std::string>();
        if (!v || has_line_break(*v)) return r.error(value, fmt::format("{}.{}: expected a one-line string", key, lang.str())).error;
        if (lang.str() == "ja") out.ja = *v;
        else if (lang.str() == "en") out.en = *v;
        else return r.error(value, fmt::format("{}: unknown language {} (expected ja or en)", key, lang.str())).error;
    }
    return std::nullopt;
}

#define MIKIWAME_MILTER_ACTIONS(verdict)                                                                      \
    Key {                                                                                                     \
        "milter.on_" #verdict, [](const Reader& r, const toml::node& n) {                                    \
            return read_actions(r, n, "milter.on_" #verdict, r.config.milter.on_##verdict);                   \
        }                                                                                                     \
    }
#define MIKIWAME_MILTER_TAG(verdict)                                                                          \
    Key {                                                                                                     \
        "milter.tag_" #verdict, [](const Reader& r, const toml::node& n) {                                   \
            return read_tag(r, n, "milter.tag_" #verdict, r.config.milter.tag_##verdict);                     \
        }                                                                                                     \
    }

#define MIKIWAME_LIMIT(field)                                                                                  \
    Key {                                                                                                      \
        "limits." #field, [](const Reader& r, const toml::node& n) {                                          \
            return assign(r.size(n, "limits." #field), [&](std::size_t v) { r.config.engine.limits.field = v; }); \
        }                                                                                                      \
    }

const std::vector<Key>& keys() {
    static const std::vector<Key> table = {
        {"data_dir", [](const Reader& r, const toml::node& n) { return assign(r.path(n, "data_dir"), [&](fs::path v) { r.config.engine.data_dir = v; }); }},
        {"cache_dir", [](const Reader& r, const toml::node& n) { return assign(r.path(n, "cache_dir"), [&](fs::path v) { r.config.engine.cache_dir = v; }); }},
        {"language", [](const Reader& r, const toml::node& n) -> std::optional<Error> {
             auto v = r.string(n, "language");
             if (!v) return v.error();
             if (*v != "ja" && *v != "en" && !v->empty()) return r.error(n, "language: expected \"ja\", \"en\" or \"\"").error;
             r.config.language = *v;
             return std::nullopt;
         }},
        MIKIWAME_LIMIT(max_message_bytes),
        MIKIWAME_LIMIT(max_header_bytes),
        MIKIWAME_LIMIT(max_header_count),
        MIKIWAME_LIMIT(max_mime_depth),
        MIKIWAME_LIMIT(max_mime_parts),
        MIKIWAME_LIMIT(max_received_hops),
        MIKIWAME_LIMIT(max_urls),
        MIKIWAME_LIMIT(max_decoded_text_bytes),
        MIKIWAME_LIMIT(max_attachment_scan_bytes),
        MIKIWAME_LIMIT(max_html_nodes),
        MIKIWAME_LIMIT(max_qr_images),
        MIKIWAME_LIMIT(max_qr_image_bytes),
        MIKIWAME_LIMIT(max_qr_image_pixels),
        MIKIWAME_LIMIT(max_forward_depth),
        MIKIWAME_LIMIT(max_analysis_ms),
        {"analysis.unwrap_forwarded", [](const Reader& r, const toml::node& n) { return assign(r.boolean(n, "analysis.unwrap_forwarded"), [&](bool v) { r.config.unwrap_forwarded = v; }); }},
        {"network.trusted_networks", [](const Reader& r, const toml::node& n) -> std::optional<Error> {
             const toml::array* array = n.as_array();
             if (!array) return r.error(n, "network.trusted_networks: expected an array of CIDR strings").error;
             for (const auto& element : *array) {
                 auto v = element.value<std::string>();
                 if (!v || !net::parse_cidr(*v))
                     return r.error(element, fmt::format("network.trusted_networks: not a network in CIDR notation: {}",
                                                         v ? "'" + *v + "'" : std::string("(not a string)")))
                         .error;
                 r.config.engine.trusted_networks.push_back(*v);
             }
             return std::nullopt;
         }},
        {"network.internal_domains", [](const Reader& r, const toml::node& n) {
             return assign(r.strings(n, "network.internal_domains"), [&](std::vector<std::string> v) { r.config.engine.internal_domains = v; });
         }},
        {"geoip.dir", [](const Reader& r, const toml::node& n) { return assign(r.path(n, "geoip.dir"), [&](fs::path v) { r.config.geoip_dir = v; }); }},
        {"geoip.country", [](const Reader& r, const toml::node& n) { return assign(r.path(n, "geoip.country"), [&](fs::path v) { r.config.engine.geoip_country = v; }); }},
        {"geoip.asn", [](const Reader& r, const toml::node& n) { return assign(r.path(n, "geoip.asn"), [&](fs::path v) { r.config.engine.geoip_asn = v; }); }},
        {"intel.db", [](const Reader& r, const toml::node& n) { return assign(r.path(n, "intel.db"), [&](fs::path v) { r.config.engine.intel_db = v; }); }},
        {"model.path", [](const Reader& r, const toml::node& n) { return assign(r.path(n, "model.path"), [&](fs::path v) { r.config.engine.content_model = v; }); }},
        {"model.enabled", [](const Reader& r, const toml::node& n) { return assign(r.boolean(n, "model.enabled"), [&](bool v) { r.config.engine.use_content_model = v; }); }},
        {"scoring.phishing_threshold", [](const Reader& r, const toml::node& n) { return assign(r.number(n, "scoring.phishing_threshold"), [&](double v) { r.config.engine.phishing_threshold = v; }); }},
        {"scoring.spam_threshold", [](const Reader& r, const toml::node& n) { return assign(r.number(n, "scoring.spam_threshold"), [&](double v) { r.config.engine.spam_threshold = v; }); }},
        {"scoring.suspicious_threshold", [](const Reader& r, const toml::node& n) { return assign(r.number(n, "scoring.suspicious_threshold"), [&](double v) { r.config.engine.suspicious_threshold = v; }); }},
        {"milter.listen", [](const Reader& r, const toml::node& n) -> std::optional<Error> {
             auto v = r.string(n, "milter.listen");
             if (!v) return v.error();
             if (v->rfind("unix:", 0) != 0 && v->rfind("local:", 0) != 0 && v->rfind("inet:", 0) != 0 && v->rfind("inet6:", 0) != 0)
                 return r.error(n, "milter.listen: expected \"unix:/path\", \"inet:PORT@HOST\" or \"inet6:PORT@HOST\"").error;
             r.config.milter.listen = *v;
             return std::nullopt;
         }},
        {"milter.workers", [](const Reader& r, const toml::node& n) {
             return assign(r.integer(n, "milter.workers", 0, 1024, "one per core"), [&](std::size_t v) { r.config.milter.workers = v; });
         }},
        {"milter.max_message_bytes", [](const Reader& r, const toml::node& n) { return assign(r.size(n, "milter.max_message_bytes"), [&](std::size_t v) { r.config.milter.max_message_bytes = v; }); }},
        {"milter.on_error", [](const Reader& r, const toml::node& n) -> std::optional<Error> {
             auto v = r.string(n, "milter.on_error");
             if (!v) return v.error();
             if (*v == "accept") r.config.milter.on_error = MilterOnError::Accept;
             else if (*v == "tempfail") r.config.milter.on_error = MilterOnError::TempFail;
             else return r.error(n, "milter.on_error: expected \"accept\" or \"tempfail\"").error;
             return std::nullopt;
         }},
        {"milter.log_file", [](const Reader& r, const toml::node& n) { return assign(r.path(n, "milter.log_file"), [&](fs::path v) { r.config.milter.log_file = v; }); }},
        MIKIWAME_MILTER_ACTIONS(clean),
        MIKIWAME_MILTER_ACTIONS(suspicious),
        MIKIWAME_MILTER_ACTIONS(spam),
        MIKIWAME_MILTER_ACTIONS(phishing),
        MIKIWAME_MILTER_TAG(clean),
        MIKIWAME_MILTER_TAG(suspicious),
        MIKIWAME_MILTER_TAG(spam),
        MIKIWAME_MILTER_TAG(phishing),
        {"milter.reject_text", [](const Reader& r, const toml::node& n) -> std::optional<Error> {
             auto v = r.string(n, "milter.reject_text");
             if (!v) return v.error();
             // An SMTP reply is printable ASCII on one line (RFC 5321 §4.2).
             bool printable = !v->empty() && std::all_of(v->begin(), v->end(), [](char c) { return c >= 0x20 && c < 0x7f; });
             if (!printable) return r.error(n, "milter.reject_text: expected printable ASCII text on one line").error;
             r.config.milter.reject_text = *v;
             return std::nullopt;
         }},
        {"nats.url", [](const Reader& r, const toml::node& n) -> std::optional<Error> {
             auto v = r.string(n, "nats.url");
             if (!v) return v.error();
             if (v->empty()) return r.error(n, "nats.url: expected a URL such as \"nats://127.0.0.1:4222\"").error;
             r.config.nats.url = *v;
             return std::nullopt;
         }},
        MIKIWAME_NATS_NAME(stream),
        MIKIWAME_NATS_SUBJECT(subject),
        MIKIWAME_NATS_NAME(results_stream),
        MIKIWAME_NATS_SUBJECT(results_subject),
        MIKIWAME_NATS_NAME(worker_consumer),
        MIKIWAME_NATS_NAME(results_consumer),
        {"nats.ack_wait_seconds", [](const Reader& r, const toml::node& n) { return assign(r.size(n, "nats.ack_wait_seconds"), [&](std::size_t v) { r.config.nats.ack_wait_seconds = v; }); }},
        {"nats.max_deliver", [](const Reader& r, const toml::node& n) { return assign(r.size(n, "nats.max_deliver"), [&](std::size_t v) { r.config.nats.max_deliver = v; }); }},
        {"serve.listen", [](const Reader& r, const toml::node& n) -> std::optional<Error> {
             auto v = r.string(n, "serve.listen");
             if (!v) return v.error();
             if (!valid_listen(*v)) return r.error(n, "serve.listen: expected HOST:PORT such as \"127.0.0.1:8080\" or \"[::1]:8080\"").error;
             r.config.serve.listen = *v;
             return std::nullopt;
         }},
        {"serve.history_db", [](const Reader& r, const toml::node& n) -> std::optional<Error> {
             auto v = r.string(n, "serve.history_db");
             if (!v) return v.error();
             if (*v == ":memory:") { r.config.serve.history_db = *v; return std::nullopt; }
             return assign(r.path(n, "serve.history_db"), [&](fs::path p) { r.config.serve.history_db = p; });
         }},
        {"serve.retention_days", [](const Reader& r, const toml::node& n) {
             return assign(r.integer(n, "serve.retention_days", 0, 36500, "keep for ever"), [&](std::size_t v) { r.config.serve.retention_days = v; });
         }},
        {"serve.store_raw", [](const Reader& r, const toml::node& n) { return assign(r.boolean(n, "serve.store_raw"), [&](bool v) { r.config.serve.store_raw = v; }); }},
        {"serve.max_upload_bytes", [](const Reader& r, const toml::node& n) { return assign(r.size(n, "serve.max_upload_bytes"), [&](std::size_t v) { r.config.serve.max_upload_bytes = v; }); }},
        {"serve.rate_limit_per_minute", [](const Reader& r, const toml::node& n) {
             return assign(r.integer(n, "serve.rate_limit_per_minute", 0, 1000000, "no limit"), [&](std::size_t v) { r.config.serve.rate_limit_per_minute = v; });
         }},
        {"serve.timeout_seconds", [](const Reader& r, const toml::node& n) {
             return assign(r.integer(n, "serve.timeout_seconds", 1, 3600), [&](std::size_t v) { r.config.serve.timeout_seconds = v; });
         }},
        {"serve.threads", [](const Reader& r, const toml::node& n) {
             return assign(r.integer(n, "serve.threads", 0, 1024, "automatic"), [&](std::size_t v) { r.config.serve.threads = v; });
         }},
        {"serve.token_file", [](const Reader& r, const toml::node& n) { return assign(r.path(n, "serve.token_file"), [&](fs::path v) { r.config.serve.token_file = v; }); }},
        {"serve.allowed_hosts", [](const Reader& r, const toml::node& n) -> std::optional<Error> {
             auto v = r.strings(n, "serve.allowed_hosts");
             if (!v) return v.error();
             for (const auto& host : *v)
                 if (host.empty() || host.find_first_of(" /\t\r\n") != std::string::npos)
                     return r.error(n, fmt::format("serve.allowed_hosts: not a host name: '{}'", host)).error;
             r.config.serve.allowed_hosts = *v;
             return std::nullopt;
         }},
        {"serve.trust_forwarded_for", [](const Reader& r, const toml::node& n) { return assign(r.boolean(n, "serve.trust_forwarded_for"), [&](bool v) { r.config.serve.trust_forwarded_for = v; }); }},
        {"nats.duplicate_window_seconds", [](const Reader& r, const toml::node& n) { return assign(r.size(n, "nats.duplicate_window_seconds"), [&](std::size_t v) { r.config.nats.duplicate_window_seconds = v; }); }},
        // [online]: DNS checks of SPF/DKIM/DMARC, FCrDNS and blocklists (docs/authentication.md).
        {"online.enabled", [](const Reader& r, const toml::node& n) { return assign(r.boolean(n, "online.enabled"), [&](bool v) { r.config.engine.online.enabled = v; }); }},
        {"online.resolver", [](const Reader& r, const toml::node& n) -> std::optional<Error> {
             auto v = r.string(n, "online.resolver");
             if (!v) return v.error();
             if (!v->empty() && !valid_resolver(*v))
                 return r.error(n, fmt::format("online.resolver: expected IP or IP@PORT, not '{}'", *v)).error;
             r.config.engine.online.resolver = *v;
             return std::nullopt;
         }},
        {"online.dnssec", [](const Reader& r, const toml::node& n) { return assign(r.boolean(n, "online.dnssec"), [&](bool v) { r.config.engine.online.dnssec = v; }); }},
        {"online.timeout_ms", [](const Reader& r, const toml::node& n) { return assign(r.size(n, "online.timeout_ms"), [&](std::size_t v) { r.config.engine.online.timeout_ms = v; }); }},
        {"online.budget_ms", [](const Reader& r, const toml::node& n) { return assign(r.size(n, "online.budget_ms"), [&](std::size_t v) { r.config.engine.online.budget_ms = v; }); }},
        {"online.fcrdns", [](const Reader& r, const toml::node& n) { return assign(r.boolean(n, "online.fcrdns"), [&](bool v) { r.config.engine.online.fcrdns = v; }); }},
        {"online.dnsbl", [](const Reader& r, const toml::node& n) -> std::optional<Error> {
             auto v = r.strings(n, "online.dnsbl");
             if (!v) return v.error();
             for (const auto& zone : *v)
                 if (!valid_zone(zone)) return r.error(n, fmt::format("online.dnsbl: not a DNS zone name: '{}'", zone)).error;
             r.config.engine.online.dnsbl = *v;
             return std::nullopt;
         }},
        {"online.uribl", [](const Reader& r, const toml::node& n) -> std::optional<Error> {
             auto v = r.strings(n, "online.uribl");
             if (!v) return v.error();
             for (const auto& zone : *v)
                 if (!valid_zone(zone)) return r.error(n, fmt::format("online.uribl: not a DNS zone name: '{}'", zone)).error;
             r.config.engine.online.uribl = *v;
             return std::nullopt;
         }},
    };
    return table;
}
#undef MIKIWAME_NATS_NAME
#undef MIKIWAME_NATS_SUBJECT
#undef MIKIWAME_LIMIT
#undef MIKIWAME_MILTER_ACTIONS
#undef MIKIWAME_MILTER_TAG

// Sections the apps to come will read; present and empty is fine, any key in them is not yet.
constexpr const char* kReservedSections[] = {"scan"};
constexpr const char* kSections[] = {"limits", "analysis", "network", "geoip", "intel", "model", "scoring", "milter", "nats", "serve", "online"};

const Key* find_key(std::string_view dotted) {
    for (const auto& k : keys())
        if (dotted == k.name) return &k;
    return nullptr;
}

} // namespace

const std::vector<std::string>& config_keys() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const auto& k : keys()) out.emplace_back(k.name);
        for (const char* s : kReservedSections) out.push_back(std::string(s) + ".*");
        return out;
    }();
    return names;
}

Result<Config> parse_config(std::string_view text, std::string_view origin, const std::filesystem::path& base_dir) {
    auto parsed = catalog::parse_toml(text, origin);
    if (!parsed) return Unexpected<Error>{parsed.error()};
    Config config;
    Reader reader{origin, base_dir, config};
    for (const auto& [top_key, top_node] : *parsed) {
        const std::string top(top_key.str());
        if (const toml::table* section = top_node.as_table()) {
            bool reserved = std::find(std::begin(kReservedSections), std::end(kReservedSections), top) != std::end(kReservedSections);
            bool known = std::find(std::begin(kSections), std::end(kSections), top) != std::end(kSections);
            if (!reserved && !known)
                return reader.error(top_node, fmt::format("unknown section [{}]", top));
            for (const auto& [key, node] : *section) {
                const std::string dotted = top + "." + std::string(key.str());
                if (reserved)
                    return reader.error(node, fmt::format("unknown key {}: section [{}] has no settings in this version", dotted, top));
                const Key* k = find_key(dotted);
                if (!k) return reader.error(node, fmt::format("unknown key {}", dotted));
                if (auto e = k->set(reader, node)) return Unexpected<Error>{*e};
            }
            continue;
        }
        const Key* k = find_key(top);
        if (!k) return reader.error(top_node, fmt::format("unknown key {}", top));
        if (auto e = k->set(reader, top_node)) return Unexpected<Error>{*e};
    }
    return config;
}

Result<Config> load_config(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::error_code ec;
    if (!in || std::filesystem::is_directory(path, ec))
        return make_error(ErrorCode::CannotOpen, "cannot read the configuration file", path.string());
    std::ostringstream text;
    text << in.rdbuf();
    fs::path base = path.has_parent_path() ? path.parent_path() : fs::path(".");
    auto config = parse_config(text.str(), path.string(), base);
    if (config) config->source = path;
    return config;
}

} // namespace mikiwame

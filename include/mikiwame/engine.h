// SPDX-License-Identifier: Apache-2.0
// The facade: load the data once, then analyse any number of messages. Engine is immutable
// after load(); analyze() is const, re-entrant and noexcept, so the milter's, the scanner's and
// the server's threads share one engine, each with its own AnalysisContext. Nothing here
// prints, exits, throws, reads the environment or opens a file it was not given.
#pragma once

#include <filesystem>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mikiwame/context.h"
#include "mikiwame/limits.h"
#include "mikiwame/model.h"
#include "mikiwame/render.h"
#include "mikiwame/report.h"
#include "mikiwame/request.h"
#include "mikiwame/result.h"

namespace mikiwame {

// Network checks ([online] in mikiwame.toml, docs/authentication.md). Used only for a request
// with AnalyzeRequest::online; `enabled` is the apps' default for that flag.
struct OnlineOptions {
    bool enabled = false;
    std::string resolver;           // "IP" or "IP@PORT"; empty: /etc/resolv.conf
    bool dnssec = true;             // validate (root trust anchor data/dns/root.key)
    std::size_t timeout_ms = 2000;  // per DNS lookup
    std::size_t budget_ms = 5000;   // all DNS lookups of one message
    bool fcrdns = false;            // forward-confirmed reverse DNS of the origin
    std::vector<std::string> dnsbl; // DNS blocklist zones for the origin IP
    std::vector<std::string> uribl; // URI blocklist zones for link domains
};

struct EngineOptions {
    std::filesystem::path data_dir; // empty: default_data_dir()
    Limits limits;
    // Networks (CIDR) and domains of the receiving organisation; empty: detected from the
    // Received chain without configuration. A malformed CIDR is a load error.
    std::vector<std::string> trusted_networks;
    std::vector<std::string> internal_domains;
    // MaxMind DB files for IP country and ASN (the open ip-location-db files or GeoLite2/GeoIP2);
    // empty: no such database, reports say so in their notes.
    std::filesystem::path geoip_country;
    std::filesystem::path geoip_asn;
    // Phishing-URL database filled by `mikiwame intel import`; empty: none. A path that does
    // not exist is a load error.
    std::filesystem::path intel_db;
    // Verdict thresholds over data/scoring.toml's, when set (configuration file, [scoring]).
    std::optional<double> phishing_threshold;
    std::optional<double> spam_threshold;
    std::optional<double> suspicious_threshold;
    // The statistical content model (`mikiwame learn`, docs/model.md). Empty: the data
    // directory's model/content.model when that file exists, else none. A model named here that
    // cannot be read, and any damaged or foreign model file, is a load error (Config).
    std::filesystem::path content_model;
    // false: no content model even when the data directory has one (the rules alone).
    bool use_content_model = true;
    // A model held in memory (ModelTrainer::serialize), used instead of any file when not
    // empty: cross-validation trains one per fold.
    std::string content_model_bytes;
    // Online authentication and blocklists (AnalyzeRequest::online).
    OnlineOptions online;
    // Where compiled pattern databases are kept between runs (docs/performance.md); empty: they
    // are compiled at every load. Verified before use; a stale or damaged entry is compiled
    // again and replaced; a directory that cannot be written only costs the store.
    std::filesystem::path cache_dir;
};

// What the load did with the pattern-database cache (EngineOptions::cache_dir).
struct CacheCounts {
    unsigned hits = 0;       // loaded from the cache
    unsigned misses = 0;     // not in the cache: compiled and stored
    unsigned stale = 0;      // cached for other data, Hyperscan or CPU: compiled and replaced
    unsigned rejected = 0;   // a damaged entry: compiled and replaced
    unsigned unwritable = 0; // compiled but not stored (directory not writable)
};

// The data directory compiled in as the default (the source tree's data/).
std::filesystem::path default_data_dir();
// The IP database directory compiled in as a default (the source tree's var/geoip, where
// scripts/install-geoip.sh puts the open databases). Never used unless an app passes it.
std::filesystem::path default_geoip_dir();

// The IP databases in `dir`: country.mmdb and asn.mmdb (scripts/install-geoip.sh), else
// MaxMind's file names (GeoLite2-Country, GeoIP2-Country, GeoLite2-City, GeoIP2-City;
// GeoLite2-ASN, GeoIP2-ISP). Empty paths for what `dir` does not hold.
struct GeoIpFiles {
    std::filesystem::path country;
    std::filesystem::path asn;
};
GeoIpFiles find_geoip_files(const std::filesystem::path& dir);

// Data that loads but is probably wrong (`mikiwame data check`; --strict makes it an error).
struct DataWarning {
    std::string location; // file, or file:line:col
    std::string message;
};

// Where an address is, as the IP databases say (the route timeline's flags and AS names).
struct IpLocation {
    std::optional<std::string> country; // ISO 3166-1 alpha-2
    std::optional<std::int64_t> asn;
    std::optional<std::string> as_org;
};

class Engine {
public:
    [[nodiscard]] static Result<std::shared_ptr<const Engine>> load(const EngineOptions& options) noexcept;
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Analyses one message with the calling thread's context. Malformed input yields a report
    // with message.* findings; a spent time budget a report of the facts found so far with
    // message.limit_exceeded; only an internal failure (e.g. out of memory) is an error.
    [[nodiscard]] Result<Report> analyze(const AnalyzeRequest& request, AnalysisContext& context) const noexcept;
    // Convenience for one-off use: a fresh context each call.
    [[nodiscard]] Result<Report> analyze(std::string_view raw) const noexcept;

    // The tokens the statistical content model reads of a message (for ModelTrainer), cut by
    // the same stages and rules as analyze() uses, whether or not this engine has a model.
    // Thread-safe as analyze(); only an internal failure is an error.
    [[nodiscard]] Result<ModelTokens> model_tokens(const AnalyzeRequest& request, AnalysisContext& context) const noexcept;

    const EngineOptions& options() const noexcept;
    // The pattern-database cache at load (all zero without EngineOptions::cache_dir).
    const CacheCounts& cache_counts() const noexcept;
    // Version, commit and data version (what every report's `engine` says): two engines with
    // the same version and data version judge alike, so the scanner's resume state keys on it.
    const EngineInfo& info() const noexcept;
    const Limits& limits() const noexcept;

    // A registrable domain that serves many unrelated parties or belongs to a catalogue brand:
    // link shorteners, free hosting, IPFS gateways, dynamic DNS, freemail and the brands'
    // mailbox domains, any brand's own domains. Listing it as a phishing indicator would block
    // the innocent: the scanner gives the full URL or address there, never the domain alone.
    bool is_shared_domain(std::string_view registrable_domain) const noexcept;

    // Country and AS of a public address from the loaded IP databases; nullopt for a private,
    // reserved or unparsable address, without databases, or when they do not know it.
    std::optional<IpLocation> locate_ip(std::string_view ip) const noexcept;
    // What was loaded, one "name: count" line per data set (for `mikiwame data check`).
    std::vector<std::string> data_summary() const;
    // What `data check` warns about in the loaded data directory (empty when nothing).
    std::vector<DataWarning> data_warnings() const;

    // The renderer loaded from this engine's data directory.
    const Renderer& renderer() const noexcept;

private:
    struct Impl;
    explicit Engine(std::unique_ptr<Impl> impl);
    // Binds `context` to this engine on first use (scratch space, a phishing-URL reader).
    [[nodiscard]] Result<bool> prepare_context(AnalysisContext& context) const;
    std::unique_ptr<Impl> impl_;
};

} // namespace mikiwame

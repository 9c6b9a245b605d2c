// SPDX-License-Identifier: Apache-2.0
// The facade: load the data once, then analyse any number of messages. Engine is immutable
// after load(); analyze() is const, re-entrant and noexcept, so the milter's and the scanner's
// threads share one engine. Nothing here prints, exits or throws.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mikiwame/limits.h"
#include "mikiwame/report.h"
#include "mikiwame/result.h"

namespace mikiwame {
namespace engine {
class ReportBuilder;
}
namespace report {
class Phrasebook;
class Wording;
}

struct EngineOptions {
    std::filesystem::path data_dir; // empty: the compiled-in default (the source tree's data/)
    Limits limits;
    // Networks (CIDR) and domains of the receiving organisation; empty: detected from the
    // Received chain without configuration.
    std::vector<std::string> trusted_networks;
    std::vector<std::string> internal_domains;
    // MaxMind DB files for IP country and ASN; empty: the installed open databases
    // (scripts/install-geoip.sh). GeoLite2/GeoIP2 files work as well.
    std::filesystem::path geoip_country;
    std::filesystem::path geoip_asn;
    // Phishing-URL database filled by `mikiwame intel import`; empty: the default path
    // ($XDG_DATA_HOME/mikiwame/intel.sqlite) when that file exists.
    std::filesystem::path intel_db;
};

// The data directory compiled in as the default.
std::filesystem::path default_data_dir();

class Engine {
public:
    [[nodiscard]] static Result<std::shared_ptr<const Engine>> load(const EngineOptions& options) noexcept;
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Analyses one raw message. Malformed input yields a report with message.* findings;
    // only an internal failure (e.g. out of memory) is an error.
    [[nodiscard]] Result<Report> analyze(std::string_view raw) const noexcept;

    const Limits& limits() const noexcept;
    // Renders evidence lines in Japanese for the report renderers (data/report/evidence.ja.txt).
    const report::Phrasebook& japanese_phrasebook() const noexcept;
    // The write-up's words in every language (data/report/words.<lang>.toml); pick one with
    // report_wording().words(lang), English when `lang` has none.
    const report::Wording& report_wording() const noexcept;

    // What was loaded, one "name: count" line per data set (for `mikiwame data check`).
    std::vector<std::string> data_summary() const;

    struct Impl;

private:
    explicit Engine(std::unique_ptr<Impl> impl);
    void add_ip_intelligence(Report& report) const;
    void add_known_phish(engine::ReportBuilder& builder) const;
    std::unique_ptr<Impl> impl_;
};

} // namespace mikiwame

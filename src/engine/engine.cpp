// SPDX-License-Identifier: Apache-2.0
// Engine: loads the data once, then runs the stages in order on each message with the calling
// thread's context, and has the report assembled from the stages' facts (SPEC §3).
#include "mikiwame/engine.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <ctime>
#include <fstream>
#include <sstream>
#include <new>
#include <optional>

#include "attachments/attachment_analysis.h"
#include "base/hyperscan.h"
#include "base/sha256.h"
#include "mikiwame/version.h"
#include "attachments/attachment_lists.h"
#include "brands/brand_analysis.h"
#include "brands/brand_matcher.h"
#include "catalog/brand_catalog.h"
#include "catalog/finding_catalog.h"
#include "content/phrase_lists.h"
#include "engine/data_lint.h"
#include "content/wording.h"
#include "engine/brand_inputs.h"
#include "engine/report_assembly.h"
#include "headers/header_forensics.h"
#include "intel/geoip.h"
#include "intel/phish_feed.h"
#include "message/parser.h"
#include "net/ip_address.h"
#include "scoring/scoring.h"
#include "urls/link_analysis.h"
#include "urls/url_catalog.h"
#include "headers/header_lists.h"

namespace mikiwame {

namespace {
// Distinguishes engines for AnalysisContext binding (an address could be reused after a reload).
std::atomic<unsigned long long> next_engine_id{1};
} // namespace

struct Engine::Impl {
    unsigned long long id = 0;
    EngineOptions options;
    std::vector<net::Cidr> trusted_networks;
    catalog::FindingCatalog findings;
    catalog::BrandCatalog brand_catalog;
    std::optional<brands::BrandMatcher> brand_matcher;
    std::optional<urls::UrlCatalog> url_catalog;
    intel::GeoIp geoip;
    std::optional<content::PhraseCatalog> phrases;
    std::size_t phish_entries = 0; // 0 also when there is no database
    scoring::ScoringRules scoring_rules;
    Renderer renderer;
    EngineInfo provenance; // copied into every report
    headers::HeaderLists header_lists;
    attachments::AttachmentLists attachment_lists;
};

struct AnalysisContext::State {
    unsigned long long engine_id = 0;
    base::HsScratch scratch; // fits every Hyperscan database of the engine
    std::optional<intel::PhishReader> phish;
    unsigned long long analyses = 0;
};

AnalysisContext::AnalysisContext() = default;
AnalysisContext::AnalysisContext(AnalysisContext&&) noexcept = default;
AnalysisContext& AnalysisContext::operator=(AnalysisContext&&) noexcept = default;
AnalysisContext::~AnalysisContext() = default;
unsigned long long AnalysisContext::analyses() const noexcept {
    return state_ ? state_->analyses : 0;
}

std::filesystem::path default_data_dir() {
    return MIKIWAME_DEFAULT_DATA_DIR;
}

std::filesystem::path default_geoip_dir() {
    return MIKIWAME_DEFAULT_GEOIP_DIR;
}

GeoIpFiles find_geoip_files(const std::filesystem::path& dir) {
    intel::GeoIpPaths paths = intel::find_geoip_paths(dir);
    return {paths.country, paths.asn};
}

namespace {

std::string utc_date(std::int64_t epoch) {
    std::time_t t = static_cast<std::time_t>(epoch);
    std::tm tm{};
    if (epoch <= 0 || !gmtime_r(&t, &tm)) return {};
    return fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

// "sha256:<16 hex>" over every file of the data directory (relative path and bytes, in path
// order): two engines with the same data version judge alike.
std::string data_version(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec); !ec && it != std::filesystem::recursive_directory_iterator();
         it.increment(ec))
        if (it->is_regular_file()) files.push_back(it->path());
    std::sort(files.begin(), files.end());
    std::string all;
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        all += std::filesystem::relative(f, dir, ec).generic_string();
        all += '\0';
        all += base::sha256_hex(bytes.str());
        all += '\n';
    }
    return "sha256:" + base::sha256_hex(all).substr(0, 16);
}

} // namespace

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

Result<std::shared_ptr<const Engine>> Engine::load(const EngineOptions& options) noexcept {
    try {
        auto impl = std::make_unique<Impl>();
        impl->id = next_engine_id.fetch_add(1);
        impl->options = options;
        if (impl->options.data_dir.empty()) impl->options.data_dir = default_data_dir();
        const std::filesystem::path& data = impl->options.data_dir;
        impl->provenance.version = std::string(version_info().version);
        impl->provenance.commit = std::string(version_info().commit);
        impl->provenance.data_version = data_version(data);
        for (const auto& text : impl->options.trusted_networks) {
            auto cidr = net::parse_cidr(text);
            if (!cidr) return make_error(ErrorCode::Config, fmt::format("not a network in CIDR notation: '{}'", text), "trusted_networks");
            impl->trusted_networks.push_back(*cidr);
        }
        auto findings = catalog::FindingCatalog::load(data / "findings.toml");
        if (!findings) return Unexpected<Error>{findings.error()};
        impl->findings = std::move(findings.value());
        auto brand_catalog = catalog::BrandCatalog::load(data / "brands");
        if (!brand_catalog) return Unexpected<Error>{brand_catalog.error()};
        impl->brand_catalog = std::move(brand_catalog.value());
        auto matcher = brands::BrandMatcher::build(impl->brand_catalog);
        if (!matcher) return Unexpected<Error>{matcher.error()};
        impl->brand_matcher.emplace(std::move(matcher.value()));
        auto url_catalog = urls::UrlCatalog::load(data);
        if (!url_catalog) return Unexpected<Error>{url_catalog.error()};
        impl->url_catalog.emplace(std::move(url_catalog.value()));
        auto geoip = intel::GeoIp::open({impl->options.geoip_country, impl->options.geoip_asn});
        if (!geoip) return Unexpected<Error>{geoip.error()};
        impl->geoip = std::move(geoip.value());
        for (const auto& db : impl->geoip.databases())
            impl->provenance.geoip.push_back({db.kind, db.path, utc_date(db.build_epoch)});
        if (!impl->options.intel_db.empty()) {
            std::error_code ec;
            if (!std::filesystem::exists(impl->options.intel_db, ec))
                return make_error(ErrorCode::Config, "phishing-URL database not found", impl->options.intel_db.string());
            // Opened here once to report a wrong file at load time; each context opens its own reader.
            auto db = intel::PhishDatabase::open(impl->options.intel_db, false);
            if (!db) return Unexpected<Error>{db.error()};
            impl->phish_entries = db->count();
            impl->provenance.intel_db = impl->options.intel_db.string();
            impl->provenance.intel_entries = impl->phish_entries;
            auto months = db->stats();
            if (!months) return Unexpected<Error>{months.error()};
            for (const auto& m : *months) {
                if (impl->provenance.intel_feeds.empty() || impl->provenance.intel_feeds.back().source != m.source)
                    impl->provenance.intel_feeds.push_back({m.source, 0, {}});
                FeedInfo& feed = impl->provenance.intel_feeds.back();
                feed.entries += m.entries;
                feed.latest = std::max(feed.latest, m.last_listed);
            }
        }
        auto phrases = content::PhraseCatalog::load(data / "phrases");
        if (!phrases) return Unexpected<Error>{phrases.error()};
        impl->phrases.emplace(std::move(phrases.value()));
        auto renderer = Renderer::load(data);
        if (!renderer) return Unexpected<Error>{renderer.error()};
        impl->renderer = std::move(renderer.value());
        auto header_lists = headers::HeaderLists::load(data);
        if (!header_lists) return Unexpected<Error>{header_lists.error()};
        impl->header_lists = std::move(header_lists.value());
        auto attachment_lists = attachments::AttachmentLists::load(data);
        if (!attachment_lists) return Unexpected<Error>{attachment_lists.error()};
        impl->attachment_lists = std::move(attachment_lists.value());
        auto rules = scoring::ScoringRules::load(data / "scoring.toml");
        if (!rules) return Unexpected<Error>{rules.error()};
        impl->scoring_rules = std::move(rules.value());
        for (const auto& id : impl->scoring_rules.phishing_evidence)
            if (!impl->findings.find(id))
                return make_error(ErrorCode::Config, fmt::format("evidence.phishing: '{}' is not a finding id of findings.toml", id),
                                  (data / "scoring.toml").string());
        if (options.phishing_threshold) impl->scoring_rules.phishing_threshold = *options.phishing_threshold;
        if (options.spam_threshold) impl->scoring_rules.spam_threshold = *options.spam_threshold;
        if (options.suspicious_threshold) impl->scoring_rules.suspicious_threshold = *options.suspicious_threshold;
        return std::shared_ptr<const Engine>(new Engine(std::move(impl)));
    } catch (const std::bad_alloc&) {
        return make_error(ErrorCode::Internal, "out of memory while loading data");
    } catch (const std::exception& e) {
        return make_error(ErrorCode::Internal, e.what());
    } catch (...) {
        return make_error(ErrorCode::Internal, "unknown error while loading data");
    }
}

Result<Report> Engine::analyze(std::string_view raw) const noexcept {
    AnalysisContext context;
    AnalyzeRequest request;
    request.raw = raw;
    return analyze(request, context);
}

Result<Report> Engine::analyze(const AnalyzeRequest& request, AnalysisContext& context) const noexcept {
    try {
        const std::chrono::milliseconds budget =
            request.time_budget.value_or(std::chrono::milliseconds(impl_->options.limits.max_analysis_ms));
        const base::Deadline deadline = base::Deadline::after(budget);
        if (!context.state_) context.state_ = std::make_unique<AnalysisContext::State>();
        AnalysisContext::State& state = *context.state_;
        if (state.engine_id != impl_->id) {
            // First use with this engine: scratch grown for every database, a reader of the
            // phishing-URL store. Done once per (context, engine) pair.
            state = AnalysisContext::State{};
            if (auto r = impl_->phrases->reserve(state.scratch); !r) return Unexpected<Error>{r.error()};
            if (auto r = impl_->brand_matcher->reserve(state.scratch); !r) return Unexpected<Error>{r.error()};
            if (!impl_->options.intel_db.empty()) {
                // A listed page on t.co or a free host must not mark every other link there.
                auto reader = intel::PhishReader::open(impl_->options.intel_db, impl_->url_catalog->shared_hosts());
                if (!reader) return Unexpected<Error>{reader.error()};
                state.phish.emplace(std::move(reader.value()));
            }
            state.engine_id = impl_->id;
        }
        ++state.analyses;

        const Limits& limits = impl_->options.limits;
        engine::StageFacts facts;
        facts.message = message::parse_message(request.raw, limits, deadline);
        facts.notes = request.input_notes;
        // Between stages: once the budget is spent, the report holds what is known so far.
        auto out_of_time = [&](const char* next_stage) {
            if (!deadline.passed()) return false;
            facts.stopped_before = next_stage;
            return true;
        };
        [&] {
            if (out_of_time("headers")) return;
            headers::HeaderOptions header_options;
            header_options.origin.trusted_networks = impl_->trusted_networks;
            header_options.origin.internal_domains = impl_->options.internal_domains;
            if (request.envelope) header_options.envelope = &*request.envelope;
            header_options.brands = &impl_->brand_catalog;
            facts.headers = headers::analyze_headers(facts.message, impl_->header_lists, header_options, limits);
            if (facts.headers->origin_ip)
                if (auto ip = net::parse_ip(*facts.headers->origin_ip)) facts.origin_ip_info = impl_->geoip.lookup(*ip);
            facts.recipients = engine::recipient_addresses(facts.message, *facts.headers, request.envelope);

            if (out_of_time("links")) return;
            const auto& brand_catalog = impl_->brand_catalog;
            auto is_brand_host = [&brand_catalog](std::string_view host) { return brand_catalog.any_brand_owns(host); };
            auto same_family = [&brand_catalog](std::string_view a, std::string_view b) { return brand_catalog.same_family(a, b); };
            facts.urls = urls::analyze_links(facts.message, facts.recipients, *impl_->url_catalog, limits, is_brand_host, same_family);
            if (state.phish) facts.known_phish = engine::lookup_known_phish(*facts.urls, *state.phish, facts.notes);

            if (out_of_time("attachments")) return;
            facts.attachments = attachments::analyze_attachments(facts.message, impl_->attachment_lists, limits);

            if (out_of_time("content")) return;
            facts.content = content::analyze_content(facts.message, facts.recipients, *impl_->phrases, limits, state.scratch);

            if (out_of_time("brands")) return;
            brands::BrandInputs brand_inputs =
                engine::gather_brand_inputs(facts.message, *facts.headers, impl_->header_lists, *facts.urls, facts.origin_ip_info, facts.recipients,
                                            engine::receiving_domains(facts.message, *facts.headers, request.envelope));
            // A disguised display name or subject ("Аmazon" with a Cyrillic А, "PayPal" with zero-width joiners) claims the brand it imitates.
            if (facts.content->display_name_reading) brand_inputs.from_display_name = *facts.content->display_name_reading;
            if (facts.content->subject_reading) brand_inputs.subject = *facts.content->subject_reading;
            engine::mark_action_links(brand_inputs, *facts.urls, *impl_->phrases, state.scratch);
            facts.brands = brands::analyze_brands(brand_inputs, impl_->brand_catalog, *impl_->brand_matcher, state.scratch);
        }();
        if (facts.stopped_before)
            facts.budget_note = fmt::format("max_analysis_ms={}: the time budget ran out before the {} stage; the report holds the facts found so far",
                                            budget.count(), facts.stopped_before);
        for (const auto& note : impl_->geoip.notes()) facts.geoip_notes.push_back(note);

        Report report = engine::assemble_report(facts, impl_->findings);
        scoring::apply_scoring(report, impl_->scoring_rules, impl_->findings);
        engine::add_top_reasons(report);
        report.summary = {impl_->renderer.summary(report, "ja"), impl_->renderer.summary(report, "en")};
        report.engine = impl_->provenance;
        return report;
    } catch (const std::bad_alloc&) {
        return make_error(ErrorCode::Internal, "out of memory while analysing the message");
    } catch (const std::exception& e) {
        return make_error(ErrorCode::Internal, e.what());
    } catch (...) {
        return make_error(ErrorCode::Internal, "unknown error while analysing the message");
    }
}

std::vector<std::string> Engine::data_summary() const {
    std::size_t domains = 0;
    for (const auto& b : impl_->brand_catalog.brands()) domains += b.official_domains.size();
    return {
        fmt::format("data directory: {} ({})", impl_->options.data_dir.string(), impl_->provenance.data_version),
        fmt::format("findings: {} ids", impl_->findings.all().size()),
        fmt::format("brands: {} brands, {} official domains", impl_->brand_catalog.brands().size(), domains),
        fmt::format("phrases: {} patterns in {} lists", impl_->phrases->patterns().size(), impl_->phrases->lists().size()),
        fmt::format("report: {} Japanese evidence phrases", impl_->renderer.phrase_count()),
        fmt::format("scoring: phishing >= {}, spam >= {}, suspicious >= {}", impl_->scoring_rules.phishing_threshold,
                    impl_->scoring_rules.spam_threshold, impl_->scoring_rules.suspicious_threshold),
    };
}

std::vector<DataWarning> Engine::data_warnings() const {
    return engine::lint_data({impl_->options.data_dir, impl_->brand_catalog, impl_->findings, impl_->scoring_rules});
}

const Renderer& Engine::renderer() const noexcept {
    return impl_->renderer;
}

const EngineOptions& Engine::options() const noexcept {
    return impl_->options;
}

const Limits& Engine::limits() const noexcept {
    return impl_->options.limits;
}

} // namespace mikiwame

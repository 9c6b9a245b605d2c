// SPDX-License-Identifier: Apache-2.0
// Engine: loads the data once, then runs the stages in order on each message with the calling
// thread's context, and has the report assembled from the stages' facts (SPEC §3).
#include "mikiwame/engine.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <atomic>
#include <ctime>
#include <fstream>
#include <sstream>
#include <new>
#include <optional>
#include <unordered_set>

#include "attachments/attachment_analysis.h"
#include "auth/unbound_resolver.h"
#include "base/hyperscan.h"
#include "base/hyperscan_cache.h"
#include "engine/stage_timer.h"
#include "base/sha256.h"
#include "base/text.h"
#include "mikiwame/version.h"
#include "attachments/attachment_lists.h"
#include "brands/brand_analysis.h"
#include "brands/brand_matcher.h"
#include "catalog/brand_catalog.h"
#include "catalog/finding_catalog.h"
#include "content/phrase_lists.h"
#include "engine/data_lint.h"
#include "findings/lure_lists.h"
#include "findings/qr_lure.h"
#include "findings/sender_cta.h"
#include "images/qr_codes.h"
#include "content/wording.h"
#include "engine/brand_inputs.h"
#include "engine/forward_markers_file.h"
#include "engine/lure_description.h"
#include "engine/report_assembly.h"
#include "headers/header_forensics.h"
#include "intel/geoip.h"
#include "intel/phish_feed.h"
#include "message/forwarded_report.h"
#include "message/parser.h"
#include "model/content_model.h"
#include "model/statistical_check.h"
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
    catalog::LureCatalog lures;
    std::optional<brands::BrandMatcher> brand_matcher;
    std::optional<urls::UrlCatalog> url_catalog;
    intel::GeoIp geoip;
    std::optional<content::PhraseCatalog> phrases;
    CacheCounts cache_counts;
    std::size_t phish_entries = 0; // 0 also when there is no database
    scoring::ScoringRules scoring_rules;
    Renderer renderer;
    EngineInfo provenance; // copied into every report
    headers::HeaderLists header_lists;
    attachments::AttachmentLists attachment_lists;
    message::ForwardMarkers forward_markers; // data/phrases/forward.toml
    std::optional<model::ContentModel> content_model;
    std::string content_model_source; // path, or "(in memory)"

    // Runs the stages before scoring on `request` into `facts`; once `deadline` passes, the
    // facts found so far (facts.stopped_before names the next stage). `until_content`: stop
    // after the content stage (what the model's tokens need).
    void run_stages(const AnalyzeRequest& request, const base::Deadline& deadline, base::HsScratch& scratch,
                    std::optional<intel::PhishReader>& phish, bool until_content, engine::StageFacts& facts,
                    auth::Resolver* resolver = nullptr, engine::StageTimer* timer = nullptr) const;
    // The statistical content model of the options, if any (EngineOptions::content_model).
    Result<bool> load_content_model();
    // The tokens of the content model for the facts of the stages.
    std::vector<model::Token> model_tokens(const engine::StageFacts& facts) const;
    // The request's time budget, else the limits' max_analysis_ms.
    std::chrono::milliseconds time_budget(const AnalyzeRequest& request) const {
        return request.time_budget.value_or(std::chrono::milliseconds(options.limits.max_analysis_ms));
    }
    findings::LureLists lure_lists;
    // Every brand's domains.mailbox (an ISP's customers' addresses): freemail for
    // sender.freemail_single_cta beside lists/freemail.txt, kept in the brand files only.
    std::unordered_set<std::string> mailbox_domains;
};

struct AnalysisContext::State {
    unsigned long long engine_id = 0;
    base::HsScratch scratch; // fits every Hyperscan database of the engine
    std::optional<intel::PhishReader> phish;
    unsigned long long analyses = 0;
    // The DNS resolver of the online checks (its cache lives as long as the context), made at
    // the first online request: an offline analysis never creates one, so sends no packet.
    std::unique_ptr<auth::UnboundResolver> resolver;
    std::string resolver_error;
    // CPU time per stage, while the owner asks for it (AnalysisContext::time_stages).
    std::optional<engine::StageTimer> timer;
};

AnalysisContext::AnalysisContext() = default;
AnalysisContext::AnalysisContext(AnalysisContext&&) noexcept = default;
AnalysisContext& AnalysisContext::operator=(AnalysisContext&&) noexcept = default;
AnalysisContext::~AnalysisContext() = default;
unsigned long long AnalysisContext::analyses() const noexcept {
    return state_ ? state_->analyses : 0;
}

void AnalysisContext::time_stages(bool on) {
    if (!state_) state_ = std::make_unique<State>();
    if (on) state_->timer.emplace();
    else state_->timer.reset();
}

std::vector<AnalysisContext::StageTime> AnalysisContext::stage_times() const {
    std::vector<StageTime> out;
    if (!state_ || !state_->timer) return out;
    for (std::size_t i = 0; i < engine::kStageNames.size(); ++i) {
        const auto stage = static_cast<engine::Stage>(i);
        out.push_back({engine::kStageNames[i], state_->timer->ns(stage), state_->timer->runs(stage)});
    }
    return out;
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

// A QR code's text as a link: "www.example.com/x" written without a scheme opens as http in
// every phone's scanner; any other text (a Wi-Fi setting, a contact card) is no web link and
// link analysis drops it.
std::vector<urls::RawLink> qr_links(const images::QrFacts& qr) {
    std::vector<urls::RawLink> out;
    for (const auto& code : qr.codes) {
        urls::RawLink link;
        link.url = std::string(base::trim(code.payload));
        const bool has_scheme = link.url.find(':') != std::string::npos;
        if (!has_scheme && link.url.find('.') != std::string::npos && link.url.find(' ') == std::string::npos)
            link.url = "http://" + link.url;
        link.found_in = "qr";
        link.element = "qr";
        link.source = code.image;
        out.push_back(std::move(link));
    }
    return out;
}

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
    std::string bytes; // one buffer for every file: this runs at every start (docs/performance.md)
    for (const auto& f : files) {
        bytes.clear();
        if (std::FILE* in = std::fopen(f.c_str(), "rb")) {
            char chunk[65536];
            std::size_t n = 0;
            while ((n = std::fread(chunk, 1, sizeof chunk, in)) > 0) bytes.append(chunk, n);
            std::fclose(in);
        }
        all += f.lexically_relative(dir).generic_string(); // not relative(): it resolves symlinks with a syscall per path component
        all += '\0';
        all += base::sha256_hex(bytes);
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
        const base::HsCache hs_cache(impl->options.cache_dir);
        auto matcher = brands::BrandMatcher::build(impl->brand_catalog, &hs_cache);
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
        auto phrases = content::PhraseCatalog::load(data / "phrases", &hs_cache);
        if (!phrases) return Unexpected<Error>{phrases.error()};
        const base::HsCacheCounts counts = hs_cache.counts();
        impl->cache_counts = {counts.hits, counts.misses, counts.stale, counts.rejected, counts.unwritable};
        impl->phrases.emplace(std::move(phrases.value()));
        auto forward_markers = engine::load_forward_markers(data / "phrases" / "forward.toml");
        if (!forward_markers) return Unexpected<Error>{forward_markers.error()};
        impl->forward_markers = std::move(forward_markers.value());
        auto renderer = Renderer::load(data);
        if (!renderer) return Unexpected<Error>{renderer.error()};
        impl->renderer = std::move(renderer.value());
        auto header_lists = headers::HeaderLists::load(data);
        if (!header_lists) return Unexpected<Error>{header_lists.error()};
        impl->header_lists = std::move(header_lists.value());
        auto attachment_lists = attachments::AttachmentLists::load(data);
        if (!attachment_lists) return Unexpected<Error>{attachment_lists.error()};
        impl->attachment_lists = std::move(attachment_lists.value());
        auto lure_lists = findings::LureLists::load(data);
        if (!lure_lists) return Unexpected<Error>{lure_lists.error()};
        impl->lure_lists = std::move(lure_lists.value());
        for (const auto& brand : impl->brand_catalog.brands())
            impl->mailbox_domains.insert(brand.mailbox_domains.begin(), brand.mailbox_domains.end());
        auto rules = scoring::ScoringRules::load(data / "scoring.toml");
        if (!rules) return Unexpected<Error>{rules.error()};
        impl->scoring_rules = std::move(rules.value());
        for (const auto& id : impl->scoring_rules.phishing_evidence)
            if (!impl->findings.find(id))
                return make_error(ErrorCode::Config, fmt::format("evidence.phishing: '{}' is not a finding id of findings.toml", id),
                                  (data / "scoring.toml").string());
        auto lures = catalog::LureCatalog::load(data / "lures.toml");
        if (!lures) return Unexpected<Error>{lures.error()};
        impl->lures = std::move(lures.value());
        if (auto r = engine::check_lure_names(impl->lures, impl->findings, *impl->phrases, data / "lures.toml"); !r)
            return Unexpected<Error>{r.error()};
        if (options.phishing_threshold) impl->scoring_rules.phishing_threshold = *options.phishing_threshold;
        if (options.spam_threshold) impl->scoring_rules.spam_threshold = *options.spam_threshold;
        if (options.suspicious_threshold) impl->scoring_rules.suspicious_threshold = *options.suspicious_threshold;
        if (auto r = impl->load_content_model(); !r) return Unexpected<Error>{r.error()};
        return std::shared_ptr<const Engine>(new Engine(std::move(impl)));
    } catch (const std::bad_alloc&) {
        return make_error(ErrorCode::Internal, "out of memory while loading data");
    } catch (const std::exception& e) {
        return make_error(ErrorCode::Internal, e.what());
    } catch (...) {
        return make_error(ErrorCode::Internal, "unknown error while loading data");
    }
}

std::optional<IpLocation> Engine::locate_ip(std::string_view ip) const noexcept {
    try {
        auto address = net::parse_ip(ip);
        if (!address) return std::nullopt;
        auto info = impl_->geoip.lookup(*address);
        if (!info || (!info->country && !info->asn)) return std::nullopt;
        return IpLocation{info->country, info->asn, info->as_org};
    } catch (...) {
        return std::nullopt;
    }
}

Result<Report> Engine::analyze(std::string_view raw) const noexcept {
    AnalysisContext context;
    AnalyzeRequest request;
    request.raw = raw;
    return analyze(request, context);
}

Result<bool> Engine::Impl::load_content_model() {
    if (!options.use_content_model) return true;
    if (!options.content_model_bytes.empty()) {
        content_model_source = "(in memory)";
        auto parsed = model::ContentModel::parse(options.content_model_bytes, "content model (in memory)");
        if (!parsed) return Unexpected<Error>{parsed.error()};
        content_model.emplace(std::move(parsed.value()));
    } else {
        std::filesystem::path path = options.content_model;
        if (path.empty()) {
            // The shipped model is optional: a data directory without one judges by the rules alone.
            path = options.data_dir / "model" / "content.model";
            std::error_code ec;
            if (!std::filesystem::exists(path, ec)) return true;
        }
        content_model_source = path.string();
        auto loaded = model::ContentModel::load(path);
        if (!loaded) return Unexpected<Error>{loaded.error()};
        content_model.emplace(std::move(loaded.value()));
    }
    provenance.content_model = content_model->version();
    return true;
}

Result<bool> Engine::prepare_context(AnalysisContext& context) const {
    if (!context.state_) context.state_ = std::make_unique<AnalysisContext::State>();
    AnalysisContext::State& state = *context.state_;
    if (state.engine_id == impl_->id) return true;
    // First use with this engine: scratch grown for every database, a reader of the
    // phishing-URL store. Done once per (context, engine) pair.
    std::optional<engine::StageTimer> timer = state.timer; // the owner's choice outlives a rebind
    state = AnalysisContext::State{};
    state.timer = timer;
    if (auto r = impl_->phrases->reserve(state.scratch); !r) return Unexpected<Error>{r.error()};
    if (auto r = impl_->brand_matcher->reserve(state.scratch); !r) return Unexpected<Error>{r.error()};
    if (!impl_->options.intel_db.empty()) {
        // A listed page on t.co or a free host must not mark every other link there.
        auto reader = intel::PhishReader::open(impl_->options.intel_db, impl_->url_catalog->shared_hosts());
        if (!reader) return Unexpected<Error>{reader.error()};
        state.phish.emplace(std::move(reader.value()));
    }
    state.engine_id = impl_->id;
    return true;
}

void Engine::Impl::run_stages(const AnalyzeRequest& request, const base::Deadline& deadline, base::HsScratch& scratch,
                              std::optional<intel::PhishReader>& phish, bool until_content, engine::StageFacts& facts,
                              auth::Resolver* resolver, engine::StageTimer* timer) const {
    auto lap = [timer](engine::Stage stage) {
        if (timer) timer->lap(stage);
    };
    facts.message = message::parse_message(request.raw, options.limits, deadline);
    if (request.unwrap_forwarded) {
        message::UnwrappedMessage unwrapped = message::unwrap_forwarded(std::move(facts.message), forward_markers, options.limits, deadline);
        facts.message = std::move(unwrapped.message);
        facts.forwarded = std::move(unwrapped.layers);
    }
    facts.notes.insert(facts.notes.begin(), request.input_notes.begin(), request.input_notes.end());
    // The envelope tells how the customer's forward reached us, nothing of how the forwarded
    // message travelled: applied to it, the forwarder's server would become its origin and the
    // desk's domain its receiving side.
    const std::optional<Envelope> no_envelope;
    const std::optional<Envelope>& envelope = facts.forwarded.empty() ? request.envelope : no_envelope;
    // Between stages: once the budget is spent, the report holds what is known so far.
    auto out_of_time = [&](const char* next_stage) {
        if (!deadline.passed()) return false;
        facts.stopped_before = next_stage;
        return true;
    };
    const Limits& limits = options.limits;
    lap(engine::Stage::Message);
    if (out_of_time("headers")) return;
    headers::HeaderOptions header_options;
    header_options.origin.trusted_networks = trusted_networks;
    header_options.origin.internal_domains = options.internal_domains;
    if (envelope) header_options.envelope = &*envelope;
    header_options.brands = &brand_catalog;
    facts.headers = headers::analyze_headers(facts.message, header_lists, header_options, limits);
    if (facts.headers->origin_ip)
        if (auto ip = net::parse_ip(*facts.headers->origin_ip)) facts.origin_ip_info = geoip.lookup(*ip);
    facts.recipients = engine::recipient_addresses(facts.message, *facts.headers, envelope);
    lap(engine::Stage::Headers);

    // The auth stage: the receiver's authentication fields, read on the trust boundary the
    // headers stage found (cheap, never skipped: the headers' facts come with them); online, it
    // checks SPF, DKIM, DMARC and ARC itself within the message's DNS budget.
    facts.auth = auth::read_authentication(facts.message, *facts.headers, envelope ? &*envelope : nullptr);
    std::optional<auth::RecordingResolver> dns;
    if (resolver) {
        if (out_of_time("auth")) return;
        const auto budget_end = std::chrono::steady_clock::now() + std::chrono::milliseconds(options.online.budget_ms);
        dns.emplace(*resolver, std::min(budget_end, deadline.at));
        const std::string_view raw = facts.forwarded.empty() ? request.raw : std::string_view(facts.forwarded.back().inner_raw);
        facts.online = engine::run_online_checks(raw, envelope, facts.message, *facts.headers, *facts.auth, options.online, *dns);
    }
    lap(engine::Stage::Auth);

    // QR codes are links drawn as pictures: decoded as part of the link stage, the decoder itself
    // stopping between pictures when the budget runs out.
    if (out_of_time("links")) return;
    facts.qr_codes = images::find_qr_codes(facts.message, limits, deadline);
    lap(engine::Stage::Images);
    auto is_brand_host = [this](std::string_view host) { return brand_catalog.any_brand_owns(host); };
    auto same_family = [this](std::string_view a, std::string_view b) { return brand_catalog.same_family(a, b); };
    facts.urls = urls::analyze_links(facts.message, facts.recipients, *url_catalog, limits, is_brand_host, same_family,
                                     qr_links(*facts.qr_codes));
    if (phish) facts.known_phish = engine::lookup_known_phish(*facts.urls, *phish, facts.notes);
    if (dns) {
        engine::check_link_lists(*facts.online, *facts.urls, options.online, *dns);
        facts.online->lookups = dns->lookups();
        if (dns->budget_spent())
            facts.online->notes.push_back(fmt::format("online.budget_ms={}: the DNS budget ran out; lookups after it were not sent",
                                                      options.online.budget_ms));
    }

    lap(engine::Stage::Links);
    if (out_of_time("attachments")) return;
    facts.attachments = attachments::analyze_attachments(facts.message, attachment_lists, limits);
    lap(engine::Stage::Attachments);

    if (out_of_time("content")) return;
    facts.content = content::analyze_content(facts.message, facts.recipients, *phrases, limits, scratch);
    lap(engine::Stage::Content);
    if (until_content) return;

    if (out_of_time("brands")) return;
    brands::BrandInputs brand_inputs =
        engine::gather_brand_inputs(facts.message, *facts.headers, facts.auth->verdicts, header_lists, *facts.urls, facts.origin_ip_info, facts.recipients,
                                    engine::receiving_domains(facts.message, *facts.headers, envelope));
    // A disguised display name or subject ("Аmazon" with a Cyrillic А, "PayPal" with zero-width joiners) claims the brand it imitates.
    if (facts.content->display_name_reading) brand_inputs.from_display_name = *facts.content->display_name_reading;
    if (facts.content->subject_reading) brand_inputs.subject = *facts.content->subject_reading;
    engine::mark_action_links(brand_inputs, *facts.urls, *phrases, scratch);
    facts.brands = brands::analyze_brands(brand_inputs, brand_catalog, *brand_matcher, scratch);
    lap(engine::Stage::Brands);

    // Judgements across the facts: the brand-less lures that stand without an upstream verdict.
    findings::SenderCtaInputs cta;
    cta.sender = &facts.headers->sender;
    cta.urls = &*facts.urls;
    cta.url_catalog = &*url_catalog;
    cta.is_freemail = [this](std::string_view domain) {
        return lure_lists.is_freemail(domain) || mailbox_domains.count(std::string(domain)) > 0;
    };
    cta.is_brand_host = is_brand_host;
    if (auto hit = findings::check_freemail_single_cta(cta)) facts.lure_hits.push_back(std::move(*hit));
    if (auto hit = findings::check_qr_code_lure(*facts.urls)) facts.lure_hits.push_back(std::move(*hit));
    // The statistical judgement below, when it runs, adds its time to this lap's.
    struct JudgementLap {
        engine::StageTimer* timer;
        ~JudgementLap() {
            if (timer) timer->lap(engine::Stage::Judgement);
        }
    } judgement_lap{timer};

    if (!content_model) return;
    // A mail that authenticates as the brand it names (the brand's family domain, aligned
    // authentication, not spoofed) is judged by who sent it: its wording is the brand's own, and
    // genuine notices use every word a lure does ("log in", "your card").
    if (std::any_of(facts.brands->brands.begin(), facts.brands->brands.end(), [](const BrandInfo& b) { return b.is_genuine; })) return;
    if (out_of_time("model")) return;
    facts.statistical = model::judge_statistically(*content_model, model_tokens(facts));
}

std::vector<model::Token> Engine::Impl::model_tokens(const engine::StageFacts& facts) const {
    if (!facts.content) return {};
    return model::extract_tokens(model::token_source(facts.message, *facts.content, facts.urls ? &*facts.urls : nullptr, facts.recipients));
}

Result<Report> Engine::analyze(const AnalyzeRequest& request, AnalysisContext& context) const noexcept {
    try {
        const std::chrono::milliseconds budget = impl_->time_budget(request);
        const base::Deadline deadline = base::Deadline::after(budget);
        if (auto r = prepare_context(context); !r) return Unexpected<Error>{r.error()};
        AnalysisContext::State& state = *context.state_;
        ++state.analyses;

        engine::StageFacts facts;
        auth::Resolver* resolver = nullptr;
        if (request.online) {
            if (!state.resolver && state.resolver_error.empty()) {
                auth::UnboundOptions dns;
                dns.resolver = impl_->options.online.resolver;
                dns.dnssec = impl_->options.online.dnssec;
                if (dns.dnssec) dns.trust_anchor = impl_->options.data_dir / "dns" / "root.key";
                dns.timeout = std::chrono::milliseconds(impl_->options.online.timeout_ms);
                auto made = auth::UnboundResolver::create(dns);
                if (made) state.resolver = std::move(made.value());
                else state.resolver_error = made.error().message;
            }
            resolver = state.resolver.get();
            if (!resolver) facts.notes.push_back("online checks not run: " + state.resolver_error);
        }
        engine::StageTimer* timer = state.timer ? &*state.timer : nullptr;
        if (timer) timer->start();
        impl_->run_stages(request, deadline, state.scratch, state.phish, false, facts, resolver, timer);
        if (timer) timer->start(); // after a budget stop, the unfinished stage is not counted
        if (facts.stopped_before)
            facts.budget_note = fmt::format("max_analysis_ms={}: the time budget ran out before the {} stage; the report holds the facts found so far",
                                            budget.count(), facts.stopped_before);
        for (const auto& note : impl_->geoip.notes()) facts.geoip_notes.push_back(note);

        Report report = engine::assemble_report(facts, impl_->findings);
        scoring::apply_scoring(report, impl_->scoring_rules, impl_->findings);
        engine::add_top_reasons(report);
        engine::describe_lure(report, facts, impl_->lures);
        report.summary = {impl_->renderer.summary(report, "ja"), impl_->renderer.summary(report, "en")};
        report.engine = impl_->provenance;
        if (timer) timer->lap(engine::Stage::Report);
        return report;
    } catch (const std::bad_alloc&) {
        return make_error(ErrorCode::Internal, "out of memory while analysing the message");
    } catch (const std::exception& e) {
        return make_error(ErrorCode::Internal, e.what());
    } catch (...) {
        return make_error(ErrorCode::Internal, "unknown error while analysing the message");
    }
}

Result<ModelTokens> Engine::model_tokens(const AnalyzeRequest& request, AnalysisContext& context) const noexcept {
    try {
        const std::chrono::milliseconds budget = impl_->time_budget(request);
        const base::Deadline deadline = base::Deadline::after(budget);
        if (auto r = prepare_context(context); !r) return Unexpected<Error>{r.error()};
        AnalysisContext::State& state = *context.state_;
        engine::StageFacts facts;
        // Known-phish lookups add nothing to the tokens.
        std::optional<intel::PhishReader> no_phish;
        impl_->run_stages(request, deadline, state.scratch, no_phish, true, facts);
        ModelTokens out;
        out.subject = facts.message.subject;
        for (auto& token : impl_->model_tokens(facts)) out.tokens.push_back(std::move(token.text));
        return out;
    } catch (const std::bad_alloc&) {
        return make_error(ErrorCode::Internal, "out of memory while reading the message");
    } catch (const std::exception& e) {
        return make_error(ErrorCode::Internal, e.what());
    } catch (...) {
        return make_error(ErrorCode::Internal, "unknown error while reading the message");
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
        impl_->content_model
            ? fmt::format("content model: {} ({}; {} tokens from {} ham, {} spam, {} phishing messages)", impl_->content_model_source,
                          impl_->content_model->version(), impl_->content_model->token_count(), impl_->content_model->messages().ham,
                          impl_->content_model->messages().spam, impl_->content_model->messages().phish)
            : std::string("content model: none"),
    };
}

std::vector<DataWarning> Engine::data_warnings() const {
    return engine::lint_data({impl_->options.data_dir, impl_->brand_catalog, impl_->findings, impl_->scoring_rules});
}

const Renderer& Engine::renderer() const noexcept {
    return impl_->renderer;
}

bool Engine::is_shared_domain(std::string_view domain) const noexcept {
    try {
        const Impl& d = *impl_;
        const urls::UrlCatalog& urls = *d.url_catalog;
        return !urls.shortener_match(domain).empty() || !urls.free_hosting_match(domain).empty() ||
               !urls.ipfs_gateway_match(domain).empty() || !urls.dynamic_dns_match(domain).empty() ||
               d.lure_lists.is_freemail(domain) || d.mailbox_domains.count(std::string(domain)) > 0 ||
               d.brand_catalog.any_brand_owns(domain);
    } catch (...) {
        return true; // out of memory: the cautious answer keeps a domain off a blocklist
    }
}

const EngineInfo& Engine::info() const noexcept { return impl_->provenance; }

const EngineOptions& Engine::options() const noexcept {
    return impl_->options;
}

const CacheCounts& Engine::cache_counts() const noexcept {
    return impl_->cache_counts;
}

const Limits& Engine::limits() const noexcept {
    return impl_->options.limits;
}

} // namespace mikiwame

// SPDX-License-Identifier: Apache-2.0
// Engine: runs the stages in order on one message and assembles the report (SPEC §3).
#include "mikiwame/engine.h"

#include <fmt/format.h>

#include <algorithm>
#include <new>

#include "attachments/attachment_analysis.h"
#include "attachments/attachment_lists.h"
#include "brands/brand_analysis.h"
#include "brands/brand_matcher.h"
#include "catalog/brand_catalog.h"
#include "catalog/finding_catalog.h"
#include "content/phrase_lists.h"
#include "content/wording.h"
#include "intel/geoip.h"
#include "intel/phish_feed.h"
#include "net/ip_address.h"
#include "scoring/scoring.h"
#include "urls/link_analysis.h"
#include "urls/url_catalog.h"
#include "engine/brand_inputs.h"
#include "report/phrasebook.h"
#include "report/wording.h"
#include "engine/report_assembly.h"
#include "headers/header_forensics.h"
#include "headers/header_lists.h"
#include "message/parser.h"

namespace mikiwame {

struct Engine::Impl {
    EngineOptions options;
    catalog::FindingCatalog findings;
    catalog::BrandCatalog brand_catalog;
    std::optional<brands::BrandMatcher> brand_matcher;
    std::optional<urls::UrlCatalog> url_catalog;
    intel::GeoIp geoip;
    std::optional<content::PhraseCatalog> phrases;
    std::optional<intel::PhishDatabase> phish_db;
    scoring::ScoringRules scoring_rules;
    report::Phrasebook japanese_phrasebook;
    report::Wording report_wording;
    headers::HeaderLists header_lists;
    attachments::AttachmentLists attachment_lists;
};

std::filesystem::path default_data_dir() {
    return MIKIWAME_DEFAULT_DATA_DIR;
}

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

Result<std::shared_ptr<const Engine>> Engine::load(const EngineOptions& options) noexcept {
    try {
        auto impl = std::make_unique<Impl>();
        impl->options = options;
        if (impl->options.data_dir.empty()) impl->options.data_dir = default_data_dir();
        auto findings = catalog::FindingCatalog::load(impl->options.data_dir / "findings.toml");
        if (!findings) return Unexpected<Error>{findings.error()};
        impl->findings = std::move(findings.value());
        auto brand_catalog = catalog::BrandCatalog::load(impl->options.data_dir / "brands");
        if (!brand_catalog) return Unexpected<Error>{brand_catalog.error()};
        impl->brand_catalog = std::move(brand_catalog.value());
        auto matcher = brands::BrandMatcher::build(impl->brand_catalog);
        if (!matcher) return Unexpected<Error>{matcher.error()};
        impl->brand_matcher.emplace(std::move(matcher.value()));
        auto url_catalog = urls::UrlCatalog::load(impl->options.data_dir);
        if (!url_catalog) return Unexpected<Error>{url_catalog.error()};
        impl->url_catalog.emplace(std::move(url_catalog.value()));
        intel::GeoIpPaths geo_paths = intel::default_geoip_paths();
        if (!impl->options.geoip_country.empty()) geo_paths.country = impl->options.geoip_country;
        if (!impl->options.geoip_asn.empty()) geo_paths.asn = impl->options.geoip_asn;
        auto geoip = intel::GeoIp::open(geo_paths);
        if (!geoip) return Unexpected<Error>{geoip.error()};
        impl->geoip = std::move(geoip.value());
        std::filesystem::path intel_path = impl->options.intel_db.empty() ? intel::default_intel_db_path() : impl->options.intel_db;
        std::error_code exists_ec;
        if (std::filesystem::exists(intel_path, exists_ec)) {
            auto db = intel::PhishDatabase::open(intel_path, false);
            if (!db) return Unexpected<Error>{db.error()};
            impl->phish_db.emplace(std::move(db.value()));
            // A listed page on t.co or a free host must not mark every other link there.
            impl->phish_db->set_shared_hosts(impl->url_catalog->shared_hosts());
        } else if (!impl->options.intel_db.empty()) {
            return make_error(ErrorCode::Config, "phishing-URL database not found", intel_path.string());
        }
        auto phrases = content::PhraseCatalog::load(impl->options.data_dir / "phrases");
        if (!phrases) return Unexpected<Error>{phrases.error()};
        impl->phrases.emplace(std::move(phrases.value()));
        auto phrasebook = report::Phrasebook::load(impl->options.data_dir / "report" / "evidence.ja.txt");
        if (!phrasebook) return Unexpected<Error>{phrasebook.error()};
        impl->japanese_phrasebook = std::move(phrasebook.value());
        auto wording = report::Wording::load(impl->options.data_dir / "report");
        if (!wording) return Unexpected<Error>{wording.error()};
        impl->report_wording = std::move(wording.value());
        auto header_lists = headers::HeaderLists::load(impl->options.data_dir);
        if (!header_lists) return Unexpected<Error>{header_lists.error()};
        impl->header_lists = std::move(header_lists.value());
        auto attachment_lists = attachments::AttachmentLists::load(impl->options.data_dir);
        if (!attachment_lists) return Unexpected<Error>{attachment_lists.error()};
        impl->attachment_lists = std::move(attachment_lists.value());
        auto rules = scoring::ScoringRules::load(impl->options.data_dir / "scoring.toml");
        if (!rules) return Unexpected<Error>{rules.error()};
        impl->scoring_rules = std::move(rules.value());
        return std::shared_ptr<const Engine>(new Engine(std::move(impl)));
    } catch (const std::bad_alloc&) {
        return make_error(ErrorCode::Internal, "out of memory while loading data");
    } catch (const std::exception& e) {
        return make_error(ErrorCode::Internal, e.what());
    } catch (...) {
        return make_error(ErrorCode::Internal, "unknown error while loading data");
    }
}

void Engine::add_known_phish(engine::ReportBuilder& builder) const {
    if (!impl_->phish_db) return;
    Report& report = builder.report();
    for (auto& url : report.urls) {
        std::vector<std::string> candidates{url.url};
        if (url.redirect_target) candidates.push_back(*url.redirect_target);
        for (const auto& candidate : candidates) {
            auto entries = impl_->phish_db->lookup(candidate);
            if (entries.empty()) continue;
            const auto& e = entries.front();
            url.flags.push_back("known_phish");
            builder.add_hit({"url.known_phish",
                             {fmt::format("{} listed by {} ({}{}{}, {} match)", candidate, e.source, e.listed_at,
                                          e.description.empty() ? "" : ", ", e.description, intel::to_string(e.match))}});
            break;
        }
    }
}

void Engine::add_ip_intelligence(Report& report) const {
    if (!report.origin) return;
    for (const auto& note : impl_->geoip.notes()) report.notes.push_back(note);
    auto ip = net::parse_ip(report.origin->ip);
    if (!ip) return;
    if (auto info = impl_->geoip.lookup(*ip)) {
        report.origin->country = info->country;
        report.origin->asn = info->asn;
        report.origin->as_org = info->as_org;
    }
}

Result<Report> Engine::analyze(std::string_view raw) const noexcept {
    try {
        message::Message msg = message::parse_message(raw, impl_->options.limits);
        headers::HeaderOptions header_options;
        header_options.origin.trusted_networks = impl_->options.trusted_networks;
        header_options.origin.internal_domains = impl_->options.internal_domains;
        engine::ReportBuilder builder(impl_->findings);
        builder.add_message(msg);

        headers::HeaderFacts header_facts = headers::analyze_headers(msg, impl_->header_lists, header_options, impl_->options.limits);
        headers::fill_report(header_facts, builder.report());
        for (const auto& hit : header_facts.hits) builder.add_hit(hit);
        add_ip_intelligence(builder.report());

        const auto& brand_list = impl_->brand_catalog.brands();
        auto is_brand_host = [&brand_list](std::string_view host) {
            return std::any_of(brand_list.begin(), brand_list.end(), [&](const catalog::Brand& b) { return b.owns_domain(host); });
        };
        const std::vector<std::string> recipients = engine::recipient_addresses(msg, header_facts);
        urls::UrlFacts url_facts = urls::analyze_links(msg, recipients, *impl_->url_catalog, impl_->options.limits, is_brand_host);
        urls::fill_report(url_facts, builder.report());
        for (const auto& hit : url_facts.hits) builder.add_hit(hit);
        add_known_phish(builder);

        attachments::AttachmentFacts attachment_facts = attachments::analyze_attachments(msg, impl_->attachment_lists, impl_->options.limits);
        builder.report().attachments = std::move(attachment_facts.attachments);
        for (const auto& hit : attachment_facts.hits) builder.add_hit(hit);

        content::ContentFacts content_facts = content::analyze_content(msg, recipients, *impl_->phrases, impl_->options.limits);
        for (const auto& hit : content_facts.hits) builder.add_hit(hit);
        if (content_facts.language == "ja" || content_facts.language == "en") builder.report().content_language = content_facts.language;

        brands::BrandInputs brand_inputs = engine::gather_brand_inputs(msg, header_facts, builder.report());
        // A disguised display name or subject ("Аmazon" with a Cyrillic А, "PayPal" with zero-width joiners) claims the brand it imitates.
        if (content_facts.display_name_reading) brand_inputs.from_display_name = *content_facts.display_name_reading;
        if (content_facts.subject_reading) brand_inputs.subject = *content_facts.subject_reading;
        brands::BrandFacts brand_facts =
            brands::analyze_brands(brand_inputs, impl_->brand_catalog, *impl_->brand_matcher);
        builder.report().brands = std::move(brand_facts.brands);
        for (const auto& hit : brand_facts.hits) builder.add_hit(hit);

        Report report = builder.finish();
        scoring::apply_scoring(report, impl_->scoring_rules, impl_->findings);
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
        fmt::format("data directory: {}", impl_->options.data_dir.string()),
        fmt::format("findings: {} ids", impl_->findings.all().size()),
        fmt::format("brands: {} brands, {} official domains", impl_->brand_catalog.brands().size(), domains),
        fmt::format("phrases: {} patterns in {} lists", impl_->phrases->patterns().size(), impl_->phrases->lists().size()),
        fmt::format("report: {} Japanese evidence phrases", impl_->japanese_phrasebook.size()),
        fmt::format("scoring: phishing >= {}, spam >= {}, suspicious >= {}", impl_->scoring_rules.phishing_threshold,
                    impl_->scoring_rules.spam_threshold, impl_->scoring_rules.suspicious_threshold),
    };
}

const report::Phrasebook& Engine::japanese_phrasebook() const noexcept {
    return impl_->japanese_phrasebook;
}

const report::Wording& Engine::report_wording() const noexcept {
    return impl_->report_wording;
}

const Limits& Engine::limits() const noexcept {
    return impl_->options.limits;
}

} // namespace mikiwame

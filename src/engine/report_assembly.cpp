// SPDX-License-Identifier: Apache-2.0
#include "engine/report_assembly.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "base/text.h"

namespace mikiwame::engine {

namespace {

constexpr std::size_t kMaxEvidencePerFinding = 20;
constexpr std::size_t kMaxTopReasons = 3;

// Finding hits in first-seen order of ids, their evidence merged without repeats.
class HitCollector {
public:
    void add(const base::FindingHit& hit) {
        auto [it, inserted] = evidence_.try_emplace(hit.id);
        if (inserted) order_.push_back(hit.id);
        instances_[hit.id] += hit.instances;
        for (const auto& line : hit.evidence) {
            if (it->second.size() >= kMaxEvidencePerFinding) break;
            if (std::find(it->second.begin(), it->second.end(), line) == it->second.end()) it->second.push_back(line);
        }
    }
    void add_all(const std::vector<base::FindingHit>& hits) {
        for (const auto& hit : hits) add(hit);
    }
    void finish(const catalog::FindingCatalog& findings, Report& report) {
        for (const std::string& id : order_) {
            Finding finding;
            finding.id = id;
            finding.evidence = std::move(evidence_[id]);
            if (const auto* def = findings.find(id)) {
                finding.severity = def->severity;
                finding.score = findings.weight_for(*def, instances_[id]);
                finding.summary = def->summary;
                finding.lead = def->lead;
            } else {
                finding.summary = {id, id};
            }
            report.score += finding.score;
            report.findings.push_back(std::move(finding));
        }
    }

private:
    std::vector<std::string> order_;
    std::map<std::string, std::vector<std::string>> evidence_;
    std::map<std::string, std::size_t> instances_;
};

void fill_message(const message::Message& msg, Report& report) {
    MessageInfo& info = report.message;
    info.subject = msg.subject;
    if (msg.date) info.date = msg.date->raw;
    info.message_id = msg.message_id;
    info.size = msg.size;
    info.sha256 = msg.sha256;
    // Kana decide Japanese at once; otherwise the content stage's language detection decides,
    // and an undecided language stays "" (the apps then use the reader's locale).
    report.content_language = base::is_japanese_text(msg.subject + msg.text_body) ? "ja" : "";
}

// Report::forwarded from the forwards unwrapped: how the outermost came (and from whom), which
// header fields the analysed message kept, and every layer's notes, also among the report's
// notes so that the write-up tells them.
void fill_forwarded(const StageFacts& facts, Report& report) {
    if (facts.forwarded.empty()) return;
    const message::ForwardedReport& outer = facts.forwarded.front();
    ForwardedInfo info;
    info.kind = message::to_string(outer.kind);
    info.style = message::to_string(outer.style);
    info.depth = facts.forwarded.size();
    info.forwarder = {outer.forwarder.address, outer.forwarder.display_name, outer.forwarder.subject, outer.forwarder.date};
    const message::Message& m = facts.message;
    const std::pair<message::ForwardField, bool> present[] = {
        {message::ForwardField::From, !m.from.empty()},         {message::ForwardField::Date, m.date.has_value()},
        {message::ForwardField::Subject, m.find_header("Subject") != nullptr}, {message::ForwardField::To, !m.to.empty()},
        {message::ForwardField::Cc, !m.cc.empty()},             {message::ForwardField::ReplyTo, !m.reply_to.empty()}};
    for (const auto& [field, has] : present)
        if (has) info.recovered_headers.emplace_back(message::to_string(field));
    for (const auto& layer : facts.forwarded) info.notes.insert(info.notes.end(), layer.notes.begin(), layer.notes.end());
    report.notes.insert(report.notes.end(), info.notes.begin(), info.notes.end());
    report.forwarded = std::move(info);
}

void add_message_hits(const message::Message& msg, HitCollector& hits) {
    for (const message::ParseIssue& issue : msg.issues)
        hits.add(base::FindingHit{issue.kind == message::IssueKind::LimitExceeded ? "message.limit_exceeded" : "message.parse_anomaly",
                                  {issue.detail}});
}

void fill_headers(const headers::HeaderFacts& facts, Report& report) {
    const headers::SenderIdentity& s = facts.sender;
    if (s.from) {
        report.sender.from.address = s.from->address;
        report.sender.from.display_name = s.from->display_name;
        report.sender.from.domain = s.from->domain;
        report.sender.from.registrable_domain = s.from->registrable_domain;
    }
    report.sender.return_path = s.return_path ? std::optional(s.return_path->address) : std::nullopt;
    report.sender.reply_to = s.reply_to ? std::optional(s.reply_to->address) : std::nullopt;
    report.sender.message_id_domain = s.message_id_domain;
    if (facts.origin_ip) {
        OriginInfo origin;
        origin.ip = *facts.origin_ip;
        origin.helo = facts.origin_helo;
        origin.rdns = facts.origin_rdns;
        report.origin = std::move(origin);
    }
    for (const auto& hop : facts.hops) {
        ReceivedInfo info;
        info.from_helo = hop.from_helo;
        info.from_rdns = hop.from_rdns;
        info.from_ip = hop.from_ip;
        info.by = hop.by;
        info.with = hop.with;
        info.id = hop.id;
        info.for_address = hop.for_address;
        info.date = hop.date;
        info.raw = hop.raw;
        report.received.push_back(std::move(info));
    }
}

// The auth section as read from the receiver's fields (fill_online marks what was verified).
void fill_auth(const auth::AuthVerdicts& auth, Report& report) {
    report.auth.spf = auth.spf;
    report.auth.dkim = auth.dkim;
    report.auth.dmarc = auth.dmarc;
    report.auth.source = "header";
    auto copy = [](const std::vector<auth::AuthFieldUse>& from, std::vector<AuthFieldInfo>& to) {
        for (const auto& f : from) to.push_back({f.field, f.authserv_id, f.header_index, f.reason});
    };
    copy(auth.used, report.auth.used);
    copy(auth.ignored, report.auth.ignored);
}

void fill_urls(const urls::UrlFacts& facts, Report& report) {
    for (const auto& fact : facts.urls) {
        UrlInfo info;
        info.url = fact.url;
        info.display_text = fact.display_text;
        info.host = fact.host;
        info.registrable_domain = fact.registrable_domain;
        info.found_in = fact.found_in;
        info.redirect_target = fact.redirect_target;
        info.contains_recipient = fact.contains_recipient;
        info.flags = fact.flags;
        report.urls.push_back(std::move(info));
    }
}

} // namespace

std::vector<base::FindingHit> lookup_known_phish(urls::UrlFacts& urls, intel::PhishReader& reader,
                                                 std::vector<std::string>& notes) {
    std::vector<base::FindingHit> hits;
    for (auto& url : urls.urls) {
        std::vector<std::string> candidates{url.url};
        if (url.redirect_target) candidates.push_back(*url.redirect_target);
        for (const auto& candidate : candidates) {
            auto entries = reader.lookup_strong(candidate);
            if (!entries) {
                if (notes.empty()) notes.push_back(entries.error().message + "; url.known_phish not checked");
                return hits;
            }
            if (entries->empty()) continue;
            const auto& e = entries->front();
            url.flags.push_back("known_phish");
            hits.push_back({"url.known_phish",
                            {fmt::format("{} listed by {} ({}{}{}, {} match)", candidate, e.source, e.listed_at,
                                         e.description.empty() ? "" : ", ", e.description, intel::to_string(e.match))}});
            break;
        }
    }
    return hits;
}

Report assemble_report(StageFacts& facts, const catalog::FindingCatalog& findings) {
    Report report;
    HitCollector hits;
    fill_message(facts.message, report);
    fill_forwarded(facts, report);
    add_message_hits(facts.message, hits);
    if (facts.headers) {
        fill_headers(*facts.headers, report);
        hits.add_all(facts.headers->hits);
        if (facts.auth) {
            fill_auth(facts.auth->verdicts, report);
            hits.add_all(facts.auth->hits);
        }
        if (report.origin) {
            report.notes.insert(report.notes.end(), facts.geoip_notes.begin(), facts.geoip_notes.end());
            if (facts.origin_ip_info) {
                report.origin->country = facts.origin_ip_info->country;
                report.origin->asn = facts.origin_ip_info->asn;
                report.origin->as_org = facts.origin_ip_info->as_org;
                if (!facts.origin_ip_info->lookup_error.empty()) report.notes.push_back(facts.origin_ip_info->lookup_error);
            }
        }
    }
    if (facts.qr_codes) hits.add_all(facts.qr_codes->hits);
    if (facts.urls) {
        fill_urls(*facts.urls, report);
        hits.add_all(facts.urls->hits);
        hits.add_all(facts.known_phish);
    }
    if (facts.attachments) {
        report.attachments = std::move(facts.attachments->attachments);
        hits.add_all(facts.attachments->hits);
    }
    if (facts.content) {
        hits.add_all(facts.content->hits);
        if (facts.content->language == "ja" || facts.content->language == "en") report.content_language = facts.content->language;
        report.notes.insert(report.notes.end(), facts.content->notes.begin(), facts.content->notes.end());
    }
    hits.add_all(facts.lure_hits);
    if (facts.brands) {
        report.brands = std::move(facts.brands->brands);
        report.mentioned_brands = std::move(facts.brands->mentioned);
        report.sender.provider = facts.brands->provider;
        hits.add_all(facts.brands->hits);
        report.notes.insert(report.notes.end(), facts.brands->notes.begin(), facts.brands->notes.end());
    }
    if (facts.statistical) hits.add_all(facts.statistical->hits);
    if (facts.online) {
        fill_online(*facts.online, report);
        hits.add_all(facts.online->hits);
    }
    if (facts.budget_note) hits.add({"message.limit_exceeded", {*facts.budget_note}});
    report.notes.insert(report.notes.end(), facts.notes.begin(), facts.notes.end());
    hits.finish(findings, report);
    return report;
}

void add_top_reasons(Report& report) {
    std::vector<const Finding*> top;
    for (const auto& f : report.findings) top.push_back(&f);
    std::stable_sort(top.begin(), top.end(), [](const Finding* a, const Finding* b) { return a->score > b->score; });
    report.top_reasons.clear();
    for (const Finding* f : top) {
        if (report.top_reasons.size() == kMaxTopReasons || f->score <= 0) break;
        report.top_reasons.push_back(f->id);
    }
}

} // namespace mikiwame::engine

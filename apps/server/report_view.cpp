// SPDX-License-Identifier: Apache-2.0
#include "report_view.h"

#include <algorithm>
#include <set>

#include "mikiwame/mail_date.h"
#include "mikiwame/render.h"

namespace mikiwame::server {

namespace {

using nlohmann::ordered_json;

ordered_json opt(const std::optional<std::string>& v) {
    return v ? ordered_json(*v) : ordered_json(nullptr);
}

// The stage a finding belongs to: its id's first segment ("url.text_href_mismatch" → "url").
std::string stage_of(std::string_view id) {
    const auto dot = id.find('.');
    return std::string(dot == std::string_view::npos ? id : id.substr(0, dot));
}

std::string defang_domain(std::string_view domain) {
    std::string out;
    for (char c : domain) out += c == '.' ? std::string("[.]") : std::string(1, c);
    return out;
}

// The defanged URL cut around its registrable domain (inside the host), for the page to mark
// that part: {"before", "domain", "after"}; the whole URL in "before" when it cannot be found.
ordered_json url_parts(const UrlInfo& u) {
    const std::string defanged = defang_url(u.url);
    const std::string host = defang_domain(u.host);
    const std::string domain = defang_domain(u.registrable_domain);
    const auto host_at = host.empty() ? std::string::npos : defanged.find(host);
    if (host_at != std::string::npos && !domain.empty() && host.ends_with(domain)) {
        const std::size_t at = host_at + host.size() - domain.size();
        return {{"before", defanged.substr(0, at)}, {"domain", domain}, {"after", defanged.substr(at + domain.size())}};
    }
    return {{"before", defanged}, {"domain", ""}, {"after", ""}};
}

bool domain_within(std::string_view domain, std::string_view official) {
    return !domain.empty() && (domain == official || (domain.size() > official.size() && domain.ends_with(official) &&
                                                      domain[domain.size() - official.size() - 1] == '.'));
}

std::string domain_of(std::string_view address) {
    const auto at = address.rfind('@');
    std::string d(at == std::string_view::npos ? address : address.substr(at + 1));
    while (!d.empty() && (d.back() == '>' || d.back() == ' ')) d.pop_back();
    for (char& c : d)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return d;
}

ordered_json identities(const Report& r) {
    std::vector<std::string> official;
    for (const auto& b : r.brands)
        for (const auto& d : b.official_domains) official.push_back(d);
    auto identity = [&](const char* kind, const std::string& value, const std::string& domain) {
        ordered_json j = {{"kind", kind}, {"value", value}, {"domain", domain}};
        if (official.empty()) j["official"] = nullptr;
        else j["official"] = std::any_of(official.begin(), official.end(), [&](const std::string& o) { return domain_within(domain, o); });
        return j;
    };
    ordered_json list = ordered_json::array();
    if (!r.sender.from.display_name.empty()) list.push_back({{"kind", "display_name"}, {"value", r.sender.from.display_name}, {"domain", ""}, {"official", nullptr}});
    list.push_back(identity("from", r.sender.from.address, r.sender.from.domain));
    if (r.sender.return_path) list.push_back(identity("return_path", *r.sender.return_path, domain_of(*r.sender.return_path)));
    if (r.sender.reply_to) list.push_back(identity("reply_to", *r.sender.reply_to, domain_of(*r.sender.reply_to)));
    if (r.sender.message_id_domain) list.push_back(identity("message_id", *r.sender.message_id_domain, domain_of(*r.sender.message_id_domain)));
    return {{"items", list}, {"official_domains", official}};
}

ordered_json route(const Report& r, const Engine& engine) {
    ordered_json hops = ordered_json::array();
    std::optional<std::int64_t> previous;
    // Received fields are stacked newest first; the route reads from the origin down.
    for (auto it = r.received.rbegin(); it != r.received.rend(); ++it) {
        const ReceivedInfo& h = *it;
        ordered_json hop = {{"from_helo", opt(h.from_helo)}, {"from_rdns", opt(h.from_rdns)}, {"from_ip", opt(h.from_ip)},
                            {"by", opt(h.by)},               {"with", opt(h.with)},           {"date", opt(h.date)}};
        std::optional<std::int64_t> when = h.date ? mail_date_epoch(*h.date) : std::nullopt;
        hop["delay_seconds"] = when && previous ? ordered_json(*when - *previous) : ordered_json(nullptr);
        if (when) previous = when;
        hop["origin"] = r.origin && h.from_ip && *h.from_ip == r.origin->ip;
        std::optional<IpLocation> where = h.from_ip ? engine.locate_ip(*h.from_ip) : std::nullopt;
        hop["country"] = where ? opt(where->country) : ordered_json(nullptr);
        hop["asn"] = where && where->asn ? ordered_json(*where->asn) : ordered_json(nullptr);
        hop["as_org"] = where ? opt(where->as_org) : ordered_json(nullptr);
        hops.push_back(std::move(hop));
    }
    return hops;
}

// What the source view marks: the values the evidence rests on, as they appear in the mail.
ordered_json highlights(const Report& r) {
    std::set<std::string> marks;
    auto add = [&](const std::string& s) {
        if (s.size() >= 4) marks.insert(s);
    };
    add(r.sender.from.address);
    add(r.sender.from.display_name);
    if (r.sender.return_path) add(*r.sender.return_path);
    if (r.sender.reply_to) add(*r.sender.reply_to);
    if (r.origin) add(r.origin->ip);
    for (const auto& u : r.urls) {
        add(u.host);
        if (u.display_text) add(*u.display_text);
    }
    // Quoted fragments of the evidence ("…" and 「…」) are the mail's own words.
    for (const auto& f : r.findings)
        for (const auto& e : f.evidence) {
            for (const auto& [open, close] : {std::pair<std::string_view, std::string_view>{"\"", "\""}, {"「", "」"}}) {
                std::size_t from = 0;
                while ((from = e.find(open, from)) != std::string::npos) {
                    const auto end = e.find(close, from + open.size());
                    if (end == std::string::npos) break;
                    add(e.substr(from + open.size(), end - from - open.size()));
                    from = end + close.size();
                }
            }
        }
    return ordered_json(std::vector<std::string>(marks.begin(), marks.end()));
}

ordered_json auth_text(const std::optional<AuthResult>& v) {
    return v ? ordered_json(to_string(*v)) : ordered_json(nullptr);
}

} // namespace

ordered_json summary_json(const ReportSummary& s) {
    return {{"id", s.id},
            {"created", s.created},
            {"verdict", s.verdict},
            {"score", s.score},
            {"subject", s.subject},
            {"brands", s.brands},
            {"sender_domain", s.sender_domain},
            {"origin_country", s.origin_country},
            {"sha256", s.sha256},
            {"size", s.size},
            {"raw_stored", s.raw_stored}};
}

ordered_json report_view(const StoredReport& stored, const Engine& engine, std::string_view language) {
    const Report& r = stored.report;
    const Renderer& renderer = engine.renderer();
    const bool ja = language == "ja";
    ordered_json j = summary_json(stored.summary);
    j["lang"] = ja ? "ja" : "en";
    j["summary"] = renderer.summary(r, ja ? "ja" : "en");
    j["content_language"] = r.content_language;

    ordered_json findings = ordered_json::array();
    for (const auto& f : r.findings) {
        ordered_json evidence = ordered_json::array();
        for (const auto& e : f.evidence) evidence.push_back(renderer.translate_evidence(e, language));
        findings.push_back({{"id", f.id},
                            {"stage", stage_of(f.id)},
                            {"severity", to_string(f.severity)},
                            {"score", f.score},
                            {"title", ja ? f.summary.ja : f.summary.en},
                            {"evidence", evidence}});
    }
    j["findings"] = findings;

    ordered_json brands = ordered_json::array();
    for (const auto& b : r.brands) {
        ordered_json evidence = ordered_json::array();
        for (const auto& e : b.evidence) evidence.push_back(renderer.translate_evidence(e, language));
        brands.push_back({{"id", b.id}, {"name", ja && !b.name_ja.empty() ? b.name_ja : b.name}, {"official_domains", b.official_domains},
                          {"genuine", b.is_genuine}, {"evidence", evidence}});
    }
    j["brands_claimed"] = brands;
    j["identities"] = identities(r);
    j["route"] = route(r, engine);
    if (r.origin) {
        j["origin"] = {{"ip", r.origin->ip}, {"rdns", opt(r.origin->rdns)}, {"helo", opt(r.origin->helo)}, {"country", opt(r.origin->country)},
                       {"asn", r.origin->asn ? ordered_json(*r.origin->asn) : ordered_json(nullptr)}, {"as_org", opt(r.origin->as_org)}};
    } else {
        j["origin"] = nullptr;
    }
    j["auth"] = {{"spf", auth_text(r.auth.spf)}, {"dkim", auth_text(r.auth.dkim)}, {"dmarc", auth_text(r.auth.dmarc)}, {"source", r.auth.source}};

    ordered_json links = ordered_json::array();
    for (const auto& u : r.urls)
        links.push_back({{"url", url_parts(u)},
                         {"host", defang_domain(u.host)},
                         {"registrable_domain", defang_domain(u.registrable_domain)},
                         {"display_text", u.display_text ? ordered_json(*u.display_text) : ordered_json(nullptr)},
                         {"redirect_target", u.redirect_target ? ordered_json(defang_url(*u.redirect_target)) : ordered_json(nullptr)},
                         {"contains_recipient", u.contains_recipient},
                         {"found_in", u.found_in},
                         {"flags", u.flags}});
    j["links"] = links;

    ordered_json attachments = ordered_json::array();
    for (const auto& a : r.attachments)
        attachments.push_back({{"filename", opt(a.filename)}, {"content_type", a.content_type}, {"size", a.size}, {"sha256", a.sha256}, {"flags", a.flags}});
    j["attachments"] = attachments;
    j["notes"] = r.notes;
    j["highlights"] = highlights(r);
    return j;
}

} // namespace mikiwame::server

// SPDX-License-Identifier: Apache-2.0
#include <cmath>
#include <nlohmann/json.hpp>

#include "base/text.h"
#include "report/render.h"

namespace mikiwame::report {

namespace {

using nlohmann::ordered_json;

template <typename T>
ordered_json optional_value(const std::optional<T>& v) {
    return v ? ordered_json(*v) : ordered_json(nullptr);
}

// Every string in the model is meant to be UTF-8 already; sanitising again guarantees the
// JSON writer never meets an invalid byte (it would throw) whatever a stage let through.
std::string s(std::string_view text) {
    return base::sanitize_utf8(text);
}

ordered_json optional_string(const std::optional<std::string>& v) {
    return v ? ordered_json(s(*v)) : ordered_json(nullptr);
}

ordered_json string_array(const std::vector<std::string>& values) {
    ordered_json arr = ordered_json::array();
    for (const auto& v : values) arr.push_back(s(v));
    return arr;
}

} // namespace

std::string render_json(const Report& r, bool pretty) {
    ordered_json j;
    j["schema"] = "mikiwame.report/1";
    j["verdict"] = to_string(r.verdict);
    j["score"] = r.score;
    j["message"] = {{"subject", s(r.message.subject)},
                    {"date", optional_string(r.message.date)},
                    {"message_id", optional_string(r.message.message_id)},
                    {"size", r.message.size},
                    {"sha256", r.message.sha256}};
    if (r.forwarded) {
        const ForwardedInfo& f = *r.forwarded;
        j["forwarded"] = {{"kind", f.kind},
                          {"style", f.style},
                          {"depth", f.depth},
                          {"forwarder",
                           {{"address", s(f.forwarder.address)},
                            {"display_name", s(f.forwarder.display_name)},
                            {"subject", s(f.forwarder.subject)},
                            {"date", optional_string(f.forwarder.date)}}},
                          {"recovered_headers", string_array(f.recovered_headers)},
                          {"notes", string_array(f.notes)}};
    } else {
        j["forwarded"] = nullptr;
    }
    ordered_json brands = ordered_json::array();
    for (const auto& b : r.brands)
        brands.push_back({{"id", b.id}, {"name", s(b.name)}, {"name_ja", s(b.name_ja)}, {"official_domains", string_array(b.official_domains)},
                          {"evidence", string_array(b.evidence)}, {"role", "claimed"}, {"genuine", b.is_genuine}});
    j["brands"] = brands;
    ordered_json mentioned = ordered_json::array();
    for (const auto& b : r.mentioned_brands)
        mentioned.push_back({{"id", b.id}, {"name", s(b.name)}, {"name_ja", s(b.name_ja)}, {"evidence", string_array(b.evidence)}, {"role", "mentioned"}});
    j["brands_mentioned"] = mentioned;
    j["sender"] = {{"from",
                    {{"address", s(r.sender.from.address)},
                     {"display_name", s(r.sender.from.display_name)},
                     {"domain", s(r.sender.from.domain)},
                     {"registrable_domain", s(r.sender.from.registrable_domain)}}},
                   {"return_path", optional_string(r.sender.return_path)},
                   {"reply_to", optional_string(r.sender.reply_to)},
                   {"message_id_domain", optional_string(r.sender.message_id_domain)},
                   {"provider", r.sender.provider ? ordered_json{{"id", r.sender.provider->id}, {"name", s(r.sender.provider->name)}}
                                                  : ordered_json(nullptr)}};
    if (r.origin) {
        j["origin"] = {{"ip", r.origin->ip},
                       {"helo", optional_string(r.origin->helo)},
                       {"rdns", optional_string(r.origin->rdns)},
                       {"country", optional_string(r.origin->country)},
                       {"asn", optional_value(r.origin->asn)},
                       {"as_org", optional_string(r.origin->as_org)}};
        if (r.origin->rdns_status) j["origin"]["rdns_status"] = *r.origin->rdns_status;
    } else {
        j["origin"] = nullptr;
    }
    ordered_json received = ordered_json::array();
    for (const auto& h : r.received)
        received.push_back({{"from_helo", optional_string(h.from_helo)},
                            {"from_rdns", optional_string(h.from_rdns)},
                            {"from_ip", optional_string(h.from_ip)},
                            {"by", optional_string(h.by)},
                            {"with", optional_string(h.with)},
                            {"id", optional_string(h.id)},
                            {"for", optional_string(h.for_address)},
                            {"date", optional_string(h.date)},
                            {"raw", s(h.raw)}});
    j["received"] = received;
    auto result = [](const std::optional<AuthResult>& v) { return v ? nlohmann::json(to_string(*v)) : nlohmann::json(nullptr); };
    auto auth_fields = [](const std::vector<AuthFieldInfo>& list) {
        ordered_json arr = ordered_json::array();
        for (const auto& f : list)
            arr.push_back({{"field", s(f.field)},
                           {"authserv_id", optional_string(f.authserv_id)},
                           {"header_index", f.header_index},
                           {"reason", s(f.reason)}});
        return arr;
    };
    j["auth"] = {{"spf", result(r.auth.spf)},
                 {"dkim", result(r.auth.dkim)},
                 {"dmarc", result(r.auth.dmarc)},
                 {"source", r.auth.source},
                 {"used", auth_fields(r.auth.used)},
                 {"ignored", auth_fields(r.auth.ignored)}};
    // Online (source "verified") only: offline reports keep their shape byte for byte.
    if (r.auth.source == "verified") {
        j["auth"]["header"] = {{"spf", result(r.auth.header_spf)}, {"dkim", result(r.auth.header_dkim)}, {"dmarc", result(r.auth.header_dmarc)}};
        ordered_json checks = ordered_json::array();
        for (const auto& c : r.auth.checks)
            checks.push_back({{"method", c.method}, {"result", to_string(c.result)}, {"identity", s(c.identity)}, {"detail", s(c.detail)}});
        j["auth"]["checks"] = checks;
        ordered_json lookups = ordered_json::array();
        for (const auto& l : r.auth.lookups)
            lookups.push_back({{"type", l.type}, {"name", s(l.name)}, {"status", l.status}, {"answers", string_array(l.answers)},
                               {"ms", std::round(l.ms * 10.0) / 10.0}});
        j["auth"]["lookups"] = lookups;
    }
    ordered_json urls = ordered_json::array();
    for (const auto& u : r.urls)
        urls.push_back({{"url", s(u.url)},
                        {"display_text", optional_string(u.display_text)},
                        {"host", s(u.host)},
                        {"registrable_domain", s(u.registrable_domain)},
                        {"found_in", u.found_in},
                        {"redirect_target", optional_string(u.redirect_target)},
                        {"contains_recipient", u.contains_recipient},
                        {"flags", string_array(u.flags)}});
    j["urls"] = urls;
    ordered_json attachments = ordered_json::array();
    for (const auto& a : r.attachments)
        attachments.push_back({{"filename", optional_string(a.filename)},
                               {"content_type", s(a.content_type)},
                               {"size", a.size},
                               {"sha256", a.sha256},
                               {"flags", string_array(a.flags)}});
    j["attachments"] = attachments;
    ordered_json findings = ordered_json::array();
    for (const auto& f : r.findings)
        findings.push_back({{"id", f.id},
                            {"severity", to_string(f.severity)},
                            {"score", f.score},
                            {"summary", {{"ja", s(f.summary.ja)}, {"en", s(f.summary.en)}}},
                            {"evidence", string_array(f.evidence)}});
    j["findings"] = findings;
    j["lure"] = {{"kinds", string_array(r.lure.kinds)},
                 {"wants", string_array(r.lure.wants)},
                 {"advice", r.lure.advice.empty() ? ordered_json(nullptr) : ordered_json(r.lure.advice)},
                 {"delivery_report", r.lure.delivery_report}};
    const EngineInfo& e = r.engine;
    ordered_json feeds = ordered_json::array();
    for (const auto& f : e.intel_feeds) feeds.push_back({{"source", s(f.source)}, {"entries", f.entries}, {"latest", s(f.latest)}});
    ordered_json geoip_files = ordered_json::array();
    std::string geoip;
    for (const auto& g : e.geoip) {
        geoip_files.push_back({{"kind", g.kind}, {"path", s(g.path)}, {"built", g.built}});
        geoip += (geoip.empty() ? "" : ", ") + g.path;
    }
    j["engine"] = {{"version", e.version},
                   {"commit", e.commit},
                   {"data_version", e.data_version},
                   {"intel_db", optional_string(e.intel_db)},
                   {"intel_entries", e.intel_entries},
                   {"intel_feeds", feeds},
                   {"geoip", geoip.empty() ? ordered_json(nullptr) : ordered_json(s(geoip))},
                   {"geoip_files", geoip_files},
                   {"content_model", optional_string(e.content_model)}};
    return pretty ? j.dump(2, ' ', false, ordered_json::error_handler_t::replace)
                  : j.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

} // namespace mikiwame::report

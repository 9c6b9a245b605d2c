// SPDX-License-Identifier: Apache-2.0
#include "engine/online_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <set>

#include "base/text.h"

namespace mikiwame::engine {
namespace {


// The SPF identity: the envelope's MAIL FROM, else the receiving hop's envelope-from, else
// Return-Path (present but empty: the null sender).
void spf_identity(const std::optional<Envelope>& envelope, const message::Message& msg, const headers::HeaderFacts& h,
                  auth::OnlineInputs& in) {
    if (envelope && !envelope->client_ip.empty() && h.origin_from_envelope) {
        in.mail_from = envelope->mail_from;
        in.mail_from_source = "envelope";
        return;
    }
    if (h.origin_index && *h.origin_index < h.hops.size() && h.hops[*h.origin_index].envelope_from) {
        in.mail_from = *h.hops[*h.origin_index].envelope_from;
        in.mail_from_source = "Received envelope-from";
        return;
    }
    if (h.sender.return_path) {
        in.mail_from = h.sender.return_path->address;
        in.mail_from_source = "Return-Path";
    } else if (msg.find_header("Return-Path")) {
        in.mail_from = std::string();
        in.mail_from_source = "Return-Path";
    }
}

// pct= below 100: whether this message is in the sample, and the policy that then applies.
std::string sampling_note(const auth::DmarcCheck& dmarc) {
    if (dmarc.pct >= 100) return {};
    if (dmarc.sampled) return fmt::format("; sampled (bucket {} < {})", dmarc.sample_bucket, dmarc.pct);
    return fmt::format("; not sampled (bucket {} >= {}): {} applies", dmarc.sample_bucket, dmarc.pct, dmarc.applied_policy);
}

} // namespace

OnlineFacts run_online_checks(std::string_view raw, const std::optional<Envelope>& envelope, const message::Message& msg,
                              headers::HeaderFacts& headers, auth::AuthFacts& auth, const OnlineOptions& options,
                              auth::Resolver& resolver) {
    OnlineFacts out;
    auth::OnlineInputs in;
    in.raw = raw;
    if (headers.origin_ip) in.client_ip = *headers.origin_ip;
    if (headers.origin_helo) in.helo = *headers.origin_helo;
    spf_identity(envelope, msg, headers, in);
    if (headers.sender.from) in.from_domain = headers.sender.from->domain;
    // pct= sampling draws from the message itself, so a report can be reproduced.
    in.dmarc_sample_key = msg.message_id && !msg.message_id->empty() ? *msg.message_id : msg.sha256;
    in.fcrdns = options.fcrdns;
    in.dnsbl_zones = options.dnsbl;
    in.now = static_cast<std::int64_t>(std::time(nullptr));
    out.auth = auth::check_online(in, resolver);
    const auth::OnlineAuth& a = out.auth;

    auth::AuthVerdicts& v = auth.verdicts;
    out.header_spf = v.spf;
    out.header_dkim = v.dkim;
    out.header_dmarc = v.dmarc;
    out.header_arc = v.arc;
    v.source = "verified";
    v.evidence.clear();
    if (a.spf) {
        v.spf = a.spf->result;
        v.spf_domain = a.spf->domain;
        v.evidence.push_back(fmt::format("SPF {} for {} from {} ({}), verified over DNS", to_string(a.spf->result), a.spf->domain,
                                         in.client_ip.value_or("?"), a.spf->mechanism));
    } else {
        out.notes.push_back(in.client_ip ? "SPF not checked online: no MAIL FROM (envelope, Received envelope-from or Return-Path) is known"
                                         : "SPF not checked online: no origin IP is known");
    }
    v.dkim = a.dkim_result;
    v.dkim_signatures.clear();
    for (const auto& sig : a.dkim) {
        if (sig.result == AuthResult::Pass) v.dkim_signatures.push_back({sig.domain, sig.selector});
        v.evidence.push_back(fmt::format("DKIM {} d={} s={} ({}), verified over DNS", to_string(sig.result), sig.domain.empty() ? "?" : sig.domain,
                                         sig.selector.empty() ? "?" : sig.selector, sig.reason));
    }
    v.dmarc = a.dmarc.result;
    if (!a.dmarc.from_domain.empty())
        v.evidence.push_back(fmt::format("DMARC {} for {} ({}{}), verified over DNS", to_string(a.dmarc.result), a.dmarc.from_domain,
                                         a.dmarc.policy.empty() ? "" : "policy " + a.dmarc.policy + "; ", a.dmarc.reason));

    // The findings of the verified results replace those of the fields read.
    auth.hits.clear();
    auth::add_auth_hits(v, auth.hits);
    // Where the receiver's trusted fields said otherwise: both are shown, and that is a finding.
    std::vector<std::string> disagreement;
    auto compare = [&](const char* method, const std::optional<AuthResult>& header, const std::optional<AuthResult>& verified) {
        if (header && verified && *header != *verified)
            disagreement.push_back(fmt::format("{}: the receiver's field says {}, verified {}", method, to_string(*header), to_string(*verified)));
    };
    compare("SPF", out.header_spf, a.spf ? std::optional(a.spf->result) : std::nullopt);
    compare("DKIM", out.header_dkim, a.dkim_result);
    compare("DMARC", out.header_dmarc, a.dmarc.result);
    if (!disagreement.empty()) {
        if (v.authserv_id) disagreement.push_back(fmt::format("receiver's authserv-id {}", *v.authserv_id));
        out.hits.push_back({"auth.result_disagreement", std::move(disagreement)});
    }
    if (a.fcrdns_checked && a.fcrdns_name) headers.origin_rdns = *a.fcrdns_name;
    for (const auto& hit : a.dnsbl)
        out.hits.push_back({"received.dnsbl_listed", {fmt::format("{} is listed in {} ({}{}{})", hit.item, hit.zone, hit.answer,
                                                                  hit.reason.empty() ? "" : ": ", hit.reason)}});
    return out;
}

void check_link_lists(OnlineFacts& online, const urls::UrlFacts& urls, const OnlineOptions& options, auth::Resolver& resolver) {
    if (options.uribl.empty()) return;
    std::vector<std::string> domains;
    std::set<std::string> seen;
    for (const auto& u : urls.urls) {
        if (u.registrable_domain.empty() || !seen.insert(u.registrable_domain).second) continue;
        if (domains.size() >= 20) break;
        domains.push_back(u.registrable_domain);
    }
    online.uribl = auth::check_uribl(domains, options.uribl, resolver);
    for (const auto& hit : online.uribl)
        online.hits.push_back({"url.uribl_listed", {fmt::format("{} is listed in {} ({}{}{})", hit.item, hit.zone, hit.answer,
                                                                hit.reason.empty() ? "" : ": ", hit.reason)}});
}

void fill_online(const OnlineFacts& online, Report& report) {
    const auth::OnlineAuth& a = online.auth;
    report.auth.source = "verified";
    report.auth.header_spf = online.header_spf;
    report.auth.header_dkim = online.header_dkim;
    report.auth.header_dmarc = online.header_dmarc;
    if (a.spf)
        report.auth.checks.push_back({"spf", a.spf->result, a.spf->domain,
                                      fmt::format("{} (identity from {}; {} DNS-querying terms){}", a.spf->mechanism, a.spf_identity_source,
                                                  a.spf->lookups, a.spf->explanation.empty() ? "" : "; explanation: " + a.spf->explanation)});
    if (a.spf_helo) report.auth.checks.push_back({"spf_helo", a.spf_helo->result, a.spf_helo->domain, a.spf_helo->mechanism});
    for (const auto& sig : a.dkim)
        report.auth.checks.push_back({"dkim", sig.result, sig.domain,
                                      fmt::format("s={} a={} {}{}", sig.selector, sig.algorithm, sig.reason,
                                                  sig.key_bits ? fmt::format(" ({}-bit key)", sig.key_bits) : std::string())});
    report.auth.checks.push_back({"dmarc", a.dmarc.result, a.dmarc.from_domain,
                                  a.dmarc.policy.empty() ? a.dmarc.reason
                                                         : fmt::format("policy {} (pct={}, record at _dmarc.{}{}); {}", a.dmarc.policy,
                                                                       a.dmarc.pct, a.dmarc.record_domain, sampling_note(a.dmarc),
                                                                       a.dmarc.reason)});
    // ARC: the chain as verified, beside what the receiver's trusted fields claimed of it.
    if (a.arc.instances > 0 || online.header_arc)
        report.auth.checks.push_back(
            {"arc", a.arc.result, a.arc.domain,
             fmt::format("{}{}; the receiver's fields say arc={}", a.arc.instances > 0 ? fmt::format("{} ARC set(s): ", a.arc.instances) : "",
                         a.arc.reason, online.header_arc ? to_string(*online.header_arc) : "-")});
    for (const auto& l : online.lookups) {
        DnsLookupInfo info;
        info.type = std::string(auth::to_string(l.type));
        info.name = l.name;
        info.status = std::string(auth::to_string(l.answer.status));
        if (!l.answer.error.empty() && l.answer.status != auth::DnsStatus::Answer) info.status += " (" + l.answer.error + ")";
        info.answers = l.answer.records;
        info.ms = static_cast<double>(l.answer.elapsed.count()) / 1000.0;
        report.auth.lookups.push_back(std::move(info));
    }
    if (report.origin && a.fcrdns_checked) report.origin->rdns_status = a.fcrdns_name ? "verified" : "claimed";
    report.notes.insert(report.notes.end(), online.notes.begin(), online.notes.end());
}

} // namespace mikiwame::engine

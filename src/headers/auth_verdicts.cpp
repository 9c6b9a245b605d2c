// SPDX-License-Identifier: Apache-2.0
// Selection of trusted Authentication-Results / ARC-Authentication-Results / Received-SPF
// fields and reduction of their results to one spf, dkim and dmarc verdict.
#include "headers/auth_verdicts.h"

#include <algorithm>

#include "base/text.h"
#include "net/domain.h"

namespace mikiwame::headers {
namespace {

// The domain an SPF identity names: "user@example.com", "<user@example.com>" or "example.com".
std::optional<std::string> domain_of_identity(std::string_view identity) {
    std::string v(base::trim(identity));
    while (!v.empty() && (v.front() == '<')) v.erase(0, 1);
    while (!v.empty() && (v.back() == '>' || v.back() == '.')) v.pop_back();
    std::size_t at = v.rfind('@');
    if (at != std::string::npos) v = v.substr(at + 1);
    if (v.empty() || v.find('.') == std::string::npos) return std::nullopt;
    return base::to_lower_ascii(v);
}

bool matches_receiver(const std::optional<std::string>& authserv_id,
                      const std::vector<std::string>& receiver_domains) {
    if (!authserv_id) return false;
    std::string reg = net::registrable_domain(*authserv_id);
    return std::find(receiver_domains.begin(), receiver_domains.end(), reg) != receiver_domains.end();
}

// RFC 8601 §2.7.1: one dkim result per signature. Any pass is enough for the message.
std::optional<AuthResult> combine_dkim(const AuthenticationResults& ar) {
    std::optional<AuthResult> combined;
    for (const auto& r : ar.results) {
        if (r.method != "dkim") continue;
        auto v = normalize_auth_result(r.result);
        if (!v) continue;
        if (*v == AuthResult::Pass) return v;
        if (!combined || *combined == AuthResult::None || *combined == AuthResult::Neutral) combined = v;
    }
    return combined;
}

std::optional<AuthResult> first_result(const AuthenticationResults& ar, std::string_view method) {
    for (const auto& r : ar.results)
        if (r.method == method)
            if (auto v = normalize_auth_result(r.result)) return v;
    return std::nullopt;
}

struct Candidate {
    std::size_t header_index = 0;
    AuthenticationResults ar;
};

} // namespace

AuthVerdicts evaluate_authentication(const message::Message& msg, const OriginResult& origin) {
    AuthVerdicts out;
    const auto& headers = msg.headers;
    std::vector<Candidate> trusted, trusted_arc;
    std::optional<std::size_t> received_spf_index;
    for (std::size_t i = 0; i < headers.size(); ++i) {
        const auto& h = headers[i];
        if (base::iequals_ascii(h.name, "DKIM-Signature")) {
            if (auto sig = parse_dkim_signature(h.value)) out.dkim_signatures.push_back(*sig);
            continue;
        }
        bool is_ar = base::iequals_ascii(h.name, "Authentication-Results");
        bool is_arc = base::iequals_ascii(h.name, "ARC-Authentication-Results");
        bool is_spf = base::iequals_ascii(h.name, "Received-SPF");
        if (!is_ar && !is_arc && !is_spf) continue;
        bool above_boundary = origin.boundary_header_index && i < *origin.boundary_header_index;
        if (is_spf) {
            if (above_boundary && !received_spf_index) received_spf_index = i;
            continue;
        }
        auto ar = is_ar ? parse_authentication_results(h.value)
                        : parse_arc_authentication_results(h.value);
        // Without any Received field there is no boundary; then only the receiver's own
        // authserv-id (from OriginOptions::internal_domains) identifies its fields.
        bool is_trusted = origin.boundary_header_index
                              ? above_boundary
                              : matches_receiver(ar.authserv_id, origin.receiver_domains);
        if (!is_trusted) {
            if (is_ar) ++out.ignored_count;
            continue;
        }
        (is_ar ? trusted : trusted_arc).push_back({i, std::move(ar)});
    }

    // Prefer the receiver's own authserv-id, then Microsoft 365's id-less field, then the
    // topmost trusted field; ARC results only when no Authentication-Results was trusted.
    const Candidate* chosen = nullptr;
    for (const auto& c : trusted)
        if (matches_receiver(c.ar.authserv_id, origin.receiver_domains)) {
            chosen = &c;
            break;
        }
    if (!chosen)
        for (const auto& c : trusted)
            if (!c.ar.authserv_id) {
                chosen = &c;
                break;
            }
    if (!chosen && !trusted.empty()) chosen = &trusted.front();
    if (!chosen && !trusted_arc.empty()) {
        chosen = &*std::max_element(trusted_arc.begin(), trusted_arc.end(), [](const auto& a, const auto& b) {
            return a.ar.arc_instance.value_or(0) < b.ar.arc_instance.value_or(0);
        });
    }
    if (chosen) {
        out.spf = first_result(chosen->ar, "spf");
        for (const auto& r : chosen->ar.results) {
            if (r.method != "spf") continue;
            for (const auto& [key, value] : r.properties)
                if (key == "smtp.mailfrom" || key == "smtp.helo") {
                    out.spf_domain = domain_of_identity(value);
                    break;
                }
            break;
        }
        out.dkim = combine_dkim(chosen->ar);
        out.dmarc = first_result(chosen->ar, "dmarc");
        out.authserv_id = chosen->ar.authserv_id;
        const auto& h = headers[chosen->header_index];
        out.evidence.push_back(h.name + ": " + base::collapse_whitespace(h.value).substr(0, 300));
    }
    if (!out.spf && received_spf_index) {
        const auto& h = headers[*received_spf_index];
        out.spf = parse_received_spf(h.value);
        // RFC 7208 §9.1: "envelope-from=" names the identity; older writers only say
        // "domain of user@example.com designates …".
        std::string lower = base::to_lower_ascii(h.value);
        for (std::string_view key : {"envelope-from=", "domain of ", "smtp.mailfrom="}) {
            std::size_t pos = lower.find(key);
            if (pos == std::string::npos) continue;
            std::size_t begin = pos + key.size();
            std::size_t end = lower.find_first_of(" ;\t\r\n)", begin);
            std::string identity = lower.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
            if (!identity.empty() && identity.front() == '"') identity.erase(0, 1);
            if (!identity.empty() && identity.back() == '"') identity.pop_back();
            auto domain = domain_of_identity(identity);
            if (domain) {
                out.spf_domain = domain;
                break;
            }
        }
        if (out.spf)
            out.evidence.push_back(h.name + ": " + base::collapse_whitespace(h.value).substr(0, 300));
    }
    return out;
}

Alignment alignment_with(const AuthVerdicts& auth, std::string_view from_domain) {
    Alignment out;
    if (auth.dmarc == AuthResult::Pass) out.dkim_pass = true;
    if (from_domain.empty()) return out;
    const std::string from_org = net::registrable_domain(from_domain);
    if (auth.dkim == AuthResult::Pass)
        for (const auto& sig : auth.dkim_signatures)
            if (net::registrable_domain(sig.domain) == from_org) out.dkim_pass = true;
    if (auth.spf == AuthResult::Pass && auth.spf_domain && net::registrable_domain(*auth.spf_domain) == from_org)
        out.spf_pass = true;
    return out;
}

} // namespace mikiwame::headers

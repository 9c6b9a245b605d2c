// SPDX-License-Identifier: Apache-2.0
#include "auth/dmarc.h"

#include <fmt/format.h>

#include "base/sha256.h"
#include "base/text.h"
#include "net/domain.h"

namespace mikiwame::auth {
namespace {

std::string lower_trimmed(std::string_view s) {
    std::string out = base::to_lower_ascii(s);
    while (!out.empty() && out.back() == '.') out.pop_back();
    return out;
}

bool aligned(std::string_view a, std::string_view b, bool strict) {
    const std::string x = lower_trimmed(a), y = lower_trimmed(b);
    if (x.empty() || y.empty()) return false;
    if (strict) return x == y;
    return organizational_domain(x) == organizational_domain(y);
}

} // namespace

int dmarc_sample_bucket(std::string_view key) {
    const std::string hex = base::sha256_hex(key);
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < 16 && i < hex.size(); ++i) {
        const char c = hex[i];
        value = value * 16 + static_cast<std::uint64_t>(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    return static_cast<int>(value % 100);
}

std::string_view next_lower_policy(std::string_view policy) {
    if (policy == "reject") return "quarantine";
    return "none";
}

std::string organizational_domain(std::string_view domain) {
    return net::registrable_domain(lower_trimmed(domain));
}

std::optional<DmarcRecord> parse_dmarc_record(std::string_view text, std::string* error) {
    auto fail = [&](std::string why) -> std::optional<DmarcRecord> {
        if (error) *error = std::move(why);
        return std::nullopt;
    };
    auto tags = parse_tag_list(text);
    if (!tags || tags->empty() || (*tags)[0].first != "v" || (*tags)[0].second != "DMARC1") return fail("not a DMARC1 record");
    DmarcRecord r;
    bool has_rua = false;
    for (const auto& [tag, raw] : *tags) {
        const std::string v = base::to_lower_ascii(raw);
        if (tag == "p") {
            r.policy = v;
        } else if (tag == "sp") {
            if (v == "none" || v == "quarantine" || v == "reject") r.subdomain_policy = v;
        } else if (tag == "adkim") {
            r.strict_dkim = v == "s";
        } else if (tag == "aspf") {
            r.strict_spf = v == "s";
        } else if (tag == "pct") {
            if (v.empty() || v.size() > 3 || v.find_first_not_of("0123456789") != std::string::npos) return fail("pct= is not 0-100");
            r.pct = std::stoi(v);
            if (r.pct > 100) return fail("pct= is not 0-100");
        } else if (tag == "rua") {
            has_rua = true;
        }
    }
    if (r.policy != "none" && r.policy != "quarantine" && r.policy != "reject") {
        if (!has_rua) return fail("p= is missing or not none/quarantine/reject");
        r.policy = "none";
    }
    return r;
}

DmarcCheck check_dmarc(std::string_view from_domain, AuthResult spf, std::string_view spf_domain, const std::vector<DkimVerification>& dkim,
                       Resolver& resolver, std::string_view sample_key) {
    DmarcCheck out;
    out.from_domain = lower_trimmed(from_domain);
    if (out.from_domain.empty()) {
        out.reason = "no From domain";
        return out;
    }
    const std::string org = organizational_domain(out.from_domain);
    std::optional<DmarcRecord> record;
    for (const std::string& where : {out.from_domain, org}) {
        if (!record && !out.record_domain.empty() && where == out.record_domain) break;
        DnsAnswer txt = resolver.query("_dmarc." + where, RrType::TXT);
        if (!txt.ok()) {
            out.result = AuthResult::TempError;
            out.reason = fmt::format("_dmarc.{}: {}", where, to_string(txt.status));
            return out;
        }
        std::vector<std::string> candidates;
        for (const auto& r : txt.records)
            if (base::to_lower_ascii(r).rfind("v=dmarc1", 0) == 0) candidates.push_back(r);
        out.record_domain = where;
        if (candidates.size() > 1) {
            out.result = AuthResult::None;
            out.reason = fmt::format("{} DMARC records at _dmarc.{}: none applies", candidates.size(), where);
            return out;
        }
        if (candidates.size() == 1) {
            std::string why;
            record = parse_dmarc_record(candidates[0], &why);
            if (!record) {
                out.result = AuthResult::PermError;
                out.reason = fmt::format("_dmarc.{}: {}", where, why);
                return out;
            }
            break;
        }
        if (where == org) break;
    }
    if (!record) {
        out.result = AuthResult::None;
        out.record_domain.clear();
        out.reason = "no DMARC record";
        return out;
    }
    const bool at_org = out.record_domain != out.from_domain;
    out.policy = at_org && record->subdomain_policy ? *record->subdomain_policy : record->policy;
    out.pct = record->pct;
    // §6.6.4: the policy is applied to pct% of the messages, the next lower one to the rest.
    // The draw is the message's own (its Message-ID's hash), not a random number.
    out.sample_bucket = dmarc_sample_bucket(sample_key);
    out.sampled = out.sample_bucket < out.pct;
    out.applied_policy = out.sampled ? out.policy : std::string(next_lower_policy(out.policy));
    for (const auto& sig : dkim)
        if (sig.result == AuthResult::Pass && aligned(sig.domain, out.from_domain, record->strict_dkim)) out.dkim_aligned = true;
    out.spf_aligned = spf == AuthResult::Pass && aligned(spf_domain, out.from_domain, record->strict_spf);
    out.result = out.dkim_aligned || out.spf_aligned ? AuthResult::Pass : AuthResult::Fail;
    const char* dk = record->strict_dkim ? "strict" : "relaxed";
    const char* sp = record->strict_spf ? "strict" : "relaxed";
    if (out.result == AuthResult::Pass)
        out.reason = fmt::format("aligned {} (adkim={}, aspf={})", out.dkim_aligned ? "DKIM" : "SPF", dk, sp);
    else
        out.reason = fmt::format("neither SPF nor DKIM passed for a domain aligned with {} (adkim={}, aspf={})", out.from_domain, dk, sp);
    return out;
}

} // namespace mikiwame::auth

// SPDX-License-Identifier: Apache-2.0
// Selection of trusted Authentication-Results / ARC-Authentication-Results / Received-SPF
// fields and reduction of their results to one spf, dkim and dmarc verdict. Three decisions,
// one function each: where a field sits (place_field), whether a trusted field below the
// boundary contradicts the receiver (drop_contradicting_passes), and which trusted fields give
// the verdicts (choose_group, read_received_spf).
#include "auth/auth_verdicts.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "base/text.h"
#include "net/domain.h"

namespace mikiwame::auth {
namespace {

enum class Kind { Ar, Arc, Spf };

struct Field {
    std::size_t index = 0;
    Kind kind = Kind::Ar;
    std::optional<std::string> id;      // authserv-id or Received-SPF reporter, lower-case
    AuthenticationResults ar;           // Ar and Arc
    std::optional<AuthResult> spf;      // Spf
    bool trusted = false;
    bool below_boundary = false;        // trusted only for its place under the receiver's hop
    std::string reason;                 // where it sits (trusted) or why it is ignored
};

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

// RFC 7208 §9.1: "envelope-from=" names the identity; older writers only say "domain of
// user@example.com designates …".
std::optional<std::string> received_spf_identity(std::string_view value) {
    std::string lower = base::to_lower_ascii(value);
    for (std::string_view key : {"envelope-from=", "domain of ", "smtp.mailfrom="}) {
        std::size_t pos = lower.find(key);
        if (pos == std::string::npos) continue;
        std::size_t begin = pos + key.size();
        std::size_t end = lower.find_first_of(" ;\t\r\n)", begin);
        std::string identity = lower.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
        if (!identity.empty() && identity.front() == '"') identity.erase(0, 1);
        if (!identity.empty() && identity.back() == '"') identity.pop_back();
        if (auto domain = domain_of_identity(identity)) return domain;
    }
    return std::nullopt;
}

bool is_arc_set_field(std::string_view name) {
    return base::istarts_with_ascii(name, "ARC-");
}

// The receiving organisation's own names: its domains, and the `by` hosts of the hops it wrote.
struct Receiver {
    std::vector<std::string> domains; // registrable domains
    std::string boundary_by;          // `by` of the boundary hop, for the reasons ("" when none)
    bool has_boundary_hop = false;    // the boundary is a Received field of a trusted hop

    bool owns(const std::optional<std::string>& id) const {
        if (!id || id->empty()) return false;
        std::string reg = net::registrable_domain(*id);
        return std::find(domains.begin(), domains.end(), reg) != domains.end();
    }
};

Receiver receiver_of(const headers::HeaderFacts& facts) {
    Receiver r;
    r.domains = facts.receiver_domains;
    const std::size_t trusted = std::min(facts.trusted_hop_count, facts.hops.size());
    for (std::size_t k = 0; k < trusted; ++k) {
        if (!facts.hops[k].by) continue;
        std::string reg = net::registrable_domain(*facts.hops[k].by);
        // An address literal ("by 2002:a05:…") names no organisation.
        if (reg.find('.') == std::string::npos || reg.find(':') != std::string::npos) continue;
        if (std::find(r.domains.begin(), r.domains.end(), reg) == r.domains.end()) r.domains.push_back(std::move(reg));
    }
    if (trusted > 0 && facts.boundary_header_index && trusted <= facts.hop_header_index.size() &&
        facts.hop_header_index[trusted - 1] == *facts.boundary_header_index) {
        r.has_boundary_hop = true;
        r.boundary_by = base::to_lower_ascii(facts.hops[trusted - 1].by.value_or(""));
    }
    return r;
}

std::vector<Field> collect_fields(const message::Message& msg, AuthVerdicts& out) {
    std::vector<Field> fields;
    for (std::size_t i = 0; i < msg.headers.size(); ++i) {
        const auto& h = msg.headers[i];
        if (base::iequals_ascii(h.name, "DKIM-Signature")) {
            if (auto sig = parse_dkim_signature(h.value)) out.dkim_signatures.push_back(*sig);
            continue;
        }
        Field f;
        f.index = i;
        if (base::iequals_ascii(h.name, "Authentication-Results")) {
            f.kind = Kind::Ar;
            f.ar = parse_authentication_results(h.value);
            f.id = f.ar.authserv_id;
        } else if (base::iequals_ascii(h.name, "ARC-Authentication-Results")) {
            f.kind = Kind::Arc;
            f.ar = parse_arc_authentication_results(h.value);
            f.id = f.ar.authserv_id;
        } else if (base::iequals_ascii(h.name, "Received-SPF")) {
            f.kind = Kind::Spf;
            f.spf = parse_received_spf(h.value);
            f.id = received_spf_reporter(h.value);
        } else {
            continue;
        }
        fields.push_back(std::move(f));
    }
    return fields;
}

// Where each field sits decides whether it can be the receiver's. Above the boundary only the
// receiving side writes. Gmail, Proton and Postfix with milters (OpenDKIM, OpenDMARC) write
// theirs right under their own Received field instead, where the sender's header block also
// begins: there a field counts only in the unbroken run of authentication fields directly
// below the boundary hop's Received field, and only under the receiver's own name. Anything
// further down was written before the mail reached the receiver, by the sender or a relay.
void place_fields(std::vector<Field>& fields, const message::Message& msg, const headers::HeaderFacts& facts,
                  const Receiver& receiver) {
    std::size_t run_end = 0; // headers (boundary, run_end) are the run under the boundary hop
    if (receiver.has_boundary_hop) {
        run_end = *facts.boundary_header_index + 1;
        while (run_end < msg.headers.size()) {
            const std::string& name = msg.headers[run_end].name;
            if (!base::iequals_ascii(name, "Authentication-Results") && !base::iequals_ascii(name, "Received-SPF") &&
                !is_arc_set_field(name))
                break;
            ++run_end;
        }
    }
    const std::string hop = receiver.boundary_by.empty() ? std::string("the receiving hop") : receiver.boundary_by;
    std::size_t next_received = 0; // header index of the first Received field below the boundary
    if (facts.boundary_header_index) {
        next_received = msg.headers.size();
        for (std::size_t i = *facts.boundary_header_index + 1; i < msg.headers.size(); ++i)
            if (base::iequals_ascii(msg.headers[i].name, "Received")) {
                next_received = i;
                break;
            }
    }
    for (Field& f : fields) {
        if (!facts.boundary_header_index) {
            // No Received field at all: only the receiver's own name identifies its fields.
            f.trusted = receiver.owns(f.id);
            f.reason = f.trusted ? "no Received field; the receiver's authserv-id"
                       : f.id    ? fmt::format("no Received field, and {} is not the receiver's authserv-id", *f.id)
                                 : std::string("no Received field, and no authserv-id");
            continue;
        }
        const std::size_t boundary = *facts.boundary_header_index;
        if (f.index < boundary) {
            f.trusted = true;
            f.reason = "above the receiving side's Received fields";
            continue;
        }
        f.below_boundary = true;
        if (f.index < run_end) {
            f.trusted = receiver.owns(f.id);
            f.reason = f.trusted ? fmt::format("directly below the Received field of {}", hop)
                       : f.id    ? fmt::format("directly below the Received field of {}, but {} is not the receiver's authserv-id", hop, *f.id)
                                 : fmt::format("directly below the Received field of {}, but names no authserv-id", hop);
            continue;
        }
        if (!receiver.has_boundary_hop)
            f.reason = "written before the mail reached the receiving server";
        else if (receiver.owns(f.id))
            f.reason = f.index > next_received ? "has the receiver's authserv-id but sits below the sender's own Received fields"
                                               : "has the receiver's authserv-id but is not directly below the receiver's Received field";
        else
            f.reason = "below the trust boundary, written before the mail reached the receiver";
    }
}

const char* field_name(Kind kind) {
    switch (kind) {
    case Kind::Ar: return "Authentication-Results";
    case Kind::Arc: return "ARC-Authentication-Results";
    case Kind::Spf: return "Received-SPF";
    }
    return "Authentication-Results";
}

// The (method, signing domain) a result speaks about: DKIM results are per signature (RFC 8601
// §2.7.1), so one signature's failure does not contradict another's pass. A dkim result without
// header.d/header.i speaks for every signature.
std::string result_key(const MethodResult& r) {
    if (r.method != "dkim") return r.method;
    for (const auto& [key, value] : r.properties) {
        if (key != "header.d" && key != "header.i") continue;
        std::string_view domain = value;
        if (std::size_t at = domain.rfind('@'); at != std::string_view::npos) domain.remove_prefix(at + 1);
        if (!domain.empty()) return "dkim " + net::registrable_domain(base::to_lower_ascii(domain));
    }
    return "dkim";
}

struct Claim {
    std::string key; // result_key
    std::string method;
    AuthResult result;
};

std::vector<Claim> claims_of(const Field& f) {
    std::vector<Claim> claims;
    if (f.kind == Kind::Spf) {
        if (f.spf) claims.push_back({"spf", "spf", *f.spf});
        return claims;
    }
    for (const auto& r : f.ar.results) {
        if (r.method != "spf" && r.method != "dkim" && r.method != "dmarc") continue;
        if (auto v = normalize_auth_result(r.result)) claims.push_back({result_key(r), r.method, *v});
    }
    return claims;
}

// Trusted fields that say anything but pass, per key: the first two of each (one may be the
// field being judged), so the check stays linear whatever the number of fields.
class Objections {
public:
    void add(std::size_t field, const Claim& c) {
        put(by_key_[c.key], field, c.result);
        put(by_method_[c.method], field, c.result);
    }
    // The first objection to `c` from a field other than `field`.
    std::optional<std::pair<std::size_t, AuthResult>> against(std::size_t field, const Claim& c) const {
        // A pass for one signature meets objections to that signature and to all signatures; a
        // pass for all signatures (or for spf, dmarc) meets any objection of its method.
        if (c.key == c.method) return first_other(by_method_, c.method, field);
        if (auto o = first_other(by_key_, c.key, field)) return o;
        return first_other(by_key_, c.method, field);
    }

private:
    using Entries = std::vector<std::pair<std::size_t, AuthResult>>;
    static void put(Entries& e, std::size_t field, AuthResult result) {
        if (e.size() < 2 && (e.empty() || e.back().first != field)) e.push_back({field, result});
    }
    static std::optional<std::pair<std::size_t, AuthResult>> first_other(const std::map<std::string, Entries>& m,
                                                                         const std::string& key, std::size_t field) {
        auto it = m.find(key);
        if (it == m.end()) return std::nullopt;
        for (const auto& e : it->second)
            if (e.first != field) return e;
        return std::nullopt;
    }
    std::map<std::string, Entries> by_key_, by_method_;
};

// The defence where a sender's field could pass for the receiver's: a field below the boundary
// claiming pass where another trusted field says otherwise (none included: "no signature" from
// the receiver against "pass" from below is a forgery) is the sender's, not the receiver's.
void drop_contradicting_passes(std::vector<Field>& fields) {
    Objections objections;
    for (std::size_t n = 0; n < fields.size(); ++n) {
        if (!fields[n].trusted) continue;
        for (const Claim& c : claims_of(fields[n]))
            if (c.result != AuthResult::Pass) objections.add(n, c);
    }
    std::vector<std::pair<std::size_t, std::string>> dropped;
    for (std::size_t n = 0; n < fields.size(); ++n) {
        const Field& f = fields[n];
        if (!f.trusted || !f.below_boundary) continue;
        for (const Claim& c : claims_of(f)) {
            if (c.result != AuthResult::Pass) continue;
            auto objection = objections.against(n, c);
            if (!objection) continue;
            const Field& other = fields[objection->first];
            dropped.push_back({n, fmt::format("claims {}=pass where the {} at headers[{}] says {}", c.method,
                                              field_name(other.kind), other.index, to_string(objection->second))});
            break;
        }
    }
    for (auto& [n, reason] : dropped) {
        fields[n].trusted = false;
        fields[n].reason = std::move(reason);
    }
}

// RFC 8601 §2.7.1: one dkim result per signature. Any pass is enough for the message.
void combine_dkim(const AuthenticationResults& ar, std::optional<AuthResult>& combined) {
    for (const auto& r : ar.results) {
        if (r.method != "dkim") continue;
        auto v = normalize_auth_result(r.result);
        if (!v || combined == AuthResult::Pass) continue;
        if (*v == AuthResult::Pass || !combined || *combined == AuthResult::None || *combined == AuthResult::Neutral) combined = v;
    }
}

std::optional<AuthResult> first_result(const AuthenticationResults& ar, std::string_view method) {
    for (const auto& r : ar.results)
        if (r.method == method)
            if (auto v = normalize_auth_result(r.result)) return v;
    return std::nullopt;
}

std::string summary_of(const message::Header& h) {
    return h.name + ": " + std::string(base::truncate_utf8(base::collapse_whitespace(h.value), 300));
}

void list(std::vector<AuthFieldUse>& into, const message::Message& msg, const Field& f, std::string reason) {
    if (into.size() >= kMaxListedAuthFields) return;
    into.push_back({msg.headers[f.index].name, f.id, f.index, std::move(reason)});
}

// The trusted Authentication-Results fields that give the verdicts: those of the receiver's own
// authserv-id (the topmost one's), else Microsoft 365's id-less ones, else those of the topmost
// trusted field; the highest ARC instance only when no Authentication-Results is trusted.
// Returns the indices into `fields`, in header order.
std::vector<std::size_t> choose_group(const std::vector<Field>& fields, const Receiver& receiver) {
    std::optional<std::size_t> lead;
    for (std::size_t n = 0; n < fields.size() && !lead; ++n)
        if (fields[n].trusted && fields[n].kind == Kind::Ar && receiver.owns(fields[n].id)) lead = n;
    for (std::size_t n = 0; n < fields.size() && !lead; ++n)
        if (fields[n].trusted && fields[n].kind == Kind::Ar && !fields[n].id) lead = n;
    for (std::size_t n = 0; n < fields.size() && !lead; ++n)
        if (fields[n].trusted && fields[n].kind == Kind::Ar) lead = n;
    std::vector<std::size_t> group;
    if (lead) {
        for (std::size_t n = 0; n < fields.size(); ++n)
            if (fields[n].trusted && fields[n].kind == Kind::Ar && fields[n].id == fields[*lead].id) group.push_back(n);
        return group;
    }
    for (std::size_t n = 0; n < fields.size(); ++n) {
        if (!fields[n].trusted || fields[n].kind != Kind::Arc) continue;
        if (!lead || fields[n].ar.arc_instance.value_or(0) > fields[*lead].ar.arc_instance.value_or(0)) lead = n;
    }
    if (lead) group.push_back(*lead);
    return group;
}

void read_group(const std::vector<Field>& fields, const std::vector<std::size_t>& group, const message::Message& msg,
                AuthVerdicts& out) {
    for (std::size_t n : group) {
        const Field& f = fields[n];
        if (!out.spf) {
            out.spf = first_result(f.ar, "spf");
            if (out.spf)
                for (const auto& r : f.ar.results) {
                    if (r.method != "spf") continue;
                    for (const auto& [key, value] : r.properties)
                        if (key == "smtp.mailfrom" || key == "smtp.helo") {
                            out.spf_domain = domain_of_identity(value);
                            break;
                        }
                    break;
                }
        }
        if (!out.dmarc) out.dmarc = first_result(f.ar, "dmarc");
        if (!out.arc) out.arc = first_result(f.ar, "arc");
        combine_dkim(f.ar, out.dkim);
        if (out.evidence.size() < kMaxListedAuthFields) out.evidence.push_back(summary_of(msg.headers[f.index]));
    }
    if (!group.empty()) out.authserv_id = fields[group.front()].id;
}

} // namespace

AuthVerdicts evaluate_authentication(const message::Message& msg, const headers::HeaderFacts& headers) {
    AuthVerdicts out;
    std::vector<Field> fields = collect_fields(msg, out);
    const Receiver receiver = receiver_of(headers);
    place_fields(fields, msg, headers, receiver);
    drop_contradicting_passes(fields);

    const std::vector<std::size_t> group = choose_group(fields, receiver);
    read_group(fields, group, msg, out);
    const bool spf_from_ar = out.spf.has_value();
    const std::optional<std::string> group_id = group.empty() ? std::nullopt : fields[group.front()].id;
    const bool group_is_arc = !group.empty() && fields[group.front()].kind == Kind::Arc;

    // Received-SPF: the SPF verdict when the chosen fields have none, else a confirmation.
    std::optional<std::size_t> spf_field;
    for (std::size_t n = 0; n < fields.size() && !spf_from_ar; ++n) {
        const Field& f = fields[n];
        if (!f.trusted || f.kind != Kind::Spf || !f.spf) continue;
        spf_field = n;
        out.spf = f.spf;
        out.spf_domain = received_spf_identity(msg.headers[f.index].value);
        if (out.evidence.size() < kMaxListedAuthFields) out.evidence.push_back(summary_of(msg.headers[f.index]));
        break;
    }

    for (std::size_t n = 0; n < fields.size(); ++n) {
        const Field& f = fields[n];
        std::string reason;
        bool used = false;
        if (!f.trusted) {
            reason = f.reason;
        } else if (std::find(group.begin(), group.end(), n) != group.end() || spf_field == n) {
            used = true;
            reason = f.reason;
        } else if (f.kind == Kind::Spf) {
            used = f.spf && f.spf == out.spf;
            reason = used ? f.reason + ", agrees with the verdict read"
                   : f.spf ? fmt::format("says {} where the verdict read says spf={}", to_string(*f.spf),
                                         out.spf ? to_string(*out.spf) : "none")
                           : std::string("names no SPF result");
        } else if (f.kind == Kind::Arc && !group_is_arc) {
            reason = "ARC results are read only when no Authentication-Results is trusted";
        } else {
            reason = group_id ? fmt::format("the fields of {} were read instead", *group_id)
                              : std::string("the receiver's own fields were read instead");
        }
        if (used) {
            list(out.used, msg, f, std::move(reason));
        } else {
            ++out.ignored_count;
            list(out.ignored, msg, f, std::move(reason));
        }
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

void add_auth_hits(const AuthVerdicts& auth, std::vector<base::FindingHit>& hits) {
    auto with_evidence = [&](std::string id, std::string first) {
        base::FindingHit hit{std::move(id), {std::move(first)}};
        hit.evidence.insert(hit.evidence.end(), auth.evidence.begin(), auth.evidence.end());
        hits.push_back(std::move(hit));
    };
    if (auth.spf == AuthResult::Fail) with_evidence("auth.spf_fail", "spf=fail");
    if (auth.spf == AuthResult::SoftFail) with_evidence("auth.spf_softfail", "spf=softfail");
    if (auth.dkim == AuthResult::Fail) with_evidence("auth.dkim_fail", "dkim=fail");
    if (auth.dmarc == AuthResult::Fail) with_evidence("auth.dmarc_fail", "dmarc=fail");
    // Nothing authenticated the sender: the receiver checked (it wrote results) and neither
    // SPF nor DKIM nor DMARC came out as anything but none.
    auto is_none = [](const std::optional<AuthResult>& r) { return !r || *r == AuthResult::None; };
    auto text = [](const std::optional<AuthResult>& r) { return std::string(to_string(r.value_or(AuthResult::None))); };
    if (!auth.evidence.empty() && is_none(auth.spf) && is_none(auth.dkim) && is_none(auth.dmarc))
        with_evidence("auth.none", "spf=" + text(auth.spf) + " dkim=" + text(auth.dkim) + " dmarc=" + text(auth.dmarc));
}

AuthFacts read_authentication(const message::Message& msg, const headers::HeaderFacts& headers, const Envelope* envelope) {
    AuthFacts facts;
    facts.verdicts = evaluate_authentication(msg, headers);
    // SPF's identity is the envelope's MAIL FROM when we saw the client ourselves.
    if (envelope && headers.origin_from_envelope && !envelope->mail_from.empty()) {
        std::string_view mail_from = envelope->mail_from;
        if (std::size_t at = mail_from.rfind('@'); at != std::string_view::npos)
            facts.verdicts.spf_domain = base::to_lower_ascii(mail_from.substr(at + 1));
    }
    add_auth_hits(facts.verdicts, facts.hits);
    return facts;
}

} // namespace mikiwame::auth

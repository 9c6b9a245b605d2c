// SPDX-License-Identifier: Apache-2.0
#include "report/narrative.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <string_view>

#include "base/text.h"

namespace mikiwame::report {

namespace {

constexpr std::size_t kMaxLinkDestinations = 2;
constexpr std::size_t kBriefActions = 3;

std::string clean(std::string_view s) {
    return base::sanitize_utf8(s);
}

const Finding* find_finding(const Report& r, std::string_view id) {
    auto f = std::find_if(r.findings.begin(), r.findings.end(), [&](const Finding& x) { return x.id == id; });
    return f == r.findings.end() ? nullptr : &*f;
}

bool has_lead(const Finding& f) {
    return !f.lead.en.empty() || !f.lead.ja.empty();
}

// A finding's lead sentence (data/findings.toml `lead`) with {from} and {from_domain} filled.
std::string lead_of(const Finding& f, const Report& r, const Words& W) {
    std::string text = W.summary_field == "ja" ? f.lead.ja : f.lead.en;
    auto fill = [&](std::string_view name, const std::string& value) {
        for (std::size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + value.size()))
            text.replace(at, name.size(), value);
    };
    fill("{from}", clean(r.sender.from.address.empty() ? "-" : r.sender.from.address));
    fill("{from_domain}", clean(r.sender.from.domain.empty() ? "-" : r.sender.from.domain));
    return text;
}

// Facts that must come first (a forged sender address): every fired finding's lead sentence.
std::string leads(const Report& r, const Words& W) {
    std::string text;
    for (const auto& f : r.findings)
        if (has_lead(f)) text += lead_of(f, r, W);
    return text;
}

// "The lure: …" for the most matched lure, "" when it has no name in this language.
std::string lure_sentence(const Report& r, const Words& W) {
    if (r.lure.kinds.empty()) return {};
    auto name = W.lure_names.find(r.lure.kinds.front());
    return name == W.lure_names.end() ? std::string() : fill_template(W.narrative.lure, name->second);
}

// "It wants you to …" for every want worded in this language, "" for none.
std::string wants_sentence(const Report& r, const Words& W) {
    std::vector<std::string> wants;
    for (const auto& want : r.lure.wants)
        if (auto phrase = W.want_phrases.find(want); phrase != W.want_phrases.end()) wants.push_back(phrase->second);
    return wants.empty() ? std::string() : fill_template(W.narrative.wants, fmt::format("{}", fmt::join(wants, W.narrative.conjunction)));
}

// The host of a URL ("https://login.example.net:8443/x" → "login.example.net"), lower-case.
std::string host_of(std::string_view url) {
    const std::size_t scheme = url.find("://");
    std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (const std::size_t at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
    if (!rest.starts_with('[')) rest = rest.substr(0, rest.find(':'));
    return base::to_lower_ascii(rest);
}

// "example[.]net": a domain no viewer turns into a link (defang_url brackets a host's dots).
std::string defanged_domain(std::string_view domain) {
    return base::defang_url(clean(domain));
}

// Where the mail's links really lead: the links some finding flagged (else every link of the
// body), each by the host its redirect ends at or its own registrable domain; distinct, in order.
std::vector<std::string> link_destinations(const Report& r) {
    const bool any_flagged = std::any_of(r.urls.begin(), r.urls.end(), [](const UrlInfo& u) { return !u.flags.empty(); });
    std::vector<std::string> out;
    for (const auto& u : r.urls) {
        if (u.found_in == "header" || (any_flagged && u.flags.empty())) continue;
        std::string where = u.redirect_target ? host_of(*u.redirect_target) : u.registrable_domain;
        if (where.empty()) continue;
        where = defanged_domain(where);
        if (std::find(out.begin(), out.end(), where) == out.end()) out.push_back(where);
        if (out.size() == kMaxLinkDestinations) break;
    }
    return out;
}

// "203.0.113.7 (US, AS64500)": the origin as the narrative names it.
std::string origin_text(const OriginInfo& o) {
    std::string network = o.country.value_or("");
    if (o.asn) network += fmt::format("{}AS{}", network.empty() ? "" : ", ", *o.asn);
    return network.empty() ? o.ip : fmt::format("{} ({})", o.ip, network);
}

// True when the claimed brand lists the From domain (or its parent) among its official domains.
bool from_is_brands(const Report& r, const BrandInfo& brand) {
    const std::string domain = base::to_lower_ascii(r.sender.from.domain);
    return std::any_of(brand.official_domains.begin(), brand.official_domains.end(), [&](const std::string& d) {
        return domain == d || (domain.size() > d.size() && domain.ends_with(d) && domain[domain.size() - d.size() - 1] == '.');
    });
}

struct Told {
    bool lure = false, wants = false, origin = false, not_brand = false;
};

// The narrative's sentences after the verdict, the leads and the brand; what they told.
std::string narrative(const Report& r, const Words& W, Told& told) {
    const auto& N = W.narrative;
    std::string text;
    const bool led = std::any_of(r.findings.begin(), r.findings.end(), has_lead);
    if (!r.brands.empty() && !r.brands.front().is_genuine && !led && !r.sender.from.domain.empty() &&
        !from_is_brands(r, r.brands.front())) {
        text += fill_template(N.not_brand_domain, defanged_domain(r.sender.from.domain));
        told.not_brand = true;
    }
    const std::string lure = lure_sentence(r, W), wants = wants_sentence(r, W);
    told.lure = !lure.empty();
    told.wants = !wants.empty();
    text += lure + wants;
    if (auto where = link_destinations(r); !where.empty()) text += fill_template(N.link, fmt::format("{}", fmt::join(where, N.conjunction)));
    if (r.origin && (find_finding(r, "received.origin_not_brand") || find_finding(r, "received.foreign_origin") ||
                     find_finding(r, "sender.brand_domain_spoofed"))) {
        text += fill_template(N.origin, origin_text(*r.origin));
        told.origin = true;
    }
    return text;
}

// A top reason the narrative has already told in its own words.
bool already_told(std::string_view id, const Told& told) {
    if (told.lure && (id == "content.pretext" || id == "content.scam")) return true;
    if (told.wants && id == "content.credential_request") return true;
    if (told.origin && (id == "received.origin_not_brand" || id == "received.foreign_origin")) return true;
    if (told.not_brand && id == "sender.display_brand_mismatch") return true;
    return false;
}

} // namespace

const std::string& brand_name(const BrandInfo& brand, const Words& W) {
    return W.language == "ja" && !brand.name_ja.empty() ? brand.name_ja : brand.name;
}

std::string compose_summary(const Report& r, const Words& W) {
    // The leads come before the brand the mail claims: said after it, the brand's name would
    // read as if the forged address were the brand's.
    std::string text = W.summaries.of(r.verdict) + leads(r, W);
    Told told;
    if (r.verdict != Verdict::Clean) {
        if (!r.brands.empty()) text += fill_template(W.brand_claim, brand_name(r.brands.front(), W));
        text += narrative(r, W, told);
    } else if (r.lure.delivery_report) {
        text += W.narrative.bounce;
    } else if (!r.brands.empty() && r.brands.front().is_genuine) {
        text += fill_template(W.narrative.genuine, brand_name(r.brands.front(), W));
    }
    // The weightiest findings (Report::top_reasons) say why, in the catalogue's words; one that
    // led or that the narrative told is not repeated.
    for (const std::string& id : r.top_reasons) {
        const Finding* f = find_finding(r, id);
        if (!f || has_lead(*f) || already_told(id, told)) continue;
        text += fill_template(W.reason, W.summary_of(*f));
    }
    return text;
}

std::string compose_short_summary(const Report& r, const Words& W) {
    std::string text = W.summaries.of(r.verdict) + leads(r, W);
    if (r.verdict == Verdict::Clean) {
        if (r.lure.delivery_report) text += W.narrative.bounce;
        return text;
    }
    if (!r.brands.empty()) text += fill_template(W.brand_claim, brand_name(r.brands.front(), W));
    const std::string lure = lure_sentence(r, W), wants = wants_sentence(r, W);
    text += lure + wants;
    // Neither a brand nor a lure to name: the weightiest reason says why.
    if (r.brands.empty() && lure.empty() && wants.empty() && !r.top_reasons.empty())
        if (const Finding* f = find_finding(r, r.top_reasons.front()); f && !has_lead(*f)) text += fill_template(W.reason, W.summary_of(*f));
    return text;
}

std::vector<std::string> recommended_actions(const Report& r, const Words& W, bool brief) {
    auto advice = [&](std::string_view id) -> const std::vector<std::string>* {
        auto it = W.advice.find(id);
        return it == W.advice.end() ? nullptr : &it->second;
    };
    std::vector<std::string> out;
    if (r.verdict == Verdict::Clean) {
        const std::vector<std::string>* bounce = r.lure.delivery_report ? advice("bounce") : nullptr;
        out = bounce ? *bounce : W.actions_clean;
    } else if (const std::vector<std::string>* lines = r.lure.advice.empty() ? nullptr : advice(r.lure.advice)) {
        if (!brief && !W.actions_danger.empty()) out.push_back(W.actions_danger.front());
        out.insert(out.end(), lines->begin(), lines->end());
    } else {
        out = W.actions_danger;
    }
    if (brief && out.size() > kBriefActions) out.resize(kBriefActions);
    return out;
}

} // namespace mikiwame::report

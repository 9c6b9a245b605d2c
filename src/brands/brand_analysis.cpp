// SPDX-License-Identifier: Apache-2.0
#include "brands/brand_analysis.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "base/normalize.h"
#include "base/text.h"
#include "net/domain.h"

namespace mikiwame::brands {

namespace {

// How strongly the mail claims to be a brand. Strong: the sender presents itself as the brand
// (display name, From domain, subject). Medium: its copyright line or repeated mentions.
// Weak: a single mention or a link token, which legitimate mail about a brand also has.
enum class Strength { Weak = 1, Medium = 2, Strong = 3 };

struct Claim {
    Strength strength = Strength::Weak;
    std::vector<std::string> evidence;
    bool in_display_name = false;
    bool in_subject = false;
    bool official_from = false;
    bool has_copyright = false;
    std::string copyright_pattern;
    std::size_t body_mentions = 0;
};


// A token stands as a word inside a host or path ("su-activemail-kagoya-jp", "/kagoya/login")
// rather than inside an unrelated one ("shagmail", "amazonas").
bool contains_token_at_boundary(std::string_view haystack, std::string_view token) {
    if (token.size() < 3) return false;
    for (std::size_t pos = haystack.find(token); pos != std::string_view::npos; pos = haystack.find(token, pos + 1)) {
        std::size_t end = pos + token.size();
        bool left = pos == 0 || !std::isalpha(static_cast<unsigned char>(haystack[pos - 1]));
        bool right = end >= haystack.size() || !std::isalpha(static_cast<unsigned char>(haystack[end]));
        // Both ends: "kagoya-support" and "su-kagoya-jp" name the brand, "amazonas-coffee"
        // and "sakurai-sekkei" are other words that begin the same way.
        if (left && right) return true;
    }
    return false;
}

// In a path, a token that is part of a domain name written there ("…@mail.gmail.com" in an
// archive link, "/go?to=www.example.com") names that domain, not the brand's page.
bool path_names_token(std::string_view path, std::string_view token) {
    for (std::size_t pos = path.find(token); pos != std::string_view::npos; pos = path.find(token, pos + 1)) {
        char before = pos == 0 ? '/' : path[pos - 1];
        std::size_t end = pos + token.size();
        char after = end < path.size() ? path[end] : '/';
        if (std::isalpha(static_cast<unsigned char>(before)) || before == '.' || before == '@') continue;
        if (std::isalpha(static_cast<unsigned char>(after))) continue;
        return true;
    }
    return false;
}

bool label_is_distinctive(const catalog::Brand& brand, std::string_view official_label) {
    if (brand.is_ambiguous) return false;
    if (brand.tokens.empty()) return true;
    return std::find(brand.tokens.begin(), brand.tokens.end(), official_label) != brand.tokens.end();
}

// A registrable domain imitating an official one: same label after undoing look-alike
// characters, one edit away on a long label, or the official label plus words. `link` is the
// domain's own label split once per message; the brand's labels were split at start.
std::optional<std::string> lookalike_of(const catalog::Brand& brand, const std::vector<OfficialLabel>& officials,
                                        const OfficialLabel& link) {
    const std::string& registrable = link.domain;
    const std::string& label = link.label;
    if (label.size() < 4) return std::nullopt;
    for (const auto& official : officials) {
        const std::string& official_label = official.label;
        if (official_label.size() < 4) continue;
        if (registrable == official.domain) return std::nullopt;
        // The same label under another suffix is not judged: global brands own many ccTLDs,
        // and a catalogue never lists them all.
        if (label == official_label) continue;
        if (link.unconfused == official.unconfused)
            return fmt::format("{} imitates {} with look-alike characters", registrable, official.domain);
        // Misspellings and added words only imitate a label that is the brand's own word: a
        // common word ("kraken", "phantom") or a generic label ("crypto" of crypto.com) spelt
        // nearly or joined with others is somebody else's name (kraken-beer.com, crypto-news.com).
        if (!label_is_distinctive(brand, official_label)) continue;
        if (official_label.size() >= 6 && base::bounded_edit_distance(label, official_label, 1) == 1)
            return fmt::format("{} is one letter away from {}", registrable, official.domain);
        if (official_label.size() >= 5 && label.size() > official_label.size() &&
            contains_token_at_boundary(label, official_label))
            return fmt::format("{} adds words to {}", registrable, official.domain);
    }
    return std::nullopt;
}

bool is_failing(const std::optional<AuthResult>& result) {
    return result == AuthResult::Fail || result == AuthResult::SoftFail;
}

const char* text_of(const std::optional<AuthResult>& result) {
    return result ? to_string(*result) : "-";
}

// Where the origin is, for evidence: "104-250-145-186.clients.example.com; US, AS53850 Example Inc."
std::string origin_description(const BrandInputs& in) {
    std::string where = in.origin_rdns.value_or("no reverse DNS");
    std::string network = in.origin_country.value_or("");
    if (in.origin_asn) network += fmt::format("{}AS{}", network.empty() ? "" : ", ", *in.origin_asn);
    if (in.origin_asn && in.origin_as_org) network += " " + *in.origin_as_org;
    if (!network.empty()) where += "; " + network;
    return where;
}

// An official domain of the brand written inside a foreign name ("kagoya.jp.mailer.example"):
// the brand's domain in forged form.
std::optional<std::string> embedded_official_domain(const catalog::Brand& brand, std::string_view host) {
    if (host.empty() || brand.owns_domain(host)) return std::nullopt;
    for (const auto& official : brand.official_domains) {
        for (std::size_t pos = host.find(official); pos != std::string_view::npos; pos = host.find(official, pos + 1)) {
            std::size_t end = pos + official.size();
            if ((pos == 0 || host[pos - 1] == '.') && end < host.size() && host[end] == '.') return official;
        }
    }
    return std::nullopt;
}

// sender.brand_domain_spoofed (SPEC §3): From uses one of the brand's official domains, and
// (a) SPF fails or softfails without an aligned DKIM pass, DMARC fails, or the receiver
//     evaluated authentication and nothing aligned passed for a mail from outside the brand;
// (b) no receiver recorded any result and the origin is outside the brand's networks, is no
//     e-mail service the brand (or any brand) may send through, and the chain below it does
//     not show the brand's own server handing the mail over (a forwarder in between);
// (c) the brand's domain shows up only in forged form: a HELO naming the brand from a client
//     whose reverse DNS is elsewhere (the origin, or a hop below it), a name that embeds an
//     official domain inside a foreign one, or such a Message-ID domain — while the verified
//     origin is elsewhere and nothing aligned passed.
std::optional<base::FindingHit> check_brand_domain_spoofed(const BrandInputs& in, const catalog::Brand& brand,
                                                           bool origin_in_brand) {
    const bool aligned_pass = in.has_aligned_dkim_pass || in.has_aligned_spf_pass;
    const bool auth_evaluated = in.spf || in.dkim || in.dmarc;
    const bool foreign_origin = in.origin_ip && !origin_in_brand;
    const bool via_service = in.origin_is_email_service || (in.origin_rdns && brand.uses_sending_service(*in.origin_rdns));
    // A forwarder (a mailing list, the recipient's old address) shows the brand's server, by
    // its reverse DNS and address, as the client of the hop below it.
    const bool handed_over_by_brand = std::any_of(in.sender_hops.begin(), in.sender_hops.end(), [&](const BrandInputs::TraceHop& hop) {
        return hop.has_ip && !hop.rdns.empty() && brand.owns_domain(hop.rdns);
    });

    const bool auth_failed = (is_failing(in.spf) && !in.has_aligned_dkim_pass) || in.dmarc == AuthResult::Fail ||
                             (auth_evaluated && foreign_origin && !aligned_pass);
    const bool unauthenticated_foreign = !auth_evaluated && foreign_origin && !via_service && !handed_over_by_brand;

    std::vector<std::string> forged; // evidence of (c)
    auto names_brand = [&](std::string_view host) { return !host.empty() && brand.owns_domain(host); };
    if (!aligned_pass && !origin_in_brand) {
        // A client that names itself after the brand (HELO) while its verified reverse DNS is
        // elsewhere forged its identity as well as the From.
        if (in.origin_helo && (names_brand(*in.origin_helo) || embedded_official_domain(brand, *in.origin_helo)))
            forged.push_back(fmt::format("the client called itself {} (HELO)", *in.origin_helo));
        for (const auto& hop : in.sender_hops) {
            if (forged.size() >= 4) break;
            if (names_brand(hop.helo) && !hop.rdns.empty() && !names_brand(hop.rdns)) {
                forged.push_back(fmt::format("a Received field the sender wrote has HELO {} from {}", hop.helo, hop.rdns));
                continue;
            }
            for (const std::string* host : {&hop.helo, &hop.rdns, &hop.by}) {
                if (!embedded_official_domain(brand, *host)) continue;
                forged.push_back(fmt::format("a Received field the sender wrote names {}", *host));
                break;
            }
        }
        if (in.message_id_domain)
            if (auto official = embedded_official_domain(brand, *in.message_id_domain))
                forged.push_back(fmt::format("Message-ID domain {} imitates {}'s domain {}", *in.message_id_domain,
                                             brand.display_name(), *official));
    }
    if (!auth_failed && !unauthenticated_foreign && forged.empty()) return std::nullopt;

    std::vector<std::string> evidence;
    if (auth_evaluated)
        evidence.push_back(fmt::format("From uses {}'s domain {}, but SPF={} DKIM={} DMARC={}", brand.display_name(), in.from_domain,
                                       text_of(in.spf), text_of(in.dkim), text_of(in.dmarc)));
    else
        evidence.push_back(fmt::format("From uses {}'s domain {}, but no receiver recorded SPF, DKIM or DMARC for it",
                                       brand.display_name(), in.from_domain));
    if (foreign_origin)
        evidence.push_back(fmt::format("sent from {} ({}), outside {}'s network", *in.origin_ip, origin_description(in),
                                       brand.display_name()));
    evidence.insert(evidence.end(), forged.begin(), forged.end());
    return base::FindingHit{"sender.brand_domain_spoofed", std::move(evidence)};
}

} // namespace

BrandFacts analyze_brands(const BrandInputs& in, const catalog::BrandCatalog& catalog, const BrandMatcher& matcher,
                          base::HsScratch& scratch) {
    BrandFacts facts;
    // A failed scan is a note on the report, and the text counts as naming no brand.
    auto scan = [&](std::string_view folded) {
        auto matches = matcher.scan(folded, scratch);
        if (matches) return std::move(matches.value());
        if (facts.notes.empty()) facts.notes.push_back("brand name scan failed: " + matches.error().message);
        return std::vector<NameMatch>{};
    };
    const auto& brands = catalog.brands();
    if (brands.empty()) return facts;
    std::map<std::size_t, Claim> claims;
    auto claim = [&](std::size_t index, Strength s, std::string evidence) {
        Claim& c = claims[index];
        if (static_cast<int>(s) > static_cast<int>(c.strength)) c.strength = s;
        if (c.evidence.size() < 8 && std::find(c.evidence.begin(), c.evidence.end(), evidence) == c.evidence.end())
            c.evidence.push_back(std::move(evidence));
    };

    std::string from_registrable = in.from_domain.empty() ? "" : net::registrable_domain(in.from_domain);

    // 1. Display name.
    std::string folded_display = std::string(base::trim(base::fold_for_matching(in.from_display_name)));
    for (const auto& m : scan(folded_display)) {
        if (m.kind == MatchKind::Copyright) continue;
        // A common-word name ("au", "line") claims the brand only when it is the whole
        // display name or comes with an official domain.
        if (brands[m.brand_index].is_ambiguous && m.kind != MatchKind::Domain && folded_display != m.pattern) {
            claim(m.brand_index, Strength::Weak, fmt::format("display name mentions \"{}\"", m.pattern));
            continue;
        }
        claims[m.brand_index].in_display_name = true;
        claim(m.brand_index, Strength::Strong, fmt::format("display name \"{}\" names {}", in.from_display_name, brands[m.brand_index].display_name()));
    }
    // 2. From domain: official, or a look-alike.
    for (std::size_t i = 0; i < brands.size() && !in.from_domain.empty(); ++i) {
        if (brands[i].is_official_sender_domain(in.from_domain)) {
            claims[i].official_from = true;
            claim(i, Strength::Strong, fmt::format("From domain {} is an official domain", in.from_domain));
        }
    }
    // 3. Subject.
    for (const auto& m : scan(base::fold_for_matching(in.subject))) {
        if (m.kind == MatchKind::Copyright) continue;
        if (!brands[m.brand_index].is_ambiguous) claims[m.brand_index].in_subject = true;
        claim(m.brand_index, brands[m.brand_index].is_ambiguous ? Strength::Weak : Strength::Strong,
              fmt::format("subject names {}", brands[m.brand_index].display_name()));
    }
    // 4. Body text, image alt text and copyright lines.
    std::string folded_body = base::fold_for_matching(base::truncate_utf8(in.body_text, 1u << 20));
    for (const auto& m : scan(folded_body)) {
        Claim& c = claims[m.brand_index];
        if (m.kind == MatchKind::Copyright) {
            c.has_copyright = true;
            c.copyright_pattern = m.original;
            claim(m.brand_index, Strength::Medium, fmt::format("copyright line \"{}\"", m.original));
        } else {
            ++c.body_mentions;
            claim(m.brand_index, c.body_mentions >= 2 && !brands[m.brand_index].is_ambiguous ? Strength::Medium : Strength::Weak,
                  fmt::format("text names {}", brands[m.brand_index].display_name()));
        }
    }
    // 5. Link hosts and paths carrying a brand token.
    for (const auto& link : in.links) {
        std::string host = base::to_lower_ascii(link.host);
        std::string path = base::to_lower_ascii(link.path);
        for (std::size_t i = 0; i < brands.size(); ++i) {
            if (brands[i].owns_domain(host)) continue;
            for (const auto& token : brands[i].tokens) {
                if (token.size() < 4) continue;
                if (contains_token_at_boundary(host, token) || contains_token_at_boundary(path, token)) {
                    claim(i, Strength::Weak, fmt::format("link {} carries \"{}\"", link.host, token));
                    break;
                }
            }
        }
    }

    // Findings.
    for (auto& [index, c] : claims) {
        const catalog::Brand& brand = brands[index];
        bool from_is_official = !in.from_domain.empty() && brand.is_official_sender_domain(in.from_domain);
        bool strong = c.strength == Strength::Strong;
        bool claimed = static_cast<int>(c.strength) >= static_cast<int>(Strength::Medium);

        if (c.in_display_name && !from_is_official && !in.from_domain.empty() && !brand.is_ambiguous) {
            facts.hits.push_back({"sender.display_brand_mismatch",
                                  {fmt::format("display name \"{}\" claims {}, but the address is at {}", in.from_display_name,
                                               brand.display_name(), in.from_domain)}});
        }
        bool origin_in_brand = (in.origin_rdns && brand.owns_domain(*in.origin_rdns)) ||
                               (in.origin_asn && std::find(brand.asns.begin(), brand.asns.end(), *in.origin_asn) != brand.asns.end());
        bool spoofed_here = false;
        if (from_is_official) {
            if (auto hit = check_brand_domain_spoofed(in, brand, origin_in_brand)) {
                facts.hits.push_back(std::move(*hit));
                spoofed_here = true;
                // The brand's own evidence must not read as reassurance: the official domain
                // is in the From because it was forged there.
                const std::string official = fmt::format("From domain {} is an official domain", in.from_domain);
                for (auto& line : c.evidence)
                    if (line == official) line = fmt::format("From forges the official domain {}", in.from_domain);
            }
        }
        bool authenticated_as_brand = from_is_official && (in.has_aligned_dkim_pass || in.has_aligned_spf_pass);
        // With the brand's own From domain, the origin is judged only where the receiver did
        // evaluate authentication (see brand_domain_spoofed); a display-name claim needs no such proof.
        bool auth_evaluated_here = in.spf || in.dkim || in.dmarc || (in.origin_helo && brand.owns_domain(*in.origin_helo));
        // A subject naming the brand counts as the claim only when the sender fails its own
        // authentication: a third party writing about the brand from its own domain passes.
        bool sender_fails_own_auth = (is_failing(in.spf) && !in.has_aligned_dkim_pass) || (in.dmarc == AuthResult::Fail);
        bool claims_as_sender = c.in_display_name || (c.in_subject && sender_fails_own_auth);
        if (strong && in.origin_ip && !origin_in_brand && !authenticated_as_brand &&
            ((claims_as_sender && !from_is_official) || (from_is_official && (auth_evaluated_here || spoofed_here)))) {
            std::string where = in.origin_rdns ? *in.origin_rdns : "no reverse DNS";
            if (in.origin_asn) where += fmt::format(", AS{}", *in.origin_asn);
            facts.hits.push_back({"received.origin_not_brand",
                                  {fmt::format("claims {} but came from {} ({})", brand.display_name(), *in.origin_ip, where)}});
            if (in.origin_country && !brand.home_country.empty() && *in.origin_country != brand.home_country) {
                facts.hits.push_back({"received.foreign_origin",
                                      {fmt::format("{} is based in {}, the mail came from {} in {}", brand.display_name(),
                                                   brand.home_country, *in.origin_ip, *in.origin_country)}});
            }
        }
        if (c.has_copyright && !from_is_official && !authenticated_as_brand) {
            facts.hits.push_back({"content.vendor_copyright",
                                  {fmt::format("\"{}\" ({}) in a mail from {}", c.copyright_pattern, brand.display_name(),
                                               in.from_domain.empty() ? "an unknown sender" : in.from_domain)}});
        }
        // Links: the brand's name inside a foreign link counts when the mail claims the brand
        // or the brand's name is unambiguous.
        // A genuine mail of the brand (official From, not found spoofed above) links wherever the
        // brand's mail goes (its CDN, its tracker): its links are not judged against the brand.
        bool genuine_sender = from_is_official && !spoofed_here;
        if ((claimed || !brand.is_ambiguous) && !genuine_sender) {
            for (const auto& link : in.links) {
                std::string host = base::to_lower_ascii(link.host);
                if (host.empty() || brand.owns_domain(host)) continue;
                if (!link.target_host.empty() && brand.owns_domain(link.target_host)) continue; // a tracker in front of the brand's own site
                std::string path = base::to_lower_ascii(link.path);
                for (const auto& token : brand.tokens) {
                    if (token.size() < 4) continue;
                    bool in_host = contains_token_at_boundary(host, token);
                    // A brand in a path is weaker (news sites link to pages about brands): it
                    // counts only when the sender presents itself as the brand.
                    bool in_path = strong && path_names_token(path, token);
                    if (in_host || in_path) {
                        facts.hits.push_back({"url.brand_in_foreign_link",
                                              {fmt::format("{} in the {} of a link to {}", token, in_host ? "host" : "path", link.registrable_domain)}});
                        break;
                    }
                }
            }
        }
        if (claimed || strong) {
            BrandInfo info;
            info.id = brand.id;
            info.name = brand.display_name();
            info.official_domains = brand.official_domains;
            info.evidence = c.evidence;
            facts.brands.push_back(std::move(info));
        }
    }
    // Look-alike domains are checked against every brand: imitation needs no other claim. A
    // domain that belongs to some brand of the catalogue imitates none (paypay.ne.jp is not a
    // misspelt paypal.com).
    auto owned_by_any = [&](std::string_view host) { return catalog.any_brand_owns(host); };
    bool from_owned = !in.from_domain.empty() && owned_by_any(in.from_domain);
    std::vector<bool> link_owned;
    for (const auto& link : in.links) link_owned.push_back(!link.host.empty() && owned_by_any(link.host));
    const OfficialLabel from_label = split_label(from_registrable);
    std::vector<OfficialLabel> link_labels;
    for (const auto& link : in.links) link_labels.push_back(split_label(link.registrable_domain));
    for (std::size_t b = 0; b < brands.size(); ++b) {
        const catalog::Brand& brand = brands[b];
        const std::vector<OfficialLabel>& officials = matcher.official_labels(b);
        if (!from_registrable.empty() && !from_owned) {
            if (auto why = lookalike_of(brand, officials, from_label))
                facts.hits.push_back({"sender.lookalike_domain", {fmt::format("From: {} ({})", *why, brand.display_name())}});
        }
        for (std::size_t l = 0; l < in.links.size(); ++l) {
            const auto& link = in.links[l];
            if (link.registrable_domain.empty() || link_owned[l]) continue;
            if (auto why = lookalike_of(brand, officials, link_labels[l]))
                facts.hits.push_back({"url.lookalike_domain", {fmt::format("link: {} ({})", *why, brand.display_name())}});
        }
    }
    std::stable_sort(facts.brands.begin(), facts.brands.end(), [&](const BrandInfo& a, const BrandInfo& b) {
        auto strength = [&](const BrandInfo& info) {
            for (const auto& [index, c] : claims)
                if (brands[index].id == info.id) return static_cast<int>(c.strength);
            return 0;
        };
        return strength(a) > strength(b);
    });
    return facts;
}

} // namespace mikiwame::brands

// SPDX-License-Identifier: Apache-2.0
#include "brands/brand_analysis.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
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
    bool official_from = false;  // the From domain is one of the brand's own official domains
    bool mailbox_from = false;   // …one where its customers hold mailboxes (or a consumer domain)
    bool has_copyright = false;
    std::string copyright_pattern;
    std::size_t body_mentions = 0;
    bool in_link = false;        // a link's host or path carries its token
    bool is_genuine = false;     // set by the findings: the family's own, authenticated mail
};

// What a claim makes of the brand in the report.
enum class Role { Claimed, Mentioned, Provider, Dropped };


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
        // One edit leaves the first or the last letter in place: a cheap test before the distance
        // (this runs for every brand and every link).
        if (official_label.size() >= 6 && (label.front() == official_label.front() || label.back() == official_label.back()) &&
            base::bounded_edit_distance(label, official_label, 1) == 1)
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
    if (host.empty() || brand.family_owns_domain(host)) return std::nullopt;
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
                                                           bool origin_in_brand, bool family_auth_pass) {
    const bool aligned_pass = in.has_aligned_dkim_pass || in.has_aligned_spf_pass || family_auth_pass;
    const bool auth_evaluated = in.spf || in.dkim || in.dmarc;
    const bool foreign_origin = in.origin_ip && !origin_in_brand;
    const bool via_service = in.origin_is_email_service || (in.origin_rdns && brand.uses_sending_service(*in.origin_rdns));
    // A forwarder (a mailing list, the recipient's old address) shows the brand's server, by
    // its reverse DNS and address, as the client of the hop below it.
    const bool handed_over_by_brand = std::any_of(in.sender_hops.begin(), in.sender_hops.end(), [&](const BrandInputs::TraceHop& hop) {
        return hop.has_ip && !hop.rdns.empty() && brand.family_owns_domain(hop.rdns);
    });

    const bool auth_failed = (is_failing(in.spf) && !in.has_aligned_dkim_pass && !family_auth_pass) || in.dmarc == AuthResult::Fail ||
                             (auth_evaluated && foreign_origin && !aligned_pass);
    const bool unauthenticated_foreign = !auth_evaluated && foreign_origin && !via_service && !handed_over_by_brand;

    std::vector<std::string> forged; // evidence of (c)
    auto names_brand = [&](std::string_view host) { return !host.empty() && brand.family_owns_domain(host); };
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

// True for the characters of a host name or a mail address around a domain written in text.
bool is_address_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' || c == '+' || c == '%' || c == '@';
}

bool is_label_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

// Blanks, in folded text, the `addresses` and every host or address under one of `domains`
// ("tanaka@kagoya.jp", "mail.kagoya.jp", "kagoya.jp"). The receiving side's: a lure that writes
// the victim's own domain into its text names the victim, not a brand.
void blank_domain_names(std::string& folded, const std::vector<std::string>& domains, const std::vector<std::string>& addresses) {
    auto blank = [&](std::size_t from, std::size_t to) { std::fill(folded.begin() + static_cast<std::ptrdiff_t>(from), folded.begin() + static_cast<std::ptrdiff_t>(to), ' '); };
    for (const auto& address : addresses) {
        if (address.size() < 3) continue;
        for (std::size_t pos = folded.find(address); pos != std::string::npos; pos = folded.find(address, pos + 1)) blank(pos, pos + address.size());
    }
    for (const auto& domain : domains) {
        if (domain.find('.') == std::string::npos) continue;
        for (std::size_t pos = folded.find(domain); pos != std::string::npos; pos = folded.find(domain, pos + 1)) {
            std::size_t end = pos + domain.size();
            // The whole name, not a longer one around it ("xkagoya.jp", "kagoya.jp.example").
            if (end < folded.size() && (is_label_char(folded[end]) || (folded[end] == '.' && end + 1 < folded.size() && is_label_char(folded[end + 1]))))
                continue;
            if (pos > 0 && is_label_char(folded[pos - 1])) continue;
            std::size_t start = pos;
            while (start > 0 && is_address_char(folded[start - 1])) --start; // its subdomains, the address's local part
            blank(start, end);
        }
    }
}

// `domain` (a host) is one of the receiving organisation's.
bool is_receiver_host(std::string_view host, const BrandInputs& in) {
    if (host.empty()) return false;
    const std::string registrable = net::registrable_domain(base::to_lower_ascii(host));
    return std::find(in.receiver_domains.begin(), in.receiver_domains.end(), registrable) != in.receiver_domains.end();
}

// A link's path without the recipients' addresses in it (plain or percent-encoded): the
// address of a victim at a brand's domain names the victim.
std::string path_without_recipients(std::string path, const BrandInputs& in) {
    for (const auto& address : in.recipient_addresses) {
        std::size_t at = address.find('@');
        if (at == std::string::npos) continue;
        for (const std::string& form : {address, address.substr(0, at) + "%40" + address.substr(at + 1)})
            for (std::size_t pos = path.find(form); pos != std::string::npos; pos = path.find(form, pos))
                path.replace(pos, form.size(), " ");
    }
    return path;
}

// A country's suffix ("de", "co.uk", "com.mx"): where a global brand's country site, or a
// company of the same name in another country, lives. Not a generic TLD (brand.net is where a
// lure is put), not a private suffix ("herokuapp.com": anyone's page) and not an abused TLD
// (the link stage's flag).
bool is_country_suffix(std::string_view suffix) {
    const std::size_t dot = suffix.find('.');
    const std::string_view last = dot == std::string_view::npos ? suffix : suffix.substr(dot + 1);
    const std::string_view first = dot == std::string_view::npos ? std::string_view() : suffix.substr(0, dot);
    if (last.size() != 2 || last.find('.') != std::string_view::npos) return false;
    return dot == std::string_view::npos || first == "co" || first == "com" || first == "ne" || first == "or" || first == "net" ||
           first == "org";
}

// The link's registrable domain is the brand's name under another country's suffix
// (google.co.uk, expedia.de, monex.com.mx): a global brand's country site, or another company
// of that name, never judged an imitation (as lookalike_of does not). Checked only once a token
// matched.
bool is_brand_name_elsewhere(const catalog::Brand& brand, const LinkView& link) {
    if (link.is_on_abused_tld) return false;
    const std::string host = base::to_lower_ascii(link.host);
    const std::string registrable = net::registrable_domain(host);
    const std::size_t dot = registrable.find('.');
    if (dot == std::string::npos || !is_country_suffix(std::string_view(registrable).substr(dot + 1))) return false;
    const std::string_view label = std::string_view(registrable).substr(0, dot);
    return std::any_of(brand.official_domains.begin(), brand.official_domains.end(), [&](const std::string& official) {
        return std::string_view(official).substr(0, official.find('.')) == label;
    });
}

struct ClaimSet {
    std::map<std::size_t, Claim> claims; // by brand index
    std::optional<std::size_t> provider; // the brand whose mailbox the From address is
};

// 1–5: who the mail names, and how strongly, in the display name, the From domain, the subject,
// the text and the links.
ClaimSet collect_claims(const BrandInputs& in, const catalog::BrandCatalog& catalog,
                        const std::function<std::vector<NameMatch>(std::string_view)>& scan) {
    const auto& brands = catalog.brands();
    ClaimSet set;
    auto claim = [&](std::size_t index, Strength s, std::string evidence) {
        Claim& c = set.claims[index];
        if (static_cast<int>(s) > static_cast<int>(c.strength)) c.strength = s;
        if (c.evidence.size() < 8 && std::find(c.evidence.begin(), c.evidence.end(), evidence) == c.evidence.end())
            c.evidence.push_back(std::move(evidence));
    };
    auto folded = [&](std::string_view text) {
        std::string out = base::fold_for_matching(text);
        blank_domain_names(out, in.receiver_domains, in.recipient_addresses);
        return out;
    };

    // 1. Display name. One that repeats the address ("jis@i.softbank.jp") names no one but the
    // From domain, which step 2 judges.
    std::string display = folded(in.from_display_name);
    if (!in.from_domain.empty()) blank_domain_names(display, {base::to_lower_ascii(in.from_domain)}, {});
    const std::string folded_display = std::string(base::trim(display));
    for (const auto& m : scan(folded_display)) {
        if (m.kind == MatchKind::Copyright) continue;
        // A common-word name ("au", "line") claims the brand only when it is the whole
        // display name or comes with an official domain.
        if (brands[m.brand_index].is_ambiguous && m.kind != MatchKind::Domain && folded_display != m.pattern) {
            claim(m.brand_index, Strength::Weak, fmt::format("display name mentions \"{}\"", m.pattern));
            continue;
        }
        set.claims[m.brand_index].in_display_name = true;
        claim(m.brand_index, Strength::Strong, fmt::format("display name \"{}\" names {}", in.from_display_name, brands[m.brand_index].display_name()));
    }
    // 2. From domain: the brand's own, or its customers' mailbox. The receiving organisation's
    // own domain is internal mail, no claim.
    if (!in.from_domain.empty() && !is_receiver_host(in.from_domain, in)) {
        for (std::size_t i = 0; i < brands.size(); ++i) {
            const catalog::Brand& brand = brands[i];
            const bool mailbox = brand.is_mailbox_domain(in.from_domain);
            if (mailbox || (!brand.is_official_sender_domain(in.from_domain) && brand.owns_domain(in.from_domain))) {
                if (!set.provider) set.provider = i;
                if (!mailbox) continue; // a consumer domain (gmail.com) is never the brand's own mail
                set.claims[i].mailbox_from = true;
            }
            if (brand.is_official_sender_domain(in.from_domain)) {
                set.claims[i].official_from = true;
                claim(i, Strength::Strong, fmt::format("From domain {} is an official domain", in.from_domain));
            }
        }
    }
    // 3. Subject.
    for (const auto& m : scan(folded(in.subject))) {
        if (m.kind == MatchKind::Copyright) continue;
        if (!brands[m.brand_index].is_ambiguous) set.claims[m.brand_index].in_subject = true;
        claim(m.brand_index, brands[m.brand_index].is_ambiguous ? Strength::Weak : Strength::Strong,
              fmt::format("subject names {}", brands[m.brand_index].display_name()));
    }
    // 4. Body text, image alt text and copyright lines.
    for (const auto& m : scan(folded(base::truncate_utf8(in.body_text, 1u << 20)))) {
        Claim& c = set.claims[m.brand_index];
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
    // 5. Link hosts and paths carrying a brand token (not the receiving side's own hosts).
    for (const auto& link : in.links) {
        std::string host = base::to_lower_ascii(link.host);
        if (is_receiver_host(host, in)) continue;
        std::string path = path_without_recipients(base::to_lower_ascii(link.path), in);
        for (std::size_t i = 0; i < brands.size(); ++i) {
            for (const auto& token : brands[i].tokens) {
                if (token.size() < 4) continue;
                if (contains_token_at_boundary(host, token) || contains_token_at_boundary(path, token)) {
                    // Ownership only once a token matched: the family's lists are long.
                    if (brands[i].family_owns_domain(host) || is_brand_name_elsewhere(brands[i], link)) break;
                    claim(i, Strength::Weak, fmt::format("link {} carries \"{}\"", link.host, token));
                    set.claims[i].in_link = true;
                    break;
                }
            }
        }
    }
    return set;
}

// The brand findings of one claim: display name, spoofed From, origin, copyright, links.
void judge_claim(const BrandInputs& in, const catalog::Brand& brand, Claim& c, std::vector<base::FindingHit>& hits) {
    // The whole family's domains, sending services and networks are the brand's own.
    const bool from_is_official = !in.from_domain.empty() && brand.is_family_sender_domain(in.from_domain);
    const bool strong = c.strength == Strength::Strong;
    const bool claimed = static_cast<int>(c.strength) >= static_cast<int>(Strength::Medium);
    const bool family_auth_pass = std::any_of(in.passing_auth_domains.begin(), in.passing_auth_domains.end(),
                                              [&](const std::string& d) { return brand.is_family_sender_domain(d); });
    const bool has_aligned_pass = in.has_aligned_dkim_pass || in.has_aligned_spf_pass;

    if (c.in_display_name && !from_is_official && !in.from_domain.empty() && !brand.is_ambiguous) {
        hits.push_back({"sender.display_brand_mismatch",
                        {fmt::format("display name \"{}\" claims {}, but the address is at {}", in.from_display_name,
                                     brand.display_name(), in.from_domain)}});
    }
    const bool origin_in_brand = (in.origin_rdns && brand.family_owns_domain(*in.origin_rdns)) ||
                                 (in.origin_asn && brand.is_family_network(*in.origin_asn));
    bool spoofed_here = false;
    if (from_is_official) {
        if (auto hit = check_brand_domain_spoofed(in, brand, origin_in_brand, family_auth_pass)) {
            hits.push_back(std::move(*hit));
            spoofed_here = true;
            // The brand's own evidence must not read as reassurance: the official domain is in
            // the From because it was forged there.
            const std::string official = fmt::format("From domain {} is an official domain", in.from_domain);
            for (auto& line : c.evidence)
                if (line == official) line = fmt::format("From forges the official domain {}", in.from_domain);
        }
    }
    const bool authenticated_as_brand = from_is_official && (has_aligned_pass || family_auth_pass);
    c.is_genuine = from_is_official && !spoofed_here && authenticated_as_brand;
    // With the brand's own From domain, the origin is judged only where the receiver did
    // evaluate authentication (see brand_domain_spoofed); a display-name claim needs no such proof.
    const bool auth_evaluated_here = in.spf || in.dkim || in.dmarc || (in.origin_helo && brand.family_owns_domain(*in.origin_helo));
    // A subject naming the brand counts as the claim only when the sender fails its own
    // authentication: a third party writing about the brand from its own domain passes.
    const bool sender_fails_own_auth = (is_failing(in.spf) && !in.has_aligned_dkim_pass) || (in.dmarc == AuthResult::Fail);
    const bool claims_as_sender = c.in_display_name || (c.in_subject && sender_fails_own_auth);
    if (strong && in.origin_ip && !origin_in_brand && !authenticated_as_brand &&
        ((claims_as_sender && !from_is_official) || (from_is_official && (auth_evaluated_here || spoofed_here)))) {
        std::string where = in.origin_rdns ? *in.origin_rdns : "no reverse DNS";
        if (in.origin_asn) where += fmt::format(", AS{}", *in.origin_asn);
        hits.push_back({"received.origin_not_brand", {fmt::format("claims {} but came from {} ({})", brand.display_name(), *in.origin_ip, where)}});
        if (in.origin_country && !brand.home_country.empty() && *in.origin_country != brand.home_country) {
            hits.push_back({"received.foreign_origin",
                            {fmt::format("{} is based in {}, the mail came from {} in {}", brand.display_name(), brand.home_country,
                                         *in.origin_ip, *in.origin_country)}});
        }
    }
    if (c.has_copyright && !from_is_official && !authenticated_as_brand) {
        hits.push_back({"content.vendor_copyright",
                        {fmt::format("\"{}\" ({}) in a mail from {}", c.copyright_pattern, brand.display_name(),
                                     in.from_domain.empty() ? "an unknown sender" : in.from_domain)}});
    }
    // Links: the brand's name inside a foreign link counts when the mail claims the brand
    // or the brand's name is unambiguous.
    // A genuine mail of the brand (the family's From, not found spoofed above) links wherever
    // the brand's mail goes (its CDN, its tracker): its links are not judged against the brand.
    const bool genuine_sender = from_is_official && !spoofed_here;
    if ((claimed || !brand.is_ambiguous) && !genuine_sender) {
        for (const auto& link : in.links) {
            std::string host = base::to_lower_ascii(link.host);
            if (host.empty() || brand.family_owns_domain(host) || is_receiver_host(host, in) || is_brand_name_elsewhere(brand, link)) continue;
            if (!link.target_host.empty() && brand.family_owns_domain(link.target_host)) continue; // a tracker in front of the brand's own site
            std::string path = path_without_recipients(base::to_lower_ascii(link.path), in);
            for (const auto& token : brand.tokens) {
                if (token.size() < 4) continue;
                bool in_host = contains_token_at_boundary(host, token);
                // A brand in a path is weaker (news sites link to pages about brands): it
                // counts only when the sender presents itself as the brand.
                bool in_path = strong && path_names_token(path, token);
                if (in_host || in_path) {
                    hits.push_back({"url.brand_in_foreign_link",
                                    {fmt::format("{} in the {} of a link to {}", token, in_host ? "host" : "path", link.registrable_domain)}});
                    break;
                }
            }
        }
    }
}

// Claimed, mentioned, the sender's provider, or left out. The sender presents itself as a brand
// in its display name, its own From domain, its subject or a copyright line. When nothing does,
// the brand the text names most (at least twice, and more than any other) is the claim: a lure
// with a neutral sender name still speaks as one brand, a newsletter names several. A brand
// named only by the From domain gives way to a member of its family the mail does name (the
// card company's notice sent from the group's domain); a mailbox domain alone names the
// sender's provider; a common word ("line", "wise") seen only in the text is no brand at all.
std::map<std::size_t, Role> assign_roles(const ClaimSet& set, const std::vector<catalog::Brand>& brands) {
    auto presents = [](const Claim& c) { return c.in_display_name || c.in_subject || c.has_copyright; };
    auto by_sender = [&](const Claim& c) { return presents(c) || c.official_from; };
    auto is_provider = [&](const Claim& c) { return c.mailbox_from && !presents(c); };
    bool any_sender_claim = false;
    std::size_t most_mentions = 0, leaders = 0;
    std::optional<std::size_t> leader;
    for (const auto& [index, c] : set.claims) {
        if (!is_provider(c) && by_sender(c)) any_sender_claim = true;
        if (c.strength != Strength::Medium || by_sender(c)) continue;
        if (c.body_mentions > most_mentions) {
            most_mentions = c.body_mentions;
            leader = index;
            leaders = 1;
        } else if (c.body_mentions == most_mentions) {
            ++leaders;
        }
    }
    std::map<std::size_t, Role> roles;
    for (const auto& [index, c] : set.claims) {
        Role role = Role::Mentioned;
        if (is_provider(c)) role = Role::Provider;
        else if (by_sender(c)) role = Role::Claimed;
        else if (!any_sender_claim && leaders == 1 && leader == index) role = Role::Claimed;
        else if (brands[index].is_ambiguous && c.strength == Strength::Weak && !c.in_link) role = Role::Dropped;
        roles[index] = role;
    }
    for (auto& [index, role] : roles) {
        const Claim& c = set.claims.at(index);
        if (role != Role::Claimed || presents(c)) continue;
        for (const auto& [other, other_claim] : set.claims)
            if (other != index && roles[other] == Role::Claimed && presents(other_claim) && brands[index].is_same_family(brands[other]))
                role = c.official_from ? Role::Dropped : Role::Mentioned;
    }
    return roles;
}

BrandInfo brand_info(const catalog::Brand& brand, const Claim& c) {
    BrandInfo info;
    info.id = brand.id;
    info.name = brand.display_name();
    if (!brand.names_ja.empty()) info.name_ja = brand.names_ja.front();
    info.official_domains = brand.official_domains;
    info.evidence = c.evidence;
    info.is_genuine = c.is_genuine;
    return info;
}

// Look-alike domains are checked against every brand: imitation needs no other claim. A
// domain that belongs to some brand of the catalogue imitates none (paypay.ne.jp is not a
// misspelt paypal.com).
void check_lookalikes(const BrandInputs& in, const catalog::BrandCatalog& catalog, const BrandMatcher& matcher,
                      std::vector<base::FindingHit>& hits) {
    const auto& brands = catalog.brands();
    const std::string from_registrable = in.from_domain.empty() ? "" : net::registrable_domain(in.from_domain);
    auto owned_by_any = [&](std::string_view host) { return catalog.any_brand_owns(host); };
    const bool from_owned = !in.from_domain.empty() && owned_by_any(in.from_domain);
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
                hits.push_back({"sender.lookalike_domain", {fmt::format("From: {} ({})", *why, brand.display_name())}});
        }
        for (std::size_t l = 0; l < in.links.size(); ++l) {
            const auto& link = in.links[l];
            if (link.registrable_domain.empty() || link_owned[l]) continue;
            if (auto why = lookalike_of(brand, officials, link_labels[l]))
                hits.push_back({"url.lookalike_domain", {fmt::format("link: {} ({})", *why, brand.display_name())}});
        }
    }
}

} // namespace

BrandFacts analyze_brands(const BrandInputs& in, const catalog::BrandCatalog& catalog, const BrandMatcher& matcher,
                          base::HsScratch& scratch) {
    BrandFacts facts;
    const auto& brands = catalog.brands();
    if (brands.empty()) return facts;
    // A failed scan is a note on the report, and the text counts as naming no brand.
    auto scan = [&](std::string_view folded) {
        auto matches = matcher.scan(folded, scratch);
        if (matches) return std::move(matches.value());
        if (facts.notes.empty()) facts.notes.push_back("brand name scan failed: " + matches.error().message);
        return std::vector<NameMatch>{};
    };
    ClaimSet set = collect_claims(in, catalog, scan);
    for (auto& [index, c] : set.claims) judge_claim(in, brands[index], c, facts.hits);
    const std::map<std::size_t, Role> roles = assign_roles(set, brands);

    std::vector<std::pair<int, BrandInfo>> claimed;
    for (const auto& [index, c] : set.claims) {
        switch (roles.at(index)) {
        case Role::Claimed: claimed.emplace_back(static_cast<int>(c.strength), brand_info(brands[index], c)); break;
        case Role::Mentioned: facts.mentioned.push_back(brand_info(brands[index], c)); break;
        case Role::Provider:
        case Role::Dropped: break;
        }
    }
    std::stable_sort(claimed.begin(), claimed.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (auto& [strength, info] : claimed) facts.brands.push_back(std::move(info));
    if (set.provider) facts.provider = ProviderInfo{brands[*set.provider].id, brands[*set.provider].display_name()};
    check_lookalikes(in, catalog, matcher, facts.hits);
    return facts;
}

} // namespace mikiwame::brands

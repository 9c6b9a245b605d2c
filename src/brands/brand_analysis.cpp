// SPDX-License-Identifier: Apache-2.0
#include "brands/brand_analysis.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "base/confusable.h"
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
// The occurrence [from, to) of a word stands at word boundaries: both ends, so that
// "kagoya-support" and "su-kagoya-jp" name the brand, "amazonas-coffee" and "sakurai-sekkei"
// are other words that begin the same way.
bool at_word_boundary(std::string_view text, std::size_t from, std::size_t to) {
    const bool left = from == 0 || !std::isalpha(static_cast<unsigned char>(text[from - 1]));
    const bool right = to >= text.size() || !std::isalpha(static_cast<unsigned char>(text[to]));
    return left && right;
}

std::size_t find_token_at_boundary(std::string_view haystack, std::string_view token) {
    if (token.size() < 3) return std::string_view::npos;
    for (std::size_t pos = haystack.find(token); pos != std::string_view::npos; pos = haystack.find(token, pos + 1))
        if (at_word_boundary(haystack, pos, pos + token.size())) return pos;
    return std::string_view::npos;
}

bool contains_token_at_boundary(std::string_view haystack, std::string_view token) {
    return find_token_at_boundary(haystack, token) != std::string_view::npos;
}

// Finds the brands' link words in a text; a failed scan counts as none (and is noted once).
using LinkWordScan = std::function<std::vector<BrandMatcher::LinkWord>(std::string_view)>;

// A link's labels left of its registrable domain, outermost first ("paypa1", "account" of
// paypa1.account.example.xyz): where a lure writes the brand so that the start of the address
// reads as the brand's site. None for an IP host or a bare registrable domain.
constexpr std::size_t kMaxLeftLabels = 8;
std::vector<std::string_view> labels_left_of(std::string_view host, std::string_view registrable) {
    std::vector<std::string_view> labels;
    if (registrable.empty() || host.size() <= registrable.size() + 1 || !host.ends_with(registrable) ||
        host[host.size() - registrable.size() - 1] != '.')
        return labels;
    std::string_view left = host.substr(0, host.size() - registrable.size() - 1);
    while (!left.empty() && labels.size() < kMaxLeftLabels) {
        const std::size_t dot = left.find('.');
        labels.push_back(left.substr(0, dot));
        if (dot == std::string_view::npos) break;
        left.remove_prefix(dot + 1);
    }
    return labels;
}

// url.brand_in_foreign_link's evidence for a token found at `pos` of `host` (npos: in the path):
// a token left of the registrable domain names its label, so that the analyst sees both the
// brand's word and where the link really goes.
std::string brand_in_link_evidence(std::string_view token, std::string_view host, std::string_view registrable, std::size_t pos) {
    if (pos == std::string_view::npos) return fmt::format("{} in the path of a link to {}", token, registrable);
    const std::size_t left_end = host.size() > registrable.size() ? host.size() - registrable.size() - 1 : 0;
    if (!registrable.empty() && host.ends_with(registrable) && pos + token.size() <= left_end) {
        const std::size_t start = host.rfind('.', pos) == std::string_view::npos ? 0 : host.rfind('.', pos) + 1;
        const std::size_t end = std::min(host.find('.', pos), left_end);
        return fmt::format("{} in the label {} of {}; the registrable domain is {}", token, host.substr(start, end - start), host,
                           registrable);
    }
    return fmt::format("{} in the host of a link to {}", token, registrable);
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

enum class Imitation { LookAlikeCharacters, OneLetter, AddedWords };

struct ImitationOf {
    Imitation how;
    std::string official; // the official domain imitated
};

// A label imitating an official one: same label after undoing look-alike characters, one edit
// away on a long label, or the official label plus words. `link` is the label split once per
// message (a registrable domain's first label, or a label left of it with the host as
// `domain`); the brand's labels were split at start.
std::optional<ImitationOf> imitation_of(const catalog::Brand& brand, const std::vector<OfficialLabel>& officials,
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
        if (link.unconfused == official.unconfused) return ImitationOf{Imitation::LookAlikeCharacters, official.domain};
        // Misspellings and added words only imitate a label that is the brand's own word: a
        // common word ("kraken", "phantom") or a generic label ("crypto" of crypto.com) spelt
        // nearly or joined with others is somebody else's name (kraken-beer.com, crypto-news.com).
        if (!label_is_distinctive(brand, official_label)) continue;
        // One edit leaves the first or the last letter in place: a cheap test before the distance
        // (this runs for every brand and every link).
        if (official_label.size() >= BrandMatcher::kMinOneEditLabel &&
            (label.front() == official_label.front() || label.back() == official_label.back()) &&
            base::bounded_edit_distance(label, official_label, 1) == 1)
            return ImitationOf{Imitation::OneLetter, official.domain};
        if (official_label.size() >= 5 && label.size() > official_label.size() &&
            contains_token_at_boundary(label, official_label))
            return ImitationOf{Imitation::AddedWords, official.domain};
    }
    return std::nullopt;
}

// A registrable domain imitating an official one, as evidence ("paypa1.com imitates paypal.com
// with look-alike characters").
std::optional<std::string> lookalike_of(const catalog::Brand& brand, const std::vector<OfficialLabel>& officials,
                                        const OfficialLabel& link) {
    const auto imitation = imitation_of(brand, officials, link);
    if (!imitation) return std::nullopt;
    switch (imitation->how) {
    case Imitation::LookAlikeCharacters: return fmt::format("{} imitates {} with look-alike characters", link.domain, imitation->official);
    case Imitation::OneLetter: return fmt::format("{} is one letter away from {}", link.domain, imitation->official);
    case Imitation::AddedWords: return fmt::format("{} adds words to {}", link.domain, imitation->official);
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
ClaimSet collect_claims(const BrandInputs& in, const catalog::BrandCatalog& catalog, const BrandMatcher& matcher,
                        const std::function<std::vector<NameMatch>(std::string_view)>& scan, const LinkWordScan& link_words) {
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
        // Only a brand listing the domain (or a parent) can own it or hold its mailboxes.
        for (std::size_t i : matcher.brands_with_sender_domain(in.from_domain)) {
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
        // Per brand, its first token (in the catalogue's order) standing as a word in the host
        // or the path: one scan of each instead of every brand's tokens in turn.
        std::map<std::size_t, std::size_t> first_token;
        for (std::string_view text : {std::string_view(host), std::string_view(path)})
            for (const auto& word : link_words(text)) {
                if (word.is_label || !at_word_boundary(text, word.from, word.to)) continue;
                auto [it, inserted] = first_token.emplace(word.brand, word.index);
                if (!inserted) it->second = std::min(it->second, word.index);
            }
        for (const auto& [i, t] : first_token) {
            // Ownership only once a token matched: the family's lists are long.
            if (brands[i].family_owns_domain(host) || is_brand_name_elsewhere(brands[i], link)) continue;
            claim(i, Strength::Weak, fmt::format("link {} carries \"{}\"", link.host, brands[i].tokens[t]));
            set.claims[i].in_link = true;
        }
    }
    return set;
}

// (link index, brand index) pairs url.brand_in_foreign_link has already reported: one line per
// link and brand, however many ways the link names it.
using LinkBrandPairs = std::set<std::pair<std::size_t, std::size_t>>;

// The brand findings of one claim: display name, spoofed From, origin, copyright, links.
void judge_claim(const BrandInputs& in, std::size_t brand_index, const catalog::Brand& brand, Claim& c,
                 std::vector<base::FindingHit>& hits, LinkBrandPairs& reported_links) {
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
        for (std::size_t l = 0; l < in.links.size(); ++l) {
            const LinkView& link = in.links[l];
            std::string host = base::to_lower_ascii(link.host);
            if (host.empty() || brand.family_owns_domain(host) || is_receiver_host(host, in) || is_brand_name_elsewhere(brand, link)) continue;
            if (!link.target_host.empty() && brand.family_owns_domain(link.target_host)) continue; // a tracker in front of the brand's own site
            std::string path = path_without_recipients(base::to_lower_ascii(link.path), in);
            for (const auto& token : brand.tokens) {
                if (token.size() < 4) continue;
                const std::size_t in_host = find_token_at_boundary(host, token);
                // A brand in a path is weaker (news sites link to pages about brands): it
                // counts only when the sender presents itself as the brand.
                bool in_path = strong && path_names_token(path, token);
                if (in_host != std::string_view::npos || in_path) {
                    hits.push_back({"url.brand_in_foreign_link", {brand_in_link_evidence(token, host, link.registrable_domain, in_host)}});
                    reported_links.insert({l, brand_index});
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
                      const LinkWordScan& link_words, std::vector<base::FindingHit>& hits) {
    const auto& brands = catalog.brands();
    const std::string from_registrable = in.from_domain.empty() ? "" : net::registrable_domain(in.from_domain);
    auto owned_by_any = [&](std::string_view host) { return catalog.any_brand_owns(host); };
    const bool from_owned = !in.from_domain.empty() && owned_by_any(in.from_domain);
    std::vector<bool> link_owned;
    for (const auto& link : in.links) link_owned.push_back(!link.host.empty() && owned_by_any(link.host));
    const OfficialLabel from_label = split_label(from_registrable);
    std::vector<OfficialLabel> link_labels;
    for (const auto& link : in.links) link_labels.push_back(split_label(link.registrable_domain));
    // The brands a label can imitate: the matcher's look-alike and one-edit indexes, and the
    // official labels written inside it (added words). Every other brand's test would fail, so
    // only these are tested, in the catalogue's order as before.
    std::set<std::size_t> candidates;
    auto add_candidates = [&](const OfficialLabel& label) {
        if (label.label.size() < 4) return; // imitation_of's own floor
        for (std::size_t b : matcher.lookalike_candidates(label)) candidates.insert(b);
        for (const auto& word : link_words(label.label))
            if (word.is_label) candidates.insert(word.brand);
    };
    if (!from_registrable.empty() && !from_owned) add_candidates(from_label);
    for (std::size_t l = 0; l < in.links.size(); ++l)
        if (!in.links[l].registrable_domain.empty() && !link_owned[l]) add_candidates(link_labels[l]);
    for (std::size_t b : candidates) {
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
    // Labels left of the registrable domain ("paypa1.account.example.xyz"): only the brands the
    // matcher's indexes name for a label are tested, once per distinct host. A genuine sender's
    // own links (its authenticated From domain) and the receiving side's hosts are not judged.
    const bool sender_authenticated = in.has_aligned_dkim_pass || in.has_aligned_spf_pass;
    std::set<std::string> seen_hosts;
    for (std::size_t l = 0; l < in.links.size(); ++l) {
        const auto& link = in.links[l];
        if (link.registrable_domain.empty() || link_owned[l]) continue;
        const std::string host = base::to_lower_ascii(link.host);
        const std::vector<std::string_view> labels = labels_left_of(host, link.registrable_domain);
        if (labels.empty() || !seen_hosts.insert(host).second || is_receiver_host(host, in)) continue;
        if (sender_authenticated && link.registrable_domain == from_registrable) continue;
        for (std::string_view label : labels) {
            // A label that is itself some brand's ("paypay" of paypay.ne.jp) imitates none.
            if (label.size() < 4 || matcher.is_official_label(label)) continue;
            OfficialLabel left{host, std::string(label), base::undo_typo_lookalikes(label)};
            std::vector<std::pair<std::size_t, ImitationOf>> found;
            for (std::size_t b : matcher.lookalike_candidates(left)) {
                auto imitation = imitation_of(brands[b], matcher.official_labels(b), left);
                // The brand's word with others added is its token in the host: url.brand_in_foreign_link.
                if (!imitation || imitation->how == Imitation::AddedWords) continue;
                // Left of the registrable domain stand ordinary words ("finance.", "secure."): a
                // misspelling there keeps the brand's first letter ("rakutem", not "finance" for
                // binance).
                if (imitation->how == Imitation::OneLetter && label.front() != imitation->official.front()) continue;
                found.emplace_back(b, std::move(*imitation));
            }
            // A label that reads as one brand once its look-alike characters are undone ("paypa1")
            // imitates that brand, not every other one a letter away from it ("paypay").
            const bool has_lookalike = std::any_of(found.begin(), found.end(), [](const auto& f) { return f.second.how == Imitation::LookAlikeCharacters; });
            for (const auto& [b, imitation] : found) {
                if (has_lookalike && imitation.how != Imitation::LookAlikeCharacters) continue;
                const char* how = imitation.how == Imitation::LookAlikeCharacters ? "imitates {} with look-alike characters"
                                                                                  : "is one letter away from {}";
                hits.push_back({"url.lookalike_domain",
                                {fmt::format("link: label {} of {} {}; the registrable domain is {} ({})", label, host,
                                             fmt::format(fmt::runtime(how), imitation.official), link.registrable_domain,
                                             brands[b].display_name())}});
            }
        }
    }
}

// url.brand_in_foreign_link for an official domain written whole left of an unrelated
// registrable domain ("www.smbc.co.jp.verify.example.top", "jcb.co.jp.secure.example.xyz"): the
// address starts as the brand's site. Found through the matcher's domain index, so brands whose
// token is short or a common word count too. Not for a genuine sender of the brand, a host any
// brand owns, the receiving side's hosts, or a pair judge_claim has reported.
void check_official_domain_in_host(const BrandInputs& in, const catalog::BrandCatalog& catalog, const BrandMatcher& matcher,
                                   const std::set<std::size_t>& genuine_senders, const LinkBrandPairs& reported,
                                   std::vector<base::FindingHit>& hits) {
    const auto& brands = catalog.brands();
    for (std::size_t l = 0; l < in.links.size(); ++l) {
        const auto& link = in.links[l];
        const std::string host = base::to_lower_ascii(link.host);
        const std::vector<std::string_view> labels = labels_left_of(host, link.registrable_domain);
        if (labels.size() < 2 || is_receiver_host(host, in) || catalog.any_brand_owns(host)) continue;
        std::set<std::size_t> named;
        for (std::size_t first = 0; first + 1 < labels.size(); ++first) {
            std::string candidate(labels[first]);
            for (std::size_t last = first + 1; last < labels.size(); ++last) {
                candidate += '.';
                candidate += labels[last];
                for (std::size_t b : matcher.brands_with_official_domain(candidate)) {
                    if (reported.count({l, b}) || genuine_senders.count(b) || !named.insert(b).second) continue;
                    if (!link.target_host.empty() && brands[b].family_owns_domain(link.target_host)) continue;
                    hits.push_back({"url.brand_in_foreign_link",
                                    {fmt::format("{} ({}) written in {}; the registrable domain is {}", candidate,
                                                 brands[b].display_name(), host, link.registrable_domain)}});
                }
            }
        }
    }
}

// The sender's domains, registrable, worked out once per message: the From address's, and those
// that passed authentication for this mail (the sending service's click tracker signs it too).
struct SenderDomains {
    std::string from_domain, from_registrable;
    std::vector<std::string> authenticated;

    explicit SenderDomains(const BrandInputs& in) : from_domain(base::to_lower_ascii(in.from_domain)) {
        if (!from_domain.empty()) from_registrable = net::registrable_domain(from_domain);
        for (const auto& d : in.passing_auth_domains) authenticated.push_back(net::registrable_domain(d));
    }
    // `host` (with its registrable domain) is under one of them, or of the From domain's family.
    bool owns(std::string_view host, std::string_view registrable, const catalog::BrandCatalog& catalog) const {
        if (host.empty()) return false;
        if (!from_registrable.empty() && (registrable == from_registrable || catalog.same_family(host, from_domain))) return true;
        return std::find(authenticated.begin(), authenticated.end(), registrable) != authenticated.end();
    }
};

// Where a link leads, for the checks that judge it against the sender: its host and, behind a
// redirect, its target's host; each with its registrable domain.
struct LinkEnds {
    std::string host, registrable, target, target_registrable;
    explicit LinkEnds(const LinkView& link)
        : host(base::to_lower_ascii(link.host)), registrable(link.registrable_domain), target(base::to_lower_ascii(link.target_host)) {
        if (!target.empty()) target_registrable = net::registrable_domain(target);
    }
};

bool is_receiver_registrable(std::string_view registrable, const BrandInputs& in) {
    return !registrable.empty() && std::find(in.receiver_domains.begin(), in.receiver_domains.end(), registrable) != in.receiver_domains.end();
}

// A brand's token standing as a word in a decoded query or fragment ("brand=kagoya",
// "#kagoya-login"), not as part of a domain name written there ("u=www.kagoya.jp").
bool query_names_token(std::string_view text, std::string_view token) {
    for (std::size_t pos = text.find(token); pos != std::string_view::npos; pos = text.find(token, pos + 1)) {
        const std::size_t end = pos + token.size();
        const char before = pos == 0 ? '=' : text[pos - 1];
        const char after = end < text.size() ? text[end] : '&';
        if (std::isalpha(static_cast<unsigned char>(before)) || before == '.' || before == '@') continue;
        if (std::isalpha(static_cast<unsigned char>(after)) || after == '.') continue;
        return true;
    }
    return false;
}

// A query without its utm_* parameters: campaign tags name what a newsletter is about.
std::string without_campaign_tags(std::string_view query) {
    std::string out;
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view param = query.substr(0, amp);
        if (!base::istarts_with_ascii(param, "utm_")) out += std::string(param) + "&";
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return out;
}

// url.lure_in_query: what a lure page reads from its own address, written in the query or
// fragment of a link to a host that is neither the sender's nor the brand's nor any brand's:
// the brand to dress up as ("?brand=kagoya") or the login form to show ("#/signin", found by
// the link stage). The recipient's address or domain there is url.recipient_embedded already.
// Brands as url.brand_in_foreign_link takes them: claimed, or named unambiguously.
void check_lure_in_query(const BrandInputs& in, const catalog::BrandCatalog& catalog, const ClaimSet& set,
                         std::vector<base::FindingHit>& hits) {
    const auto& brands = catalog.brands();
    const SenderDomains sender(in);
    for (const auto& link : in.links) {
        // Cheap tests first: most links have no query, and most mails name no brand.
        if (link.host.empty() || (link.query.empty() && link.fragment.empty())) continue;
        if (link.login_in_query.empty() && set.claims.empty()) continue;
        const LinkEnds ends(link);
        const std::string& host = ends.host;
        if (is_receiver_registrable(ends.registrable, in) || catalog.any_brand_owns(host) || sender.owns(host, ends.registrable, catalog)) continue;
        if (!ends.target.empty() && sender.owns(ends.target, ends.target_registrable, catalog)) continue;
        const std::string shown = base::defang_url(link.url);
        if (!link.login_in_query.empty())
            hits.push_back({"url.lure_in_query",
                            {fmt::format("login path {} in the {} of {}", link.login_in_query, link.login_in_query_component, shown)}});
        // A query carrying another URL is that URL's: the redirect target is judged on its own.
        const std::string query = link.target_host.empty() ? without_campaign_tags(link.query) : std::string();
        for (const auto& [component, raw] : {std::pair<const char*, const std::string&>{"query", query},
                                             std::pair<const char*, const std::string&>{"fragment", link.fragment}}) {
            if (raw.empty()) continue;
            const std::string text = path_without_recipients(base::to_lower_ascii(base::percent_decode(raw)), in);
            for (const auto& [index, claim] : set.claims) {
                const catalog::Brand& brand = brands[index];
                if (static_cast<int>(claim.strength) < static_cast<int>(Strength::Medium) && brand.is_ambiguous) continue;
                if (brand.family_owns_domain(host) || (!link.target_host.empty() && brand.family_owns_domain(link.target_host))) continue;
                for (const auto& token : brand.tokens) {
                    if (token.size() < 4 || !query_names_token(text, token)) continue;
                    hits.push_back({"url.lure_in_query", {fmt::format("brand word {} ({}) in the {} of {}", token, brand.display_name(),
                                                                      component, shown)}});
                    break;
                }
            }
        }
    }
}

// url.action_link_foreign: an anchor whose text is a call to action ("ログイン", "Sign in") leads
// to a host unrelated to the sender (From's registrable domain, its family, the services that
// authenticated the mail) and to every brand the mail claims to be, directly or behind a
// redirect. A redirector whose target is the sender's own site is the sender's.
void check_action_links(const BrandInputs& in, const catalog::BrandCatalog& catalog, const std::vector<std::size_t>& claimed,
                        std::vector<base::FindingHit>& hits) {
    const auto& brands = catalog.brands();
    const SenderDomains sender(in);
    auto related = [&](const std::string& host, const std::string& registrable) {
        if (host.empty()) return false;
        if (is_receiver_registrable(registrable, in) || sender.owns(host, registrable, catalog)) return true;
        return std::any_of(claimed.begin(), claimed.end(), [&](std::size_t b) { return brands[b].family_owns_domain(host); });
    };
    std::string brand_names;
    for (std::size_t b : claimed) brand_names += (brand_names.empty() ? "" : ", ") + brands[b].display_name();
    for (const auto& link : in.links) {
        if (link.action_text.empty() || link.host.empty()) continue;
        // The button says where it goes ("Log on to example.ie today"): no lure to another place.
        if (!link.registrable_domain.empty() && base::to_lower_ascii(link.action_text).find(link.registrable_domain) != std::string::npos)
            continue;
        const LinkEnds ends(link);
        if (related(ends.host, ends.registrable) || related(ends.target, ends.target_registrable)) continue;
        std::string line = fmt::format("anchor \"{}\" leads to {}, unrelated to the sender {}", link.action_text,
                                       base::defang_url(link.url), in.from_domain.empty() ? "(no From domain)" : in.from_domain);
        if (!brand_names.empty()) line += fmt::format(" and to {}", brand_names);
        hits.push_back({"url.action_link_foreign", {std::move(line)}});
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
    auto link_words = [&](std::string_view text) {
        auto words = matcher.find_link_words(text, scratch);
        if (words) return std::move(words.value());
        if (facts.notes.empty()) facts.notes.push_back("brand link-word scan failed: " + words.error().message);
        return std::vector<BrandMatcher::LinkWord>{};
    };
    ClaimSet set = collect_claims(in, catalog, matcher, scan, link_words);
    LinkBrandPairs reported_links;
    for (auto& [index, c] : set.claims) judge_claim(in, index, brands[index], c, facts.hits, reported_links);
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
    check_lookalikes(in, catalog, matcher, link_words, facts.hits);
    // The brands whose genuine sender this is: their family's From domain, not found forged.
    const bool forged = std::any_of(facts.hits.begin(), facts.hits.end(),
                                    [](const base::FindingHit& h) { return h.id == "sender.brand_domain_spoofed"; });
    std::set<std::size_t> genuine_senders;
    if (!forged && !in.from_domain.empty() && catalog.any_brand_owns(in.from_domain))
        for (std::size_t b = 0; b < brands.size(); ++b)
            if (brands[b].is_family_sender_domain(in.from_domain)) genuine_senders.insert(b);
    check_official_domain_in_host(in, catalog, matcher, genuine_senders, reported_links, facts.hits);
    check_lure_in_query(in, catalog, set, facts.hits);
    std::vector<std::size_t> claimed_indices;
    for (const auto& [index, role] : roles)
        if (role == Role::Claimed) claimed_indices.push_back(index);
    check_action_links(in, catalog, claimed_indices, facts.hits);
    return facts;
}

} // namespace mikiwame::brands

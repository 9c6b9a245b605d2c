// SPDX-License-Identifier: Apache-2.0
// analyze_links: extraction → parsing → unwrapping → recipient search → host judgement →
// url.* finding hits. Each finding id appears once here, where its hit is made.
#include "urls/link_analysis.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/text.h"
#include "net/domain.h"
#include "urls/host_judgement.h"
#include "urls/message_links.h"
#include "urls/recipient_in_url.h"
#include "urls/text_links.h"
#include "urls/unwrap.h"
#include "urls/url_parser.h"

namespace mikiwame::urls {

namespace {

constexpr std::size_t kMaxEvidenceLines = 5;
constexpr std::size_t kMinDuplicateLinks = 2; // calls to action sharing one target

bool is_navigation(const std::string& element) {
    // Images, stylesheets and CSS are fetched, not clicked: path findings ignore them, since
    // newsletters serve their pictures from /wp-content/uploads/.
    return element != "img" && element != "link" && element != "css";
}

struct Evidence {
    std::map<std::string, std::vector<std::string>> lines; // finding id → lines, ordered by id
    void add(const std::string& id, std::string line) {
        auto& v = lines[id];
        if (v.size() < kMaxEvidenceLines && std::find(v.begin(), v.end(), line) == v.end())
            v.push_back(std::move(line));
        else if (v.empty())
            v.push_back(std::move(line));
    }
};

std::string domain_of(const ParsedUrl& url) {
    if (url.host_kind == HostKind::Domain) return net::registrable_domain(url.host);
    return url.host;
}

struct Shown {
    std::string host;
    std::string domain; // registrable
};

// The host the visible text shows, when it shows a URL or a name ("www.bank.example",
// "https://bank.example/login", "Sign in at bank.example").
std::optional<Shown> shown_host(const std::string& text) {
    for (const auto& link : extract_text_links(text, 4)) {
        if (link.is_email) continue;
        // A name written as an address, not as a brand: with a scheme, "www.", a path, or in
        // lower case. "Dilbert.com" in a newsletter's anchor is the brand's name; the click
        // tracker behind it is the brand's own business.
        const bool has_upper = std::any_of(link.raw.begin(), link.raw.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
        const bool is_address_like = !link.is_schemeless || base::istarts_with_ascii(link.raw, "www.") ||
                                     link.raw.find('/') != std::string::npos || !has_upper;
        if (!is_address_like) continue;
        std::string candidate = link.url;
        if (candidate.rfind("//", 0) == 0) candidate = "http:" + candidate;
        auto parsed = parse_url(candidate);
        if (parsed && parsed->host_kind != HostKind::None && !parsed->host.empty())
            return Shown{parsed->host, domain_of(*parsed)};
    }
    return std::nullopt;
}

std::string url_without_fragment(const std::string& href) {
    return href.substr(0, href.find('#'));
}

} // namespace

UrlFacts analyze_links(const message::Message& message, const std::vector<std::string>& recipient_addresses,
                       const UrlCatalog& catalog, const Limits& limits, const BrandHostPredicate& is_brand_host,
                       const SameFamilyPredicate& same_family, const std::vector<RawLink>& decoded_links) {
    UrlFacts facts;
    std::vector<RawLink> raw = extract_message_links(message, limits);
    raw.insert(raw.end(), decoded_links.begin(), decoded_links.end());
    if (raw.size() > limits.max_urls) {
        raw.resize(limits.max_urls);
        facts.hits.push_back({"message.limit_exceeded", {"max_urls=" + std::to_string(limits.max_urls)}});
    }
    Evidence evidence;
    for (auto& link : raw) {
        std::optional<ParsedUrl> parsed = parse_url(link.url);
        if (!parsed && link.url.rfind("//", 0) == 0) parsed = parse_url("http:" + link.url);
        if (!parsed) continue;
        const bool is_web = parsed->scheme == "http" || parsed->scheme == "https" || parsed->scheme == "ftp";
        const bool is_script_or_data = parsed->scheme == "javascript" || parsed->scheme == "data";
        if (!(is_web && parsed->has_host()) && !is_script_or_data) continue;

        UrlFact fact;
        fact.url = is_script_or_data ? link.url : parsed->href();
        fact.display_text = link.display_text;
        fact.found_in = link.found_in;
        fact.element = link.element;
        fact.source = link.source;
        fact.flags = link.flags;
        fact.host = parsed->host;
        fact.registrable_domain = domain_of(*parsed);
        const std::string shown = base::defang_url(fact.url);

        if (is_web) {
            const HostJudgement judgement = judge_host(*parsed, catalog);
            fact.flags.insert(fact.flags.end(), judgement.flags.begin(), judgement.flags.end());
            const std::string reasons = base::collapse_whitespace([&] {
                std::string r;
                for (const auto& reason : judgement.reasons) r += (r.empty() ? "" : "; ") + reason;
                return r;
            }());
            std::string all_reasons = reasons;
            bool suspicious = judgement.is_suspicious_host;
            // A host written with characters that fold to ASCII (url_parser.h), seen by the
            // extractor (HTML, text) or in the link as it reached us.
            const bool mapped = std::find(link.flags.begin(), link.flags.end(), "mapped_host") != link.flags.end();
            if (mapped || host_written_with_mapped_characters(link.url, *parsed)) {
                if (!mapped) fact.flags.emplace_back("mapped_host");
                all_reasons += std::string(all_reasons.empty() ? "" : "; ") + "mapped_host: written with look-alike characters";
                suspicious = true;
            }
            if (suspicious) evidence.add("url.suspicious_host", shown + " (" + all_reasons + ")");
            if (judgement.is_shortener) evidence.add("url.shortener", shown);
            const bool on_brand_host = is_brand_host && is_brand_host(parsed->host);
            if (judgement.has_cms_path && is_navigation(link.element) && !on_brand_host) evidence.add("url.cms_path", shown);
            if (judgement.has_login_path && is_navigation(link.element) && !on_brand_host) evidence.add("url.login_path", shown);

            const UnwrapResult unwrapped = unwrap_url(*parsed, catalog);
            // The page behind a redirector is the one the victim lands on: judge it as well.
            if (unwrapped.redirect_target && is_navigation(link.element)) {
                if (auto inner = parse_url(*unwrapped.redirect_target); inner && inner->has_host()) {
                    const HostJudgement inner_judgement = judge_host(*inner, catalog);
                    const bool inner_on_brand = is_brand_host && is_brand_host(inner->host);
                    const std::string inner_shown = base::defang_url(*unwrapped.redirect_target) + " (behind " + shown + ")";
                    if (inner_judgement.has_login_path && !inner_on_brand) evidence.add("url.login_path", inner_shown);
                    if (inner_judgement.has_cms_path && !inner_on_brand) evidence.add("url.cms_path", inner_shown);
                    if (inner_judgement.is_suspicious_host) evidence.add("url.suspicious_host", inner_shown);
                }
            }
            fact.redirect_target = unwrapped.redirect_target;
            // A query that carries another URL is that URL's (judged above as the inner page).
            if (!unwrapped.redirect_target && is_navigation(link.element) && !on_brand_host) {
                fact.login_in_query = login_path_in_query(*parsed, catalog);
                if (fact.login_in_query) fact.flags.emplace_back("login_path_in_query");
            }
            if (!unwrapped.steps.empty()) fact.flags.emplace_back(unwrapped.has_redirect() ? "redirect" : "protection_wrapper");
            if (!unwrapped.opaque_redirector.empty()) fact.flags.emplace_back("opaque_redirector");
            std::string inner_domain;
            if (unwrapped.redirect_target)
                if (auto inner = parse_url(*unwrapped.redirect_target)) {
                    inner_domain = domain_of(*inner);
                    fact.redirect_host = inner->host;
                }
            // A site redirecting within itself hides nothing.
            if (unwrapped.has_redirect() && inner_domain != fact.registrable_domain) {
                std::string via;
                for (const auto& step : unwrapped.steps) via += (via.empty() ? "" : ", ") + step.via;
                evidence.add("url.redirect_param", shown + " → " + base::defang_url(*unwrapped.redirect_target) + " (" + via + ")");
            }
            auto match = find_recipient_in_url(*parsed, recipient_addresses);
            if (!match && unwrapped.redirect_target) {
                if (auto inner = parse_url(*unwrapped.redirect_target)) match = find_recipient_in_url(*inner, recipient_addresses);
            }
            if (match) {
                fact.contains_recipient = true;
                fact.flags.emplace_back("recipient");
                evidence.add("url.recipient_embedded", match->form + " " + match->encoding + " in " +
                                                           match->component + ": " + shown);
            }
            if (fact.display_text) {
                // The text shows one domain, the link (and whatever it leads to) another.
                if (auto shows = shown_host(*fact.display_text)) {
                    const bool family = same_family && (same_family(shows->domain, fact.registrable_domain) ||
                                                        (!inner_domain.empty() && same_family(shows->domain, inner_domain)));
                    if (shows->domain != fact.registrable_domain && shows->domain != inner_domain && !family) {
                        fact.flags.emplace_back("text_href_mismatch");
                        evidence.add("url.text_href_mismatch", "shows " + base::defang_url(shows->host) + ", goes to " + shown);
                    }
                }
            }
        } else {
            fact.flags.emplace_back(parsed->scheme == "data" ? "data_uri" : "javascript_uri");
        }
        std::sort(fact.flags.begin(), fact.flags.end());
        fact.flags.erase(std::unique(fact.flags.begin(), fact.flags.end()), fact.flags.end());
        fact.parsed = std::move(*parsed);
        facts.urls.push_back(std::move(fact));
    }

    // Several calls to action, one target: group clickable HTML links by where they lead.
    std::map<std::string, std::vector<const UrlFact*>> by_target;
    for (const auto& fact : facts.urls) {
        if ((fact.element != "a" && fact.element != "area") || fact.parsed.host_kind == HostKind::None) continue;
        by_target[url_without_fragment(fact.redirect_target.value_or(fact.url))].push_back(&fact);
    }
    for (const auto& [target, group] : by_target) {
        std::set<std::string> texts;
        for (const UrlFact* f : group) texts.insert(base::to_lower_ascii(f->display_text.value_or("")));
        // All clickable links of the mail go to one place, through at least three different
        // anchors: newsletters link many places, a lure has only its one page.
        if (group.size() >= kMinDuplicateLinks && texts.size() >= 2 && by_target.size() <= 2)
            evidence.add("url.duplicate_targets", std::to_string(group.size()) + " links → " + base::defang_url(target));
    }

    for (auto& [id, lines] : evidence.lines) facts.hits.push_back({id, std::move(lines)});
    return facts;
}

} // namespace mikiwame::urls

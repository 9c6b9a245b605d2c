// SPDX-License-Identifier: Apache-2.0
#include "findings/sender_cta.h"

#include <fmt/format.h>

#include <set>
#include <string>
#include <vector>

#include "base/text.h"
#include "net/domain.h"
#include "urls/host_judgement.h"
#include "urls/url_parser.h"

namespace mikiwame::findings {

namespace {

constexpr std::size_t kMaxButtonTextBytes = 60;

bool has(const std::vector<std::string>& flags, std::string_view flag) {
    for (const auto& f : flags)
        if (f == flag) return true;
    return false;
}

// The detail judge_host wrote for `flag` ("abused_tld: xyz" → "xyz"), or "".
std::string reason_detail(const urls::HostJudgement& j, std::string_view flag) {
    const std::string prefix = std::string(flag) + ": ";
    for (const auto& r : j.reasons)
        if (r.rfind(prefix, 0) == 0) return r.substr(prefix.size());
    return {};
}

std::string domain_of(const urls::ParsedUrl& url) {
    return url.host_kind == urls::HostKind::Domain ? net::registrable_domain(url.host) : url.host;
}

// Why the sender's domain reads as a mailbox anyone can open, or "" when it does not.
std::string sender_reason(const headers::IdentityAddress& from, const SenderCtaInputs& in) {
    if (in.is_freemail && in.is_freemail(from.registrable_domain))
        return fmt::format("sender {} uses the freemail provider {}", from.address, from.registrable_domain);
    auto parsed = urls::parse_url("http://" + from.domain + "/");
    if (!parsed || parsed->host_kind != urls::HostKind::Domain) return {};
    const urls::HostJudgement j = urls::judge_host(*parsed, *in.url_catalog);
    if (has(j.flags, "abused_tld"))
        return fmt::format("sender {} uses a domain under the abused TLD .{}", from.address, reason_detail(j, "abused_tld"));
    if (has(j.flags, "random_label")) return fmt::format("sender {} uses a random-looking domain", from.address);
    if (has(j.flags, "free_hosting") || has(j.flags, "dynamic_dns"))
        return fmt::format("sender {} uses a free-hosting or dynamic DNS name", from.address);
    return {};
}

// A link the reader acts on (clicks, submits, copies from the text, scans).
bool is_action(const urls::UrlFact& fact) {
    if (fact.found_in == "header" || fact.parsed.host_kind == urls::HostKind::None) return false;
    if (fact.parsed.scheme != "http" && fact.parsed.scheme != "https") return false;
    return fact.element == "a" || fact.element == "area" || fact.element == "form" || fact.element == "text" || fact.element == "qr";
}

// Anchor text that names an action rather than showing an address: "View document", not
// "https://…" or "www.example.com".
bool is_button_text(const std::string& text) {
    const std::string t = base::collapse_whitespace(text);
    if (t.empty()) return false;
    return t.find("://") == std::string::npos && t.find('.') == std::string::npos && t.find('@') == std::string::npos;
}

// Why the one target is a place anyone can publish, from the judgement of where it leads.
std::string target_reason(const urls::HostJudgement& j, const std::string& shown) {
    if (has(j.flags, "free_hosting"))
        return fmt::format("the only link goes to {}, a free-hosting site ({})", shown, reason_detail(j, "free_hosting"));
    if (has(j.flags, "ipfs_gateway")) return fmt::format("the only link goes to {}, an IPFS gateway", shown);
    if (has(j.flags, "shortener")) return fmt::format("the only link goes to {}, a URL shortener", shown);
    if (has(j.flags, "abused_tld"))
        return fmt::format("the only link goes to {}, under the abused TLD .{}", shown, reason_detail(j, "abused_tld"));
    if (has(j.flags, "ip_host")) return fmt::format("the only link goes to {}, an IP address", shown);
    if (has(j.flags, "dynamic_dns")) return fmt::format("the only link goes to {}, a dynamic DNS name", shown);
    if (has(j.flags, "random_label")) return fmt::format("the only link goes to {}, a random-looking name", shown);
    if (has(j.flags, "punycode")) return fmt::format("the only link goes to {}, an internationalised (punycode) name", shown);
    return {};
}

} // namespace

std::optional<base::FindingHit> check_freemail_single_cta(const SenderCtaInputs& in) {
    if (!in.sender || !in.urls || !in.url_catalog || !in.sender->from) return std::nullopt;
    const headers::IdentityAddress& from = *in.sender->from;
    if (from.registrable_domain.empty()) return std::nullopt;
    const std::string sender_line = sender_reason(from, in);
    if (sender_line.empty()) return std::nullopt;

    // Where each action really leads: past a redirector to the page behind it.
    struct Action {
        const urls::UrlFact* fact;
        urls::ParsedUrl target;
        std::string domain;
    };
    std::vector<Action> actions;
    std::set<std::string> domains;
    for (const auto& fact : in.urls->urls) {
        if (!is_action(fact)) continue;
        urls::ParsedUrl target = fact.parsed;
        if (fact.redirect_target)
            if (auto inner = urls::parse_url(*fact.redirect_target); inner && inner->has_host()) target = std::move(*inner);
        std::string domain = domain_of(target);
        // The sender's own site (a signature line) is no call to action elsewhere.
        if (domain == from.registrable_domain) continue;
        domains.insert(domain);
        actions.push_back({&fact, std::move(target), std::move(domain)});
    }
    if (domains.size() != 1) return std::nullopt;

    const Action& first = actions.front();
    const std::string shown = base::defang_url(first.target.href());
    std::string target_line = target_reason(urls::judge_host(first.target, *in.url_catalog), shown);
    if (target_line.empty()) {
        // An unrelated domain counts only behind a button: a pasted address is what a person
        // sharing a link writes, a button hiding where it goes is what a campaign writes. A
        // well-known site (any brand's own) is never the lure's page.
        if (in.is_brand_host && in.is_brand_host(first.target.host)) return std::nullopt;
        for (const Action& a : actions) {
            const auto& text = a.fact->display_text;
            if ((a.fact->element != "a" && a.fact->element != "area") || !text || !is_button_text(*text)) continue;
            target_line = fmt::format("the only link is the button \"{}\" to {}, a domain unrelated to the sender and to every known brand",
                                      base::collapse_whitespace(base::truncate_utf8(*text, kMaxButtonTextBytes)), first.domain);
            break;
        }
    }
    if (target_line.empty()) return std::nullopt;
    return base::FindingHit{"sender.freemail_single_cta", {sender_line, target_line}};
}

} // namespace mikiwame::findings

// SPDX-License-Identifier: Apache-2.0
#include "engine/brand_inputs.h"

#include <algorithm>

#include "base/text.h"
#include "net/domain.h"

namespace mikiwame::engine {

namespace {
constexpr std::size_t kMaxRecipients = 20;
constexpr std::size_t kMaxSenderHops = 32;

// The Received fields the sending side wrote: every hop below the origin (all of them when the
// origin is the SMTP client), names lower-case without the trailing dot.
std::vector<brands::BrandInputs::TraceHop> sender_hops(const headers::HeaderFacts& headers) {
    std::vector<brands::BrandInputs::TraceHop> out;
    auto name = [](const std::optional<std::string>& v) {
        std::string host = v ? base::to_lower_ascii(*v) : std::string();
        while (!host.empty() && host.back() == '.') host.pop_back();
        return host;
    };
    std::size_t first = headers.origin_from_envelope ? 0 : headers.origin_index ? *headers.origin_index + 1 : headers.hops.size();
    for (std::size_t k = first; k < headers.hops.size() && out.size() < kMaxSenderHops; ++k) {
        const auto& hop = headers.hops[k];
        out.push_back({name(hop.from_helo), name(hop.from_rdns), name(hop.by), hop.from_ip.has_value()});
    }
    return out;
}
} // namespace

std::vector<std::string> recipient_addresses(const message::Message& msg, const headers::HeaderFacts& headers,
                                             const std::optional<Envelope>& envelope) {
    std::vector<std::string> out;
    auto add = [&](std::string address) {
        address = base::to_lower_ascii(base::trim(address));
        if (address.size() >= 2 && address.front() == '<' && address.back() == '>') address = address.substr(1, address.size() - 2);
        if (address.find('@') == std::string::npos) return;
        if (std::find(out.begin(), out.end(), address) == out.end()) out.push_back(address);
    };
    for (const auto& a : msg.to) add(a.address());
    for (const auto& a : msg.delivered_to) add(a.address());
    for (const auto* h : msg.find_headers("X-Original-To")) add(h->value);
    // Only hops written by the receiving side: a sender can write any `for` above them.
    for (std::size_t i = 0; i < headers.hops.size() && i < headers.trusted_hop_count + 1; ++i)
        if (headers.hops[i].for_address) add(*headers.hops[i].for_address);
    if (envelope)
        for (const auto& rcpt : envelope->rcpt_to) add(rcpt);
    if (out.size() > kMaxRecipients) out.resize(kMaxRecipients);
    return out;
}

std::vector<std::string> receiving_domains(const message::Message& msg, const headers::HeaderFacts& headers,
                                           const std::optional<Envelope>& envelope) {
    std::vector<std::string> out;
    auto add_domain = [&](std::string_view domain) {
        std::string registrable = net::registrable_domain(base::to_lower_ascii(base::trim(domain)));
        if (registrable.empty() || registrable.find('.') == std::string::npos) return;
        if (std::find(out.begin(), out.end(), registrable) == out.end()) out.push_back(std::move(registrable));
    };
    auto add_address = [&](std::string_view address) {
        address = base::trim(address);
        if (!address.empty() && address.back() == '>') address.remove_suffix(1);
        std::size_t at = address.rfind('@');
        if (at != std::string_view::npos) add_domain(address.substr(at + 1));
    };
    for (const auto& domain : headers.receiver_domains) add_domain(domain);
    for (const auto& a : msg.delivered_to) add_address(a.address());
    for (const auto* h : msg.find_headers("X-Original-To")) add_address(h->value);
    for (std::size_t i = 0; i < headers.hops.size() && i < headers.trusted_hop_count + 1; ++i)
        if (headers.hops[i].for_address) add_address(*headers.hops[i].for_address);
    if (envelope)
        for (const auto& rcpt : envelope->rcpt_to) add_address(rcpt);
    if (out.size() > kMaxRecipients) out.resize(kMaxRecipients);
    return out;
}

brands::BrandInputs gather_brand_inputs(const message::Message& msg, const headers::HeaderFacts& headers, const auth::AuthVerdicts& auth,
                                        const headers::HeaderLists& lists, const urls::UrlFacts& urls,
                                        const std::optional<intel::IpInfo>& origin_info,
                                        const std::vector<std::string>& recipients, const std::vector<std::string>& receivers) {
    brands::BrandInputs in;
    in.recipient_addresses = recipients;
    in.receiver_domains = receivers;
    if (!msg.from.empty()) {
        in.from_display_name = msg.from.front().display_name;
        in.from_domain = msg.from.front().domain;
    }
    in.subject = msg.subject;
    in.body_text = msg.text_body;
    for (const auto& part : msg.parts) {
        if (!part.html) continue;
        for (const auto& image : part.html->images)
            if (!image.alt.empty()) in.body_text += "\n" + image.alt;
    }
    in.spf = auth.spf;
    in.dkim = auth.dkim;
    in.dmarc = auth.dmarc;
    const auth::Alignment alignment = auth::alignment_with(auth, in.from_domain);
    in.has_aligned_dkim_pass = alignment.dkim_pass;
    in.has_aligned_spf_pass = alignment.spf_pass;
    if (auth.dkim == AuthResult::Pass)
        for (const auto& sig : auth.dkim_signatures) in.passing_auth_domains.push_back(base::to_lower_ascii(sig.domain));
    if (auth.spf == AuthResult::Pass && auth.spf_domain)
        in.passing_auth_domains.push_back(base::to_lower_ascii(*auth.spf_domain));
    if (headers.origin_ip) {
        in.origin_ip = headers.origin_ip;
        in.origin_rdns = headers.origin_rdns;
        in.origin_helo = headers.origin_helo;
        if (origin_info) {
            in.origin_country = origin_info->country;
            in.origin_asn = origin_info->asn;
            in.origin_as_org = origin_info->as_org;
        }
        if (headers.origin_rdns) in.origin_is_email_service = lists.is_email_service(net::registrable_domain(*headers.origin_rdns));
    }
    in.sender_hops = sender_hops(headers);
    if (headers.sender.message_id_domain) in.message_id_domain = base::to_lower_ascii(*headers.sender.message_id_domain);
    for (const auto& url : urls.urls) {
        brands::LinkView link;
        link.url = url.url;
        link.host = url.host;
        link.registrable_domain = url.registrable_domain;
        if (url.parsed.has_host()) {
            link.path = url.parsed.pathname();
            if (url.parsed.query) link.path += "?" + *url.parsed.query;
            if (url.parsed.fragment) link.path += "#" + *url.parsed.fragment;
        }
        link.target_host = url.redirect_host;
        link.is_on_abused_tld = std::find(url.flags.begin(), url.flags.end(), "abused_tld") != url.flags.end();
        link.query = url.parsed.query.value_or("");
        link.fragment = url.parsed.fragment.value_or("");
        if (url.login_in_query) {
            link.login_in_query = url.login_in_query->piece;
            link.login_in_query_component = url.login_in_query->component;
        }
        in.links.push_back(std::move(link));
    }
    return in;
}

void mark_action_links(brands::BrandInputs& in, const urls::UrlFacts& urls, const content::PhraseCatalog& phrases,
                       base::HsScratch& scratch) {
    std::vector<std::string_view> texts;
    std::vector<std::size_t> which;
    for (std::size_t i = 0; i < urls.urls.size() && i < in.links.size(); ++i) {
        const auto& url = urls.urls[i];
        if ((url.element != "a" && url.element != "area") || !url.display_text) continue;
        texts.push_back(*url.display_text);
        which.push_back(i);
    }
    if (texts.empty()) return;
    const std::vector<std::string> actions = content::action_texts(texts, phrases, scratch);
    for (std::size_t k = 0; k < which.size(); ++k) in.links[which[k]].action_text = actions[k];
}

} // namespace mikiwame::engine

// SPDX-License-Identifier: Apache-2.0
#include "engine/brand_inputs.h"

#include <algorithm>

#include "base/text.h"
#include "net/domain.h"

namespace mikiwame::engine {

std::vector<std::string> recipient_addresses(const message::Message& msg, const headers::HeaderFacts& headers) {
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
    if (out.size() > 20) out.resize(20);
    return out;
}

brands::BrandInputs gather_brand_inputs(const message::Message& msg, const headers::HeaderFacts& headers,
                                        const Report& report) {
    brands::BrandInputs in;
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
    in.spf = headers.auth.spf;
    in.dkim = headers.auth.dkim;
    in.dmarc = headers.auth.dmarc;
    // Aligned DKIM: the receiver saw a passing signature (or DMARC passed) and a signature's
    // d= shares the From's registrable domain (RFC 7489 §3.1.1 relaxed alignment).
    if (in.dmarc && *in.dmarc == "pass") in.has_aligned_dkim_pass = true;
    if (in.dkim && *in.dkim == "pass" && !in.from_domain.empty()) {
        std::string from_reg = net::registrable_domain(in.from_domain);
        for (const auto& sig : headers.auth.dkim_signatures)
            if (net::registrable_domain(sig.domain) == from_reg) in.has_aligned_dkim_pass = true;
    }
    if (in.spf && *in.spf == "pass" && headers.auth.spf_domain && !in.from_domain.empty() &&
        net::registrable_domain(*headers.auth.spf_domain) == net::registrable_domain(in.from_domain))
        in.has_aligned_spf_pass = true;
    if (report.origin) {
        in.origin_ip = report.origin->ip;
        in.origin_rdns = report.origin->rdns;
        in.origin_helo = report.origin->helo;
        in.origin_country = report.origin->country;
        in.origin_asn = report.origin->asn;
    }
    for (const auto& url : report.urls) {
        brands::LinkView link;
        link.url = url.url;
        link.host = url.host;
        link.registrable_domain = url.registrable_domain;
        std::size_t scheme = url.url.find("://");
        std::size_t path = scheme == std::string::npos ? std::string::npos : url.url.find_first_of("/?#", scheme + 3);
        if (path != std::string::npos) link.path = url.url.substr(path);
        if (url.redirect_target) {
            std::size_t t = url.redirect_target->find("://");
            if (t != std::string::npos) {
                std::size_t end = url.redirect_target->find_first_of("/?#:", t + 3);
                link.target_host = base::to_lower_ascii(url.redirect_target->substr(t + 3, end == std::string::npos ? std::string::npos : end - t - 3));
            }
        }
        in.links.push_back(std::move(link));
    }
    return in;
}

} // namespace mikiwame::engine

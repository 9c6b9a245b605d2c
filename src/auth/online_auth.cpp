// SPDX-License-Identifier: Apache-2.0
#include "auth/online_auth.h"

#include <fmt/format.h>

#include "base/text.h"
#include "net/ip_address.h"

namespace mikiwame::auth {
namespace {

std::string reverse_ip(const net::IpAddress& ip) {
    if (!ip.is_v6) return fmt::format("{}.{}.{}.{}", ip.bytes[3], ip.bytes[2], ip.bytes[1], ip.bytes[0]);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (int i = 15; i >= 0; --i) {
        if (!out.empty()) out += '.';
        out += hex[ip.bytes[i] & 0xf];
        out += '.';
        out += hex[ip.bytes[i] >> 4];
    }
    return out;
}

// The 127.0.0.0/8 answers that mean "listed" (127.255.255.x: the list refused the query).
std::string listing_codes(const DnsAnswer& a) {
    std::string codes;
    if (a.status != DnsStatus::Answer) return codes;
    for (const auto& r : a.records) {
        if (r.rfind("127.", 0) != 0 || r.rfind("127.255.255.", 0) == 0) continue;
        if (!codes.empty()) codes += ',';
        codes += r;
    }
    return codes;
}

ListHit list_hit(std::string zone, std::string item, std::string codes, const std::string& name, Resolver& resolver) {
    ListHit hit{std::move(zone), std::move(item), std::move(codes), {}};
    DnsAnswer txt = resolver.query(name, RrType::TXT);
    if (txt.status == DnsStatus::Answer && !txt.records.empty()) hit.reason = txt.records.front().substr(0, 200);
    return hit;
}

std::string trim_zone(std::string_view zone) {
    std::string z = base::to_lower_ascii(zone);
    while (!z.empty() && z.back() == '.') z.pop_back();
    while (!z.empty() && z.front() == '.') z.erase(0, 1);
    return z;
}

} // namespace

std::vector<ListHit> check_dnsbl(std::string_view ip_text, const std::vector<std::string>& zones, Resolver& resolver) {
    std::vector<ListHit> hits;
    auto ip = net::parse_ip(ip_text);
    if (!ip) return hits;
    for (const auto& zone_text : zones) {
        const std::string zone = trim_zone(zone_text);
        if (zone.empty()) continue;
        const std::string name = reverse_ip(*ip) + "." + zone;
        DnsAnswer a = resolver.query(name, RrType::A);
        std::string codes = listing_codes(a);
        if (!codes.empty()) hits.push_back(list_hit(zone, ip->to_string(), std::move(codes), name, resolver));
    }
    return hits;
}

std::vector<ListHit> check_uribl(const std::vector<std::string>& domains, const std::vector<std::string>& zones, Resolver& resolver) {
    std::vector<ListHit> hits;
    for (const auto& domain : domains) {
        if (domain.empty() || domain.size() > 200 || net::parse_ip(domain)) continue;
        for (const auto& zone_text : zones) {
            const std::string zone = trim_zone(zone_text);
            if (zone.empty()) continue;
            const std::string name = base::to_lower_ascii(domain) + "." + zone;
            DnsAnswer a = resolver.query(name, RrType::A);
            std::string codes = listing_codes(a);
            if (!codes.empty()) hits.push_back(list_hit(zone, domain, std::move(codes), name, resolver));
        }
    }
    return hits;
}

OnlineAuth check_online(const OnlineInputs& in, Resolver& resolver) {
    OnlineAuth out;
    std::optional<net::IpAddress> ip;
    if (in.client_ip) ip = net::parse_ip(*in.client_ip);
    if (ip && in.mail_from) {
        SpfQuery q{*ip, *in.mail_from, in.helo};
        out.spf = check_spf(q, resolver);
        out.spf_identity_source = in.mail_from_source;
        // The HELO identity too (RFC 7208 §2.3), when it is a name and not the MAIL FROM check already.
        if (!in.helo.empty() && !in.mail_from->empty() && in.helo.find('.') != std::string::npos && in.helo.front() != '[')
            out.spf_helo = check_spf_helo(q, resolver);
    }
    DkimOptions dkim_options;
    dkim_options.now = in.now;
    out.dkim = verify_dkim(in.raw, resolver, dkim_options);
    out.dkim_result = combine_dkim(out.dkim);
    const AuthResult spf_result = out.spf ? out.spf->result : AuthResult::None;
    const std::string spf_domain = out.spf ? out.spf->domain : std::string();
    if (!in.from_domain.empty()) out.dmarc = check_dmarc(in.from_domain, spf_result, spf_domain, out.dkim, resolver, in.dmarc_sample_key);
    else out.dmarc.reason = "no From domain";
    // ARC: what forwarders recorded before us, sealed; no lookup without an ARC field.
    out.arc = verify_arc(in.raw, resolver, dkim_options);
    if (ip && in.fcrdns) {
        out.fcrdns_checked = true;
        std::string rev = ip->is_v6 ? reverse_ip(*ip) + ".ip6.arpa" : reverse_ip(*ip) + ".in-addr.arpa";
        DnsAnswer ptr = resolver.query(rev, RrType::PTR);
        if (ptr.status == DnsStatus::Answer) {
            for (std::size_t k = 0; k < ptr.records.size() && k < 5; ++k) {
                std::string name = base::to_lower_ascii(ptr.records[k]);
                out.ptr_names.push_back(name);
                DnsAnswer a = resolver.query(name, ip->is_v6 ? RrType::AAAA : RrType::A);
                for (const auto& r : a.records)
                    if (auto back = net::parse_ip(r); back && back->bytes == ip->bytes && back->is_v6 == ip->is_v6) out.fcrdns_name = name;
                if (out.fcrdns_name) break;
            }
        }
    }
    if (ip && !in.dnsbl_zones.empty()) out.dnsbl = check_dnsbl(ip->to_string(), in.dnsbl_zones, resolver);
    return out;
}

} // namespace mikiwame::auth

// SPDX-License-Identifier: Apache-2.0
// Received-chain checks, run on the facts the receiver itself recorded about the origin.
#include "headers/received_checks.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

#include "base/text.h"
#include "headers/mail_date.h"
#include "net/domain.h"
#include "net/ip_address.h"

namespace mikiwame::headers {
namespace {

constexpr std::size_t kMaxEvidence = 5;

std::string registrable_of(std::string_view host) {
    auto ascii = net::domain_to_ascii(host);
    if (!ascii || ascii->find('.') == std::string::npos || !net::has_known_public_suffix(*ascii))
        return {};
    return net::registrable_domain(*ascii);
}

std::vector<int> digit_runs(std::string_view s) {
    std::vector<int> runs;
    for (std::size_t i = 0; i < s.size();) {
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) {
            ++i;
            continue;
        }
        std::size_t j = i;
        int v = 0;
        while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) {
            if (v < 100000) v = v * 10 + (s[j] - '0');
            ++j;
        }
        runs.push_back(v);
        i = j;
    }
    return runs;
}

} // namespace

std::optional<base::FindingHit> check_suspicious_helo(const ReceivedHop& origin,
                                                      const std::vector<std::string>& receiver_domains,
                                                      const HeaderLists& lists) {
    if (!origin.from_helo) return std::nullopt;
    const std::string& helo = *origin.from_helo;
    std::string lower = base::to_lower_ascii(helo);
    // An authenticated submission names whatever its mail client likes; only a loopback
    // name is still worth showing there (the stolen-account pattern of SPEC §1: qmail's
    // "HELO ?127.0.0.1?" from a foreign address).
    if (origin.authenticated) {
        std::string bare = lower;
        if (bare.size() > 2 && (bare.front() == '[' || bare.front() == '?')) bare = bare.substr(1, bare.size() - 2);
        if (bare != "127.0.0.1" && bare != "localhost" && bare != "::1") return std::nullopt;
        std::vector<std::string> evidence{"HELO " + helo + " names the loopback address in an authenticated submission"};
        if (origin.from_ip) evidence.push_back("client " + *origin.from_ip);
        return base::FindingHit{"received.suspicious_helo", std::move(evidence)};
    }
    std::string why;
    if (lower.size() > 2 && lower.front() == '[' && lower.back() == ']') {
        why = "HELO " + helo + " is an address literal, not a host name";
    } else if (lower.size() > 2 && lower.front() == '?' && lower.back() == '?') {
        why = "HELO " + helo + " is a placeholder address";
    } else if (parse_received_ip(lower)) {
        why = "HELO " + helo + " is a bare IP address";
    } else if (lower == "localhost" || lower.starts_with("localhost.") || lower == "localhost.localdomain") {
        why = "HELO " + helo + " names the client's own loopback";
    } else if (lower.find('.') == std::string::npos) {
        why = "HELO " + helo + " is a bare word, not a fully-qualified name";
    } else {
        std::string reg = registrable_of(lower);
        std::string rdns_reg = origin.from_rdns ? registrable_of(*origin.from_rdns) : std::string();
        if (reg.empty()) {
            why = "HELO " + helo + " has no real top-level domain";
        } else if (std::find(receiver_domains.begin(), receiver_domains.end(), reg) !=
                       receiver_domains.end() &&
                   !lists.is_shared_provider(reg) && rdns_reg != reg) {
            why = "HELO " + helo + " claims the receiver's own domain";
        } else if (lists.is_shared_provider(reg) && !rdns_reg.empty() && rdns_reg != reg) {
            why = "HELO " + helo + " claims " + reg + " but reverse DNS is " + *origin.from_rdns;
        }
    }
    if (why.empty()) return std::nullopt;
    std::vector<std::string> evidence{why};
    if (origin.from_ip) evidence.push_back("client " + *origin.from_ip);
    return base::FindingHit{"received.suspicious_helo", std::move(evidence)};
}

bool is_generic_rdns(std::string_view rdns, std::string_view ip_text, const HeaderLists& lists) {
    std::string lower = base::to_lower_ascii(rdns);
    auto ip = net::parse_ip(ip_text);
    if (ip && !ip->is_v6) {
        std::array<int, 4> o{ip->bytes[0], ip->bytes[1], ip->bytes[2], ip->bytes[3]};
        auto runs = digit_runs(lower);
        for (std::size_t i = 0; i + 4 <= runs.size(); ++i) {
            bool forward = runs[i] == o[0] && runs[i + 1] == o[1] && runs[i + 2] == o[2] && runs[i + 3] == o[3];
            bool reverse = runs[i] == o[3] && runs[i + 1] == o[2] && runs[i + 2] == o[1] && runs[i + 3] == o[0];
            if (forward || reverse) return true;
        }
        char hex[9];
        std::snprintf(hex, sizeof hex, "%02x%02x%02x%02x", o[0], o[1], o[2], o[3]);
        if (lower.find(hex) != std::string::npos) return true;
        // Japanese access networks run the octets together, zero-padded:
        // softbank126012034056.bbtec.net, KD111239132098.au-net.ne.jp.
        char padded[13];
        std::snprintf(padded, sizeof padded, "%03d%03d%03d%03d", o[0], o[1], o[2], o[3]);
        if (lower.find(padded) != std::string::npos) return true;
    }
    // Access-network words next to numbers, in the labels left of the registrable domain.
    std::string reg = registrable_of(lower);
    std::string_view host_part = lower;
    if (!reg.empty() && lower.size() > reg.size()) host_part = std::string_view(lower).substr(0, lower.size() - reg.size());
    if (digit_runs(host_part).size() >= 2)
        for (const auto& word : lists.access_network_words())
            if (host_part.find(word) != std::string_view::npos) return true;
    return false;
}

std::optional<base::FindingHit> check_generic_rdns(const ReceivedHop& origin, const HeaderLists& lists) {
    if (!origin.from_ip) return std::nullopt;
    if (origin.rdns_unknown)
        return base::FindingHit{"received.generic_rdns",
                                {"reverse DNS of " + *origin.from_ip + " is unknown"}};
    if (origin.from_rdns && is_generic_rdns(*origin.from_rdns, *origin.from_ip, lists))
        return base::FindingHit{"received.generic_rdns",
                                {"reverse DNS " + *origin.from_rdns + " of " + *origin.from_ip +
                                 " is a generic access-network name"}};
    return std::nullopt;
}

std::optional<base::FindingHit> check_chain_anomaly(const ReceivedChain& chain,
                                                    const OriginResult& origin) {
    std::vector<std::string> evidence;
    auto add = [&](std::string line) {
        if (evidence.size() < kMaxEvidence) evidence.push_back(std::move(line));
    };
    const auto& hops = chain.hops;
    std::optional<std::int64_t> above; // date of the nearest dated hop above
    std::size_t above_index = 0;
    for (std::size_t k = 0; k < hops.size(); ++k) {
        const ReceivedHop& hop = hops[k];
        std::string_view raw = base::trim(hop.raw);
        // A field with neither client nor receiving host is not a Received record at all.
        // Comment-only fields ("(qmail 123 invoked by uid 0)") are a normal local step.
        if (!hop.by && !hop.from_ip && !hop.from_helo && !hop.from_rdns && !hop.with && !hop.id &&
            !raw.starts_with("("))
            add("hop " + std::to_string(k + 1) + " cannot be read: " + std::string(raw.substr(0, 80)));
        if (!hop.date) continue;
        // Dates we cannot read ("21/08/2002 10:17:17") are left alone: old MTAs write them.
        auto when = parse_mail_date(*hop.date);
        if (!when) continue;
        if (above && *when - *above > kHopDateToleranceSeconds)
            add("hop " + std::to_string(k + 1) + " (" + *hop.date + ") is dated after hop " +
                std::to_string(above_index + 1) + " above it (" + *hops[above_index].date + ")");
        above = when;
        above_index = k;
    }
    // Below the origin the sender writes what it likes. A hop there that claims the very
    // server that received the mail from the origin is forged: mail does not pass our MX,
    // leave, and come back within one delivery. (Other receiver hosts can legitimately
    // appear there, e.g. a colleague's post coming back through a mailing list.)
    if (origin.origin_index && hops[*origin.origin_index].by) {
        const std::string& our_mx = *hops[*origin.origin_index].by;
        for (std::size_t k = *origin.origin_index + 1; k < hops.size(); ++k)
            if (hops[k].by && base::iequals_ascii(*hops[k].by, our_mx))
                add("hop " + std::to_string(k + 1) + " below the origin claims receiving server " +
                    our_mx);
    }
    if (evidence.empty()) return std::nullopt;
    return base::FindingHit{"received.chain_anomaly", std::move(evidence)};
}

} // namespace mikiwame::headers

// SPDX-License-Identifier: Apache-2.0
// Brand judgement: which brands the mail claims to be (display name, From domain, subject,
// text, image alt text, copyright lines, link hosts and paths), which it only mentions, whose
// mailbox the sender uses, and the brand findings on the facts of the header, link and IP
// stages. A brand's family (`group`) shares its domains and networks. A genuine mail (the
// family's From domain, aligned authentication, origin in its networks) yields no brand
// finding; the receiving side's own domains and addresses never name a brand.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/finding_hit.h"
#include "brands/brand_matcher.h"
#include "catalog/brand_catalog.h"
#include "mikiwame/report.h"

namespace mikiwame::brands {

struct LinkView {
    std::string url;
    std::string host;               // lower-case ASCII or IP
    std::string registrable_domain;
    std::string path;               // path, query and fragment as written
    std::string target_host;        // host of the innermost redirect target, or ""
    bool is_on_abused_tld = false;  // the link stage flagged its TLD (data/lists/abused_tlds.txt)
    std::string query{}, fragment{}; // as written, without '?' and '#'
    // A login-path piece the link stage found in the query or fragment ("/signin"), and where
    // ("query" or "fragment"); "" when none.
    std::string login_in_query{}, login_in_query_component{};
    // The visible text of an anchor that is a call to action ("ログイン", "Sign in"), matched by the
    // content stage's `action` phrase list; "" for any other link.
    std::string action_text{};
};

// The facts the brand checks need, gathered by the engine from the other stages.
struct BrandInputs {
    std::string from_display_name;
    std::string from_domain;        // lower-case
    std::string subject;
    std::string body_text;          // visible text (plain, or HTML text), image alt text included
    std::optional<AuthResult> spf, dkim, dmarc;
    bool has_aligned_dkim_pass = false; // a DKIM pass whose d= aligns with the From domain
    bool has_aligned_spf_pass = false;  // SPF passed for a domain aligned with the From domain
    std::optional<std::string> origin_ip, origin_rdns, origin_helo, origin_country, origin_as_org;
    std::optional<std::int64_t> origin_asn;
    // The origin's reverse DNS is an e-mail service (data/lists/email_services.txt) that any
    // brand may send through.
    bool origin_is_email_service = false;
    // The Received fields below the origin, which only the sending side (or a forwarder)
    // vouches for: names lower-case, "" when absent; at most a few dozen, newest first.
    struct TraceHop {
        std::string helo, rdns, by;
        bool has_ip = false;
    };
    std::vector<TraceHop> sender_hops;
    std::optional<std::string> message_id_domain; // lower-case
    // Domains that passed authentication: DKIM d= of the signatures when DKIM passed, the SPF
    // domain when SPF passed. A family's sending domain counts as the brand's own.
    std::vector<std::string> passing_auth_domains;
    std::vector<LinkView> links;
    // The receiving side (never evidence of a brand): registrable domains of the receiving
    // organisation (top hop's `by`, authserv-id, the trusted recipients' domains) and the
    // recipients' addresses, lower-case.
    std::vector<std::string> receiver_domains;
    std::vector<std::string> recipient_addresses;
};

struct BrandFacts {
    std::vector<BrandInfo> brands;    // brands the mail claims to be, strongest first
    std::vector<BrandInfo> mentioned; // brands it only names (text, links), not as the sender
    // The mailbox provider of the From address (a real account at an ISP or freemail): shown
    // as the sender's provider, not as a claimed brand.
    std::optional<ProviderInfo> provider;
    std::vector<base::FindingHit> hits;
    std::vector<std::string> notes; // degraded analysis (a failed name scan)
};

// `scratch` is the calling thread's, reserved for `matcher`.
[[nodiscard]] BrandFacts analyze_brands(const BrandInputs& inputs, const catalog::BrandCatalog& catalog,
                                        const BrandMatcher& matcher, base::HsScratch& scratch);

} // namespace mikiwame::brands

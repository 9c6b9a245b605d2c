// SPDX-License-Identifier: Apache-2.0
// Link analysis facade: every link of a message found (text, HTML, headers, attachments),
// parsed as a browser would, unwrapped, searched for the recipient and judged from the data
// lists; the facts go to the report's "urls" and the url.* finding hits to the engine.
#pragma once

#include <functional>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "base/finding_hit.h"
#include "message/message.h"
#include "mikiwame/limits.h"
#include "mikiwame/report.h"
#include "urls/host_judgement.h"
#include "urls/parsed_url.h"
#include "urls/raw_link.h"
#include "urls/url_catalog.h"

namespace mikiwame::urls {

struct UrlFact {
    ParsedUrl parsed;
    std::string url;                          // href (WHATWG serialisation)
    std::optional<std::string> display_text;  // visible anchor text
    std::string host;                         // ASCII host; canonical address for IP hosts
    std::string registrable_domain;           // eTLD+1; the address for IP hosts
    std::string found_in;                     // text | html | attachment | header | qr
    std::string element;                      // a, form, img, text, list-unsubscribe … (not in the report)
    std::optional<std::string> redirect_target;
    std::string redirect_host;                // host of redirect_target, "" when none
    std::string source;                       // found_in "qr": the picture's name (not in the report)
    bool contains_recipient = false;
    // A login-path piece in the query or fragment of a clickable link that carries no other
    // URL there, on a host of no brand (flag "login_path_in_query"); the brands stage judges it
    // against the sender and the claimed brands (url.lure_in_query).
    std::optional<LoginInQuery> login_in_query;
    std::vector<std::string> flags;
};

struct UrlFacts {
    std::vector<UrlFact> urls;
    std::vector<base::FindingHit> hits;
};

// The facts and finding hits for `message`. `recipient_addresses` are the addresses the mail
// was delivered to (To, Delivered-To, X-Original-To, the receiving hop's "for"), as the
// caller determined them. At most limits.max_urls links are kept; when more exist the hit
// message.limit_exceeded says "max_urls=<value>". Pure function of its inputs: thread-safe
// with a shared catalog; never throws.
// Answers whether a host belongs to a known brand (the brand catalogue): login and CMS paths
// on a brand's own site are not evidence (SPEC §3 "on a non-brand host").
using BrandHostPredicate = std::function<bool(std::string_view host)>;
// Answers whether two registrable domains belong to one brand family (the brand catalogue): a
// card company's link text naming its group's site is no text/href mismatch.
using SameFamilyPredicate = std::function<bool(std::string_view a, std::string_view b)>;

// `decoded_links` are links other stages decoded from the mail (QR codes in pictures, found_in
// "qr"): judged as every other link, after the ones extraction finds.
[[nodiscard]] UrlFacts analyze_links(const message::Message& message,
                                     const std::vector<std::string>& recipient_addresses,
                                     const UrlCatalog& catalog, const Limits& limits,
                                     const BrandHostPredicate& is_brand_host = {},
                                     const SameFamilyPredicate& same_family = {},
                                     const std::vector<RawLink>& decoded_links = {});


} // namespace mikiwame::urls

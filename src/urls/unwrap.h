// SPDX-License-Identifier: Apache-2.0
// Unwrapping: the URL a link really leads to when it carries another one, in a query or
// fragment parameter, in the path, percent- or base64-encoded, or inside a known redirector
// or link-protection wrapper (data/lists/redirectors.txt). Offline: nothing is fetched.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "urls/parsed_url.h"
#include "urls/url_catalog.h"

namespace mikiwame::urls {

struct UnwrapStep {
    std::string via;   // "redirector:google", "param:url", "fragment:u", "path", "path-base64"
    std::string url;   // href of the URL reached by this step
    bool is_protection = false; // a link-protection wrapper of the recipient's side
};

struct UnwrapResult {
    std::vector<UnwrapStep> steps;              // outermost first
    std::optional<std::string> redirect_target; // href of the innermost URL, when any step
    std::string opaque_redirector;              // name, when a redirector hides its target
    // True when some step is a redirect rather than a protection wrapper: the evidence
    // for url.redirect_param.
    bool has_redirect() const;
};

constexpr std::size_t kMaxUnwrapDepth = 8;

// Follows carried URLs from `url` inward, at most kMaxUnwrapDepth steps, stopping at a loop.
// Share buttons (kind share) are not unwrapped. Thread-safe, no throw.
[[nodiscard]] UnwrapResult unwrap_url(const ParsedUrl& url, const UrlCatalog& catalog);

} // namespace mikiwame::urls

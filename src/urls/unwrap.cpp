// SPDX-License-Identifier: Apache-2.0
// Unwrapping carried URLs. Generic rule first written down here: a parameter value or a
// path piece that decodes to an absolute http(s) URL is a carried URL whatever its name,
// because open redirects and trackers use every name imaginable.
#include "urls/unwrap.h"

#include <algorithm>
#include <unordered_set>

#include "base/base64.h"
#include "base/text.h"
#include "net/domain.h"
#include "urls/url_parser.h"

namespace mikiwame::urls {

namespace {

constexpr int kMaxDecodeRounds = 4; // "%2525…": double- and triple-encoded values
constexpr std::size_t kMinBase64Chars = 12;

bool starts_with_http(std::string_view s) {
    return base::istarts_with_ascii(s, "http://") || base::istarts_with_ascii(s, "https://") ||
           base::istarts_with_ascii(s, "http:/") || base::istarts_with_ascii(s, "https:/") ||
           base::istarts_with_ascii(s, "http:\\\\") || base::istarts_with_ascii(s, "https:\\\\");
}

bool is_base64_text(std::string_view s) {
    if (s.size() < kMinBase64Chars) return false;
    for (char c : s) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                        c == '+' || c == '/' || c == '-' || c == '_' || c == '=';
        if (!ok) return false;
    }
    return true;
}

bool is_printable(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) {
        return static_cast<unsigned char>(c) >= 0x20 && c != 0x7F;
    });
}

std::optional<ParsedUrl> absolute_http(std::string_view text) {
    const std::string_view trimmed = base::trim(text);
    if (!starts_with_http(trimmed)) return std::nullopt;
    auto url = parse_url(trimmed);
    if (!url || !url->has_host() || (url->scheme != "http" && url->scheme != "https")) return std::nullopt;
    return url;
}

// A value that is, or encodes, an absolute http(s) URL.
std::optional<ParsedUrl> decode_carried(std::string_view value) {
    std::string v(value);
    for (int round = 0; round < kMaxDecodeRounds; ++round) {
        if (auto url = absolute_http(v)) return url;
        if (is_base64_text(base::trim(v))) {
            const std::string decoded = base::decode_base64_lenient(base::trim(v));
            if (is_printable(decoded))
                if (auto url = absolute_http(decoded)) return url;
        }
        std::string next = base::percent_decode(v);
        if (next == v) break;
        v = std::move(next);
    }
    return std::nullopt;
}

struct Param {
    std::string name;
    std::string value; // still percent-encoded
};

std::vector<Param> split_params(std::string_view query) {
    std::vector<Param> out;
    for (auto pair : base::split(query, '&')) {
        if (pair.empty()) continue;
        const std::size_t eq = pair.find('=');
        if (eq == std::string_view::npos) {
            out.push_back({std::string(pair), {}});
        } else {
            out.push_back({base::percent_decode(pair.substr(0, eq)), std::string(pair.substr(eq + 1))});
        }
    }
    return out;
}

// A schemeless "www.example.com/x" or "example.com/x" under a listed redirect name.
std::optional<ParsedUrl> decode_schemeless(std::string_view value) {
    const std::string v = base::percent_decode(value);
    const std::string_view host = std::string_view(v).substr(0, v.find_first_of("/?#"));
    if (host.empty() || host.find('.') == std::string_view::npos || v.find(' ') != std::string::npos)
        return std::nullopt;
    if (!base::istarts_with_ascii(v, "www.") &&
        (host.size() == v.size() || !net::has_known_public_suffix(host)))
        return std::nullopt;
    return absolute_http("http://" + v);
}

std::optional<std::string> param_value(const ParsedUrl& url, const std::vector<std::string>& names) {
    if (!url.query) return std::nullopt;
    const auto params = split_params(*url.query);
    for (const auto& name : names)
        for (const auto& p : params)
            if (base::iequals_ascii(p.name, name)) return p.value;
    return std::nullopt;
}

std::optional<ParsedUrl> read_proofpoint_v2(std::string_view value) {
    // "https-3A__example.com_path-3Fa-3D1": '-XX' is a hex byte, '_' a slash.
    std::string out;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '-' && i + 2 < value.size() && base::hex_digit_value(value[i + 1]) >= 0 && base::hex_digit_value(value[i + 2]) >= 0) {
            out.push_back(static_cast<char>(base::hex_digit_value(value[i + 1]) * 16 + base::hex_digit_value(value[i + 2])));
            i += 2;
        } else if (value[i] == '_') {
            out.push_back('/');
        } else {
            out.push_back(value[i]);
        }
    }
    return absolute_http(out);
}

std::optional<ParsedUrl> read_proofpoint_v3(const ParsedUrl& url) {
    // ".../v3/__https://example.com/a*b__;Pw!!token": each '*' stands for the next character
    // of the base64url text between ';' and '!'.
    const std::string href = url.href();
    const std::size_t open = href.find("/v3/__");
    if (open == std::string::npos) return std::nullopt;
    const std::size_t start = open + 6;
    const std::size_t close = href.find("__;", start);
    std::string target = href.substr(start, close == std::string::npos ? std::string::npos : close - start);
    if (close != std::string::npos) {
        const std::size_t bang = href.find('!', close);
        const std::string replacements = base::decode_base64_lenient(
            std::string_view(href).substr(close + 3, bang == std::string::npos ? std::string::npos : bang - close - 3));
        std::size_t r = 0;
        std::string rebuilt;
        for (char c : target) {
            if (c == '*' && r < replacements.size()) {
                // Copy one whole UTF-8 character.
                const std::size_t begin = r;
                base::decode_utf8(replacements, r);
                rebuilt += replacements.substr(begin, r - begin);
            } else {
                rebuilt.push_back(c);
            }
        }
        target = std::move(rebuilt);
    }
    return absolute_http(base::percent_decode(target));
}

std::optional<ParsedUrl> through_redirector(const ParsedUrl& url, const Redirector& r) {
    switch (r.carrier) {
    case CarrierKind::Param: {
        auto value = param_value(url, r.params);
        if (!value) return std::nullopt;
        if (auto carried = decode_carried(*value)) return carried;
        return decode_schemeless(*value);
    }
    case CarrierKind::Path: {
        const std::string path = url.pathname() + (url.query ? "?" + *url.query : "");
        const std::size_t at = path.find(r.path_marker);
        if (at == std::string::npos) return std::nullopt;
        const std::string rest = base::percent_decode(path.substr(at + r.path_marker.size()));
        if (starts_with_http(rest)) return absolute_http(rest);
        return absolute_http("https://" + rest);
    }
    case CarrierKind::HostParam: {
        auto value = param_value(url, r.params);
        if (!value) return std::nullopt;
        const std::string host = base::percent_decode(*value);
        if (host.empty() || host.find_first_of("/?#@ ") != std::string::npos) return std::nullopt;
        return absolute_http("https://" + host + "/");
    }
    case CarrierKind::BingBase64: {
        auto value = param_value(url, r.params);
        if (!value) return std::nullopt;
        std::string v = base::percent_decode(*value);
        if (v.rfind("a1", 0) == 0) v.erase(0, 2);
        return absolute_http(base::decode_base64_lenient(v));
    }
    case CarrierKind::ProofpointV2: {
        auto value = param_value(url, r.params);
        if (!value) return std::nullopt;
        return read_proofpoint_v2(*value);
    }
    case CarrierKind::ProofpointV3: return read_proofpoint_v3(url);
    case CarrierKind::Opaque: return std::nullopt;
    }
    return std::nullopt;
}

// The generic rule: parameters of query and fragment, then the path.
std::optional<std::pair<std::string, ParsedUrl>> through_generic(const ParsedUrl& url,
                                                                 const UrlCatalog& catalog) {
    auto scan = [&](std::string_view params, const char* label) -> std::optional<std::pair<std::string, ParsedUrl>> {
        const auto list = split_params(params);
        // Listed names first: "?src=<image>&destination=<target>" leads to the destination.
        for (const auto& p : list) {
            if (p.value.empty() || !catalog.is_redirect_param(p.name)) continue;
            if (auto carried = decode_carried(p.value)) return std::make_pair(std::string(label) + p.name, *carried);
            if (auto carried = decode_schemeless(p.value)) return std::make_pair(std::string(label) + p.name, *carried);
        }
        for (const auto& p : list) {
            if (p.value.empty()) continue;
            if (auto carried = decode_carried(p.value)) return std::make_pair(std::string(label) + p.name, *carried);
        }
        return std::nullopt;
    };
    if (url.query)
        if (auto hit = scan(*url.query, "param:")) return hit;
    if (url.fragment) {
        std::string_view fragment = *url.fragment;
        const std::size_t q = fragment.find('?');
        if (q != std::string_view::npos) fragment.remove_prefix(q + 1); // "#/route?url=…"
        if (fragment.find('=') != std::string_view::npos)
            if (auto hit = scan(fragment, "fragment:")) return hit;
        if (auto carried = decode_carried(*url.fragment)) return std::make_pair(std::string("fragment"), *carried);
    }
    if (url.has_opaque_path) return std::nullopt;
    // "https://redirect.example/https://target.example/x" or a percent-encoded form of it.
    const std::string decoded_path = base::percent_decode(url.pathname());
    for (std::size_t pos = decoded_path.find('/'); pos != std::string::npos; pos = decoded_path.find('/', pos + 1)) {
        const std::string_view rest = std::string_view(decoded_path).substr(pos + 1);
        if (starts_with_http(rest)) {
            std::string target(rest);
            if (url.query) target += "?" + *url.query;
            if (auto carried = absolute_http(target)) return std::make_pair(std::string("path"), *carried);
        }
    }
    for (const auto& segment : url.path) {
        if (!is_base64_text(segment)) continue;
        const std::string decoded = base::decode_base64_lenient(segment);
        if (is_printable(decoded))
            if (auto carried = absolute_http(decoded)) return std::make_pair(std::string("path-base64"), *carried);
    }
    return std::nullopt;
}

} // namespace

bool UnwrapResult::has_redirect() const {
    return std::any_of(steps.begin(), steps.end(), [](const UnwrapStep& s) { return !s.is_protection; });
}

UnwrapResult unwrap_url(const ParsedUrl& url, const UrlCatalog& catalog) {
    UnwrapResult result;
    ParsedUrl current = url;
    std::unordered_set<std::string> seen{current.href()};
    for (std::size_t depth = 0; depth < kMaxUnwrapDepth; ++depth) {
        std::optional<ParsedUrl> next;
        UnwrapStep step;
        if (const Redirector* r = catalog.find_redirector(current)) {
            if (r->kind == RedirectorKind::Share) break;
            next = through_redirector(current, *r);
            if (!next && r->carrier == CarrierKind::Opaque) {
                result.opaque_redirector = r->name;
                break;
            }
            step.via = "redirector:" + r->name;
            step.is_protection = r->kind == RedirectorKind::Protection;
        }
        if (!next) {
            auto generic = through_generic(current, catalog);
            if (!generic) break;
            step.via = generic->first;
            step.is_protection = false;
            next = std::move(generic->second);
        }
        step.url = next->href();
        if (!seen.insert(step.url).second) break;
        result.steps.push_back(step);
        current = std::move(*next);
    }
    if (!result.steps.empty()) result.redirect_target = result.steps.back().url;
    return result;
}

} // namespace mikiwame::urls

// SPDX-License-Identifier: Apache-2.0
// Recipient search. Base64 does not survive concatenation byte for byte: "xx" + address
// encodes differently from the address alone. For each of the three alignments we encode
// the address behind 0, 1 or 2 filler bytes and keep only the characters that depend on the
// address alone; one of the three cores is a substring of any encoding that contains it.
#include "urls/recipient_in_url.h"

#include <algorithm>

#include "base/base64.h"
#include "base/text.h"
#include "net/domain.h"

namespace mikiwame::urls {

namespace {

constexpr std::size_t kMinLocalPart = 4;
constexpr std::size_t kMinCoreChars = 8; // shorter cores match random base64 by chance

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percent_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
            i += 2;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

// Fully decoded, for double-encoded values ("%2540").
std::string decode_all(std::string_view s) {
    std::string v(s);
    for (int round = 0; round < 3; ++round) {
        std::string next = percent_decode(v);
        if (next == v) break;
        v = std::move(next);
    }
    return v;
}

struct Component {
    const char* name;
    std::string raw;     // as in the href
    std::string decoded; // percent-decoded
};

bool contains_token(std::string_view haystack, std::string_view needle, bool whole_values_only) {
    if (needle.empty()) return false;
    const std::string hay = base::to_lower_ascii(haystack);
    const std::string ndl = base::to_lower_ascii(needle);
    for (std::size_t pos = hay.find(ndl); pos != std::string::npos; pos = hay.find(ndl, pos + 1)) {
        if (!whole_values_only) return true;
        // A whole parameter value or path segment: delimited by = & / ? # or the ends.
        auto is_delim = [](char c) { return c == '=' || c == '&' || c == '/' || c == '?' || c == '#' || c == ';'; };
        const bool left = pos == 0 || is_delim(hay[pos - 1]);
        const std::size_t end = pos + ndl.size();
        const bool right = end == hay.size() || is_delim(hay[end]);
        if (left && right) return true;
    }
    return false;
}

struct Needle {
    std::string text;
    const char* form;
    bool whole_values_only; // plain matches must be a whole value (local part, domain)
};

std::optional<RecipientMatch> search(const std::vector<Component>& components, const Needle& needle,
                                     const std::string& recipient) {
    std::vector<std::string> cases{needle.text};
    const std::string lower = base::to_lower_ascii(needle.text);
    if (lower != needle.text) cases.push_back(lower);
    for (const auto& c : components) {
        if (contains_token(c.raw, needle.text, needle.whole_values_only))
            return RecipientMatch{recipient, needle.form, "plain", c.name};
        if (contains_token(c.decoded, needle.text, needle.whole_values_only))
            return RecipientMatch{recipient, needle.form, "percent", c.name};
        if (base::icontains_ascii(c.raw, base::to_hex(lower)))
            return RecipientMatch{recipient, needle.form, "hex", c.name};
        for (const auto& text : cases) {
            for (int alignment = 0; alignment < 3; ++alignment) {
                for (bool url_safe : {false, true}) {
                    const std::string core = base64_core(text, alignment, url_safe);
                    if (core.size() < kMinCoreChars) continue;
                    if (c.raw.find(core) != std::string::npos || c.decoded.find(core) != std::string::npos)
                        return RecipientMatch{recipient, needle.form, url_safe ? "base64url" : "base64", c.name};
                }
            }
        }
    }
    return std::nullopt;
}

} // namespace

std::string base64_core(std::string_view bytes, int alignment, bool url_safe) {
    const std::size_t pad = static_cast<std::size_t>(alignment % 3);
    std::string input(pad, '\0');
    input.append(bytes);
    std::string encoded = base::encode_base64(input);
    // Characters touched by the filler: 0 for alignment 0, 2 for 1 byte, 3 for 2 bytes.
    const std::size_t skip = pad == 0 ? 0 : pad == 1 ? 2 : 3;
    // Characters that depend on bytes after the address: the last partial group.
    const std::size_t whole_groups = input.size() / 3;
    const std::size_t stable_end = whole_groups * 4;
    if (stable_end <= skip) return {};
    encoded = encoded.substr(skip, stable_end - skip);
    if (url_safe) {
        std::replace(encoded.begin(), encoded.end(), '+', '-');
        std::replace(encoded.begin(), encoded.end(), '/', '_');
    }
    return encoded;
}

std::optional<RecipientMatch> find_recipient_in_url(const ParsedUrl& url,
                                                    const std::vector<std::string>& recipient_addresses) {
    std::vector<Component> components;
    auto add = [&](const char* name, const std::string& raw) {
        if (!raw.empty()) components.push_back({name, raw, decode_all(raw)});
    };
    if (url.host_kind == HostKind::Domain) add("host", url.host);
    add("path", url.has_opaque_path ? url.opaque_path : url.pathname());
    if (url.query) add("query", *url.query);
    if (url.fragment) add("fragment", *url.fragment);
    const std::string link_domain = url.host_kind == HostKind::Domain ? net::registrable_domain(url.host) : "";

    for (const auto& recipient : recipient_addresses) {
        const std::string address(base::trim(recipient));
        const std::size_t at = address.rfind('@');
        if (at == std::string::npos || at == 0 || at + 1 >= address.size()) continue;
        const std::string local = address.substr(0, at);
        const std::string domain = base::to_lower_ascii(address.substr(at + 1));

        if (auto m = search(components, Needle{address, "address", false}, recipient)) return m;
        if (local.size() >= kMinLocalPart)
            if (auto m = search(components, Needle{local, "local_part", true}, recipient)) return m;
        if (domain != link_domain && net::registrable_domain(domain) != link_domain) {
            // "victim.example.jp.evil.example": the domain as labels of a foreign host.
            if (url.host_kind == HostKind::Domain &&
                (url.host.rfind(domain + ".", 0) == 0 || url.host.find("." + domain + ".") != std::string::npos))
                return RecipientMatch{recipient, "domain", "plain", "host"};
            if (auto m = search(components, Needle{domain, "domain", true}, recipient)) return m;
        }
    }
    return std::nullopt;
}

} // namespace mikiwame::urls

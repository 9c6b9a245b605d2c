// SPDX-License-Identifier: Apache-2.0
// Recipient search. Encoded forms are searched by decoding, not by encoding the needle: every
// run of base64 (or hex) characters is decoded at each of its four (two) starting offsets,
// so an address at any byte offset inside a longer encoded value is found, and what follows
// it is known, which tells "taro@victim.example" from "taro@other.example".
#include "urls/recipient_in_url.h"

#include <algorithm>

#include "base/base64.h"
#include "base/text.h"
#include "net/domain.h"

namespace mikiwame::urls {

namespace {

constexpr std::size_t kMinLocalPart = 4;
constexpr std::size_t kMinEncodedChars = 8; // shorter runs decode to too few bytes to matter
constexpr std::size_t kMaxViews = 256;      // decoded views per component (hostile URLs)

// Fully decoded, for double-encoded values ("%2540").
std::string decode_all(std::string_view s) {
    std::string v(s);
    for (int round = 0; round < 3; ++round) {
        std::string next = base::percent_decode(v);
        if (next == v) break;
        v = std::move(next);
    }
    return v;
}

struct View {
    const char* encoding;
    std::string text; // lower-cased
};

bool is_b64_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/' || c == '-' || c == '_';
}

void add_encoded_views(std::string_view text, std::vector<View>& views) {
    for (std::size_t i = 0; i < text.size() && views.size() < kMaxViews;) {
        if (!is_b64_char(text[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < text.size() && is_b64_char(text[j])) ++j;
        const std::string_view run = text.substr(i, j - i);
        if (run.size() >= kMinEncodedChars) {
            const bool url_safe = run.find_first_of("-_") != std::string_view::npos;
            for (std::size_t off = 0; off < 4 && off < run.size(); ++off)
                views.push_back({url_safe ? "base64url" : "base64",
                                 base::to_lower_ascii(base::decode_base64_lenient(run.substr(off)))});
            // Hex runs are a subset of base64 runs: decode the hex digits at both offsets.
            std::size_t h = 0;
            while (h < run.size()) {
                if (base::hex_digit_value(run[h]) < 0) {
                    ++h;
                    continue;
                }
                std::size_t e = h;
                while (e < run.size() && base::hex_digit_value(run[e]) >= 0) ++e;
                for (std::size_t off = 0; off < 2 && e - h - off >= kMinEncodedChars; ++off) {
                    std::string bytes;
                    for (std::size_t k = h + off; k + 1 < e; k += 2)
                        bytes.push_back(static_cast<char>(base::hex_digit_value(run[k]) * 16 + base::hex_digit_value(run[k + 1])));
                    views.push_back({"hex", base::to_lower_ascii(bytes)});
                }
                h = e;
            }
        }
        i = j;
    }
}

struct Component {
    const char* name;
    std::vector<View> views;
};

Component make_component(const char* name, const std::string& raw) {
    Component c{name, {}};
    c.views.push_back({"plain", base::to_lower_ascii(raw)});
    const std::string decoded = decode_all(raw);
    if (decoded != raw) c.views.push_back({"percent", base::to_lower_ascii(decoded)});
    add_encoded_views(decoded, c.views);
    return c;
}

enum class Form { Address, LocalPart, Domain };

bool is_local_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '%' ||
           c == '+' || c == '-';
}
bool is_domain_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-'; }

// Where `needle` (lower-cased) stands on its own in `text`: a local part not followed by
// '@' (that would be someone else's address), a domain not inside a longer name.
bool occurs(std::string_view text, std::string_view needle, Form form) {
    for (std::size_t pos = text.find(needle); pos != std::string_view::npos; pos = text.find(needle, pos + 1)) {
        const std::size_t end = pos + needle.size();
        const char before = pos == 0 ? '\0' : text[pos - 1];
        const char after = end >= text.size() ? '\0' : text[end];
        switch (form) {
        case Form::Address:
            if (!is_domain_char(after) || after == '.') return true;
            break;
        case Form::LocalPart:
            if (!is_local_char(before) && !is_local_char(after) && after != '@') return true;
            break;
        case Form::Domain:
            if (!is_domain_char(before) && !is_domain_char(after)) return true;
            break;
        }
    }
    return false;
}

std::optional<RecipientMatch> search(const std::vector<Component>& components, const std::string& needle,
                                     Form form, const char* form_name, const std::string& recipient) {
    const std::string lower = base::to_lower_ascii(needle);
    for (const auto& c : components) {
        for (const auto& view : c.views) {
            // A local part written out in a path is usually a mailing list's name in its
            // archive or listinfo URL; as a parameter value or encoded it is a pre-fill.
            const bool is_plain = std::string_view(view.encoding) == "plain" ||
                                  std::string_view(view.encoding) == "percent";
            if (form == Form::LocalPart && is_plain && std::string_view(c.name) != "query" &&
                std::string_view(c.name) != "fragment")
                continue;
            if (occurs(view.text, lower, form)) return RecipientMatch{recipient, form_name, view.encoding, c.name};
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<RecipientMatch> find_recipient_in_url(const ParsedUrl& url,
                                                    const std::vector<std::string>& recipient_addresses) {
    std::vector<Component> components;
    if (url.host_kind == HostKind::Domain) components.push_back(make_component("host", url.host));
    const std::string path = url.has_opaque_path ? url.opaque_path : url.pathname();
    if (!path.empty()) components.push_back(make_component("path", path));
    if (url.query && !url.query->empty()) components.push_back(make_component("query", *url.query));
    if (url.fragment && !url.fragment->empty()) components.push_back(make_component("fragment", *url.fragment));
    const std::string link_domain = url.host_kind == HostKind::Domain ? net::registrable_domain(url.host) : "";

    for (const auto& recipient : recipient_addresses) {
        const std::string address(base::trim(recipient));
        const std::size_t at = address.rfind('@');
        if (at == std::string::npos || at == 0 || at + 1 >= address.size()) continue;
        const std::string local = address.substr(0, at);
        const std::string domain = base::to_lower_ascii(address.substr(at + 1));
        // The recipient's own organisation (or mailing list) linking to its own site names
        // its own addresses and lists in its links: that is not evidence.
        if (!link_domain.empty() && net::registrable_domain(domain) == link_domain) continue;

        if (auto m = search(components, address, Form::Address, "address", recipient)) return m;
        if (local.size() >= kMinLocalPart)
            if (auto m = search(components, local, Form::LocalPart, "local_part", recipient)) return m;
        {
            // "victim.example.jp.evil.example": the domain as leading labels of a foreign host.
            if (url.host_kind == HostKind::Domain &&
                (url.host.rfind(domain + ".", 0) == 0 || url.host.find("." + domain + ".") != std::string::npos))
                return RecipientMatch{recipient, "domain", "plain", "host"};
            if (auto m = search(components, domain, Form::Domain, "domain", recipient)) return m;
        }
    }
    return std::nullopt;
}

} // namespace mikiwame::urls

// SPDX-License-Identifier: Apache-2.0
// Sender identity extraction over the parsed address lists of the message model.
#include "headers/sender_identity.h"

#include <algorithm>
#include <cctype>

#include "base/text.h"
#include "net/domain.h"

namespace mikiwame::headers {
namespace {

constexpr std::size_t kMaxTextDomains = 16;

std::string ascii_domain(std::string_view domain) {
    if (auto a = net::domain_to_ascii(domain)) return *a;
    return base::to_lower_ascii(domain);
}

std::string registrable_or_empty(std::string_view domain) {
    if (domain.empty() || domain.find('.') == std::string_view::npos) return {};
    return net::registrable_domain(domain);
}

std::optional<IdentityAddress> to_identity(const std::vector<message::Address>& list) {
    for (const auto& a : list) {
        if (a.local_part.empty() && a.domain.empty()) continue;
        IdentityAddress id;
        id.domain = ascii_domain(a.domain);
        id.address = id.domain.empty() ? a.local_part : a.local_part + "@" + id.domain;
        id.display_name = a.display_name;
        id.registrable_domain = registrable_or_empty(id.domain);
        return id;
    }
    return std::nullopt;
}

// ASCII only: display names mix domains with Japanese brackets and text (【kagoya.jp】), and
// internationalized names in display names are rare enough to leave to the URL stage.
bool is_host_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
}

} // namespace

TextDomains find_domains_in_text(std::string_view text) {
    TextDomains out;
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        if (!is_host_char(text[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < n && is_host_char(text[j])) ++j;
        std::string_view token = text.substr(i, j - i);
        // Address: local part just before '@', host after it.
        if (j < n && text[j] == '@') {
            std::size_t k = j + 1;
            while (k < n && is_host_char(text[k])) ++k;
            std::string_view host = text.substr(j + 1, k - j - 1);
            while (!host.empty() && host.back() == '.') host.remove_suffix(1);
            auto ascii = net::domain_to_ascii(host);
            if (ascii && ascii->find('.') != std::string::npos && net::has_known_public_suffix(*ascii)) {
                std::string addr = base::to_lower_ascii(token) + "@" + *ascii;
                if (out.addresses.size() < kMaxTextDomains &&
                    std::find(out.addresses.begin(), out.addresses.end(), addr) == out.addresses.end())
                    out.addresses.push_back(addr);
                if (out.domains.size() < kMaxTextDomains &&
                    std::find(out.domains.begin(), out.domains.end(), *ascii) == out.domains.end())
                    out.domains.push_back(*ascii);
            }
            i = k;
            continue;
        }
        while (!token.empty() && (token.back() == '.' || token.back() == '-')) token.remove_suffix(1);
        while (!token.empty() && (token.front() == '.' || token.front() == '-')) token.remove_prefix(1);
        if (token.find('.') != std::string_view::npos) {
            auto ascii = net::domain_to_ascii(token);
            // A known public suffix and a label before it: "Kagoya.net" yes, "Mr.Smith" no.
            if (ascii && net::has_known_public_suffix(*ascii) &&
                net::public_suffix(*ascii) != *ascii && out.domains.size() < kMaxTextDomains &&
                std::find(out.domains.begin(), out.domains.end(), *ascii) == out.domains.end())
                out.domains.push_back(*ascii);
        }
        i = j;
    }
    return out;
}

SenderIdentity extract_sender_identity(const message::Message& msg) {
    SenderIdentity out;
    out.from = to_identity(msg.from);
    out.from_count = msg.from.size();
    out.sender = to_identity(msg.sender);
    out.reply_to = to_identity(msg.reply_to);
    out.return_path = to_identity(msg.return_path);
    if (msg.message_id) {
        std::string_view id = *msg.message_id;
        auto at = id.rfind('@');
        if (at != std::string_view::npos) {
            std::string_view domain = base::trim(id.substr(at + 1));
            while (!domain.empty() && (domain.back() == '>' || domain.back() == '.')) domain.remove_suffix(1);
            if (!domain.empty()) {
                out.message_id_domain = ascii_domain(domain);
                std::string reg = registrable_or_empty(*out.message_id_domain);
                if (!reg.empty()) out.message_id_registrable = reg;
            }
        }
    }
    if (out.from && !out.from->display_name.empty()) {
        auto found = find_domains_in_text(out.from->display_name);
        out.display_domains = std::move(found.domains);
        out.display_addresses = std::move(found.addresses);
    }
    return out;
}

} // namespace mikiwame::headers

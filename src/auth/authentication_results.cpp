// SPDX-License-Identifier: Apache-2.0
// RFC 8601 field parsing: split on ';' outside comments and quoted strings, drop comments,
// then read "method=result" and "ptype.property=value" pairs.
#include "auth/authentication_results.h"

#include <array>
#include <cctype>

#include "base/text.h"
#include "message/field_syntax.h"

namespace mikiwame::auth {
namespace {

bool is_wsp(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::optional<MethodResult> read_resinfo(std::string_view part) {
    auto words = message::field_words(part);
    if (words.empty()) return std::nullopt;
    auto eq = words[0].find('=');
    if (eq == std::string::npos || eq == 0) return std::nullopt;
    MethodResult r;
    std::string method = base::to_lower_ascii(words[0].substr(0, eq));
    if (auto slash = method.find('/'); slash != std::string::npos) method.resize(slash);
    if (method.empty()) return std::nullopt; // "/1=pass": a version without a method name
    r.method = std::move(method);
    r.result = base::to_lower_ascii(words[0].substr(eq + 1));
    if (r.result.empty()) return std::nullopt;
    for (std::size_t k = 1; k < words.size(); ++k) {
        auto e = words[k].find('=');
        if (e == std::string::npos || e == 0) continue;
        std::string key = base::to_lower_ascii(words[k].substr(0, e));
        std::string value = words[k].substr(e + 1);
        if (key == "reason") r.reason = value;
        else r.properties.emplace_back(std::move(key), std::move(value));
    }
    return r;
}

void read_results(const std::vector<std::string>& parts, std::size_t first,
                  AuthenticationResults& out) {
    for (std::size_t k = first; k < parts.size(); ++k) {
        std::string_view part = base::trim(parts[k]);
        if (part.empty()) continue;
        if (base::iequals_ascii(part, "none")) {
            out.is_none = true;
            continue;
        }
        if (auto r = read_resinfo(part)) out.results.push_back(std::move(*r));
    }
}

// First part: "authserv-id [version]" (RFC 8601 §2.2). Microsoft 365 omits it and starts
// directly with "spf=…", so a part whose first word has '=' is a result, not an id.
void read_head(const std::vector<std::string>& parts, std::size_t index,
               AuthenticationResults& out) {
    if (index >= parts.size()) return;
    auto words = message::field_words(parts[index]);
    if (words.empty()) {
        read_results(parts, index + 1, out);
        return;
    }
    if (words[0].find('=') != std::string::npos) {
        read_results(parts, index, out);
        return;
    }
    out.authserv_id = base::to_lower_ascii(words[0]);
    // "example.net 1 none" has no ';' before none.
    if (words.size() > 1 && base::iequals_ascii(words.back(), "none")) out.is_none = true;
    read_results(parts, index + 1, out);
}

} // namespace

AuthenticationResults parse_authentication_results(std::string_view value) {
    AuthenticationResults out;
    read_head(message::split_outside_comments(value, ';'), 0, out);
    return out;
}

AuthenticationResults parse_arc_authentication_results(std::string_view value) {
    AuthenticationResults out;
    auto parts = message::split_outside_comments(value, ';');
    std::size_t index = 0;
    if (!parts.empty()) {
        std::string_view first = base::trim(parts[0]);
        if (base::istarts_with_ascii(first, "i=")) {
            int instance = 0;
            bool ok = first.size() > 2;
            for (char c : first.substr(2)) {
                if (!std::isdigit(static_cast<unsigned char>(c)) || instance > 1000) {
                    ok = false;
                    break;
                }
                instance = instance * 10 + (c - '0');
            }
            if (ok) out.arc_instance = instance;
            index = 1;
        }
    }
    read_head(parts, index, out);
    return out;
}

std::optional<AuthResult> normalize_auth_result(std::string_view result) {
    static constexpr AuthResult kResults[] = {AuthResult::Pass,      AuthResult::Fail,      AuthResult::SoftFail,
                                              AuthResult::Neutral,   AuthResult::None,      AuthResult::TempError,
                                              AuthResult::PermError, AuthResult::Policy};
    std::string r = base::to_lower_ascii(base::trim(result));
    for (auto k : kResults)
        if (r == to_string(k)) return k;
    if (r == "hardfail") return AuthResult::Fail;      // RFC 5451 spelling
    if (r == "bestguesspass") return AuthResult::None; // Microsoft: no DMARC record published
    if (r == "error") return AuthResult::TempError;
    return std::nullopt;
}

std::optional<AuthResult> parse_received_spf(std::string_view value) {
    std::string_view s = base::trim(value);
    std::size_t end = 0;
    while (end < s.size() && std::isalpha(static_cast<unsigned char>(s[end]))) ++end;
    return normalize_auth_result(s.substr(0, end));
}

namespace {

// A host name, or the domain of an address, as a Received-SPF reporter: lower-case letters,
// digits, '-' and '.', with at least one dot. Anything else ("<unknown>") names no host.
std::optional<std::string> reporter_host(std::string_view text) {
    std::string_view v = base::trim(text);
    while (!v.empty() && (v.front() == '<' || v.front() == '"')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == '>' || v.back() == '"' || v.back() == '.')) v.remove_suffix(1);
    if (std::size_t at = v.rfind('@'); at != std::string_view::npos) v.remove_prefix(at + 1);
    if (v.empty() || v.find('.') == std::string_view::npos || v.front() == '.') return std::nullopt;
    for (char c : v)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') return std::nullopt;
    return base::to_lower_ascii(v);
}

} // namespace

std::optional<std::string> received_spf_reporter(std::string_view value) {
    const std::string lower = base::to_lower_ascii(value);
    constexpr std::string_view kReceiver = "receiver=";
    for (std::size_t pos = lower.find(kReceiver); pos != std::string::npos; pos = lower.find(kReceiver, pos + 1)) {
        char before = pos == 0 ? ' ' : lower[pos - 1];
        if (std::isalnum(static_cast<unsigned char>(before)) || before == '-' || before == '_') continue;
        std::size_t begin = pos + kReceiver.size();
        std::size_t end = lower.find_first_of(" ;\t\r\n)", begin);
        if (auto host = reporter_host(std::string_view(lower).substr(begin, end == std::string::npos ? std::string::npos : end - begin)))
            return host;
        break;
    }
    // "Pass (mx.example.jp: domain of …)": the result word, then a comment naming the host.
    std::size_t i = 0;
    while (i < lower.size() && is_wsp(lower[i])) ++i;
    while (i < lower.size() && std::isalpha(static_cast<unsigned char>(lower[i]))) ++i;
    while (i < lower.size() && is_wsp(lower[i])) ++i;
    if (i >= lower.size() || lower[i] != '(') return std::nullopt;
    std::size_t begin = i + 1;
    std::size_t end = lower.find_first_of(":) \t\r\n", begin);
    if (end == std::string::npos || lower[end] != ':') return std::nullopt;
    return reporter_host(std::string_view(lower).substr(begin, end - begin));
}

std::optional<DkimSignature> parse_dkim_signature(std::string_view value) {
    DkimSignature sig;
    for (const auto& tag : message::split_outside_comments(value, ';')) {
        std::string_view t = base::trim(tag);
        auto eq = t.find('=');
        if (eq == std::string_view::npos) continue;
        std::string_view name = base::trim(t.substr(0, eq));
        std::string v = base::collapse_whitespace(t.substr(eq + 1));
        std::erase(v, ' '); // RFC 6376 §3.2: whitespace inside tag values is ignored
        if (base::iequals_ascii(name, "d")) sig.domain = base::to_lower_ascii(v);
        else if (base::iequals_ascii(name, "s")) sig.selector = v;
    }
    if (sig.domain.empty()) return std::nullopt;
    return sig;
}

} // namespace mikiwame::auth

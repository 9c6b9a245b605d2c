// SPDX-License-Identifier: Apache-2.0
// SPF check_host() (RFC 7208 §4–§8). The record is parsed whole before evaluation (a syntax
// error anywhere is a permerror), then mechanisms are evaluated left to right.
#include "auth/spf.h"

#include <fmt/format.h>

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <ctime>

#include "base/text.h"

namespace mikiwame::auth {
namespace {

constexpr std::size_t kMaxLookups = 10;
constexpr std::size_t kMaxVoidLookups = 2;
constexpr std::size_t kMaxAddressLookups = 10; // per mx / ptr evaluation (§4.6.4)
constexpr int kMaxDepth = 20;                  // include/redirect nesting, besides the lookup limit

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }

std::string lower(std::string_view s) { return base::to_lower_ascii(s); }

// toplabel (RFC 7208 §7.1): alphanumeric with a letter, or alphanumerics with inner hyphens.
bool is_toplabel(std::string_view label) {
    if (label.empty()) return false;
    bool has_alpha = false, all_alnum = true;
    for (char c : label) {
        if (is_alpha(c)) has_alpha = true;
        if (!is_alnum(c)) all_alnum = false;
    }
    if (all_alnum) return has_alpha;
    if (!is_alnum(label.front()) || !is_alnum(label.back())) return false;
    return std::all_of(label.begin(), label.end(), [](char c) { return is_alnum(c) || c == '-'; });
}

// The address of an ip4:/ip6: mechanism, kept in its family ("ip6:::ffff:1.2.3.4" stays IPv6).
std::optional<net::IpAddress> parse_network(const std::string& text, bool v6) {
    net::IpAddress ip;
    ip.is_v6 = v6;
    if (inet_pton(v6 ? AF_INET6 : AF_INET, text.c_str(), ip.bytes.data()) != 1) return std::nullopt;
    return ip;
}

// A macro-string's syntax (§7.1); `explain` also allows spaces (explain-string).
bool valid_macro_string(std::string_view s, bool explain) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '%') {
            if (i + 1 >= s.size()) return false;
            const char n = s[++i];
            if (n == '%' || n == '_' || n == '-') continue;
            if (n != '{') return false;
            std::size_t j = i + 1;
            if (j >= s.size()) return false;
            const char letter = static_cast<char>(std::tolower(static_cast<unsigned char>(s[j])));
            if (std::string_view("slodiphcrtv").find(letter) == std::string_view::npos) return false;
            if (!explain && (letter == 'c' || letter == 'r' || letter == 't')) return false;
            ++j;
            std::size_t digits = 0;
            while (j < s.size() && is_digit(s[j])) ++j, ++digits;
            if (j < s.size() && (s[j] == 'r' || s[j] == 'R')) ++j;
            while (j < s.size() && std::string_view(".-+,/_=").find(s[j]) != std::string_view::npos) ++j;
            if (j >= s.size() || s[j] != '}') return false;
            i = j;
            continue;
        }
        if (c == ' ' && explain) continue;
        if (c < 0x21 || c > 0x7e) return false;
    }
    return true;
}

// domain-spec = macro-string domain-end; domain-end = "." toplabel ["."] / macro-expand.
bool valid_domain_spec(std::string_view s) {
    if (s.empty() || !valid_macro_string(s, false)) return false;
    if (s.back() == '}') {
        // ends with a macro-expand: find its "%{" (no '}' inside a macro)
        std::size_t open = s.rfind("%{");
        if (open != std::string_view::npos && (open == 0 || s[open - 1] != '%')) return true;
    }
    std::string_view t = s;
    if (t.back() == '.') t.remove_suffix(1);
    const std::size_t dot = t.rfind('.');
    if (dot == std::string_view::npos) return false;
    return is_toplabel(t.substr(dot + 1));
}

// "/N" with no leading zero and at most `max` (ip4/ip6-cidr-length); -1 when not one.
int parse_cidr_digits(std::string_view d, int max) {
    if (d.empty() || d.size() > 3 || !std::all_of(d.begin(), d.end(), is_digit)) return -2;
    if (d.size() > 1 && d[0] == '0') return -2;
    const int v = std::stoi(std::string(d));
    return v > max ? -2 : v;
}

bool parse_ip4_text(std::string_view s) {
    int parts = 0;
    std::size_t i = 0;
    while (i <= s.size()) {
        std::size_t j = i;
        while (j < s.size() && is_digit(s[j])) ++j;
        if (j == i || j - i > 3) return false;
        if (std::stoi(std::string(s.substr(i, j - i))) > 255) return false;
        ++parts;
        if (j == s.size()) break;
        if (s[j] != '.') return false;
        i = j + 1;
    }
    return parts == 4;
}

std::optional<SpfTerm> parse_term(std::string_view term, std::string& error) {
    SpfTerm t;
    // Modifier: name "=" macro-string, name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ).
    const std::size_t stop = term.find_first_of(":/=");
    if (stop != std::string_view::npos && term[stop] == '=') {
        std::string_view name = term.substr(0, stop);
        if (name.empty() || !is_alpha(name[0]) ||
            !std::all_of(name.begin(), name.end(), [](char c) { return is_alnum(c) || c == '-' || c == '_' || c == '.'; })) {
            error = fmt::format("bad modifier name in '{}'", term);
            return std::nullopt;
        }
        t.kind = SpfTerm::Kind::Modifier;
        t.name = lower(name);
        t.value = std::string(term.substr(stop + 1));
        const bool domain = t.name == "redirect" || t.name == "exp";
        if (domain ? !valid_domain_spec(t.value) : !valid_macro_string(t.value, false)) {
            error = fmt::format("bad value in '{}'", term);
            return std::nullopt;
        }
        return t;
    }
    if (!term.empty() && std::string_view("+-~?").find(term[0]) != std::string_view::npos) {
        t.qualifier = term[0];
        term.remove_prefix(1);
    }
    std::size_t name_end = term.find_first_of(":/");
    t.name = lower(term.substr(0, name_end));
    std::string_view rest = name_end == std::string_view::npos ? std::string_view() : term.substr(name_end);
    auto bad = [&]() -> std::optional<SpfTerm> {
        error = fmt::format("bad mechanism '{}'", term);
        return std::nullopt;
    };
    if (t.name == "all") {
        if (!rest.empty()) return bad();
    } else if (t.name == "include" || t.name == "exists") {
        if (rest.size() < 2 || rest[0] != ':') return bad();
        t.value = std::string(rest.substr(1));
        if (!valid_domain_spec(t.value)) return bad();
    } else if (t.name == "a" || t.name == "mx") {
        // [":" domain-spec] [ip4-cidr] ["//" ip6-cidr], read from the right.
        std::string_view spec = rest;
        if (std::size_t dd = spec.rfind("//"); dd != std::string_view::npos) {
            std::string_view d = spec.substr(dd + 2);
            if (!d.empty() && std::all_of(d.begin(), d.end(), is_digit)) {
                t.cidr6 = parse_cidr_digits(d, 128);
                if (t.cidr6 < 0) return bad();
                spec = spec.substr(0, dd);
            }
        }
        if (std::size_t sl = spec.rfind('/'); sl != std::string_view::npos) {
            std::string_view d = spec.substr(sl + 1);
            if (!d.empty() && std::all_of(d.begin(), d.end(), is_digit)) {
                t.cidr4 = parse_cidr_digits(d, 32);
                if (t.cidr4 < 0) return bad();
                spec = spec.substr(0, sl);
            }
        }
        if (!spec.empty()) {
            if (spec[0] != ':' || spec.size() < 2) return bad();
            t.value = std::string(spec.substr(1));
            if (!valid_domain_spec(t.value)) return bad();
        }
    } else if (t.name == "ptr") {
        if (!rest.empty()) {
            if (rest[0] != ':' || rest.size() < 2) return bad();
            t.value = std::string(rest.substr(1));
            if (!valid_domain_spec(t.value)) return bad();
        }
    } else if (t.name == "ip4" || t.name == "ip6") {
        if (rest.size() < 2 || rest[0] != ':') return bad();
        std::string_view net = rest.substr(1);
        const bool v6 = t.name == "ip6";
        if (std::size_t sl = net.find('/'); sl != std::string_view::npos) {
            const int c = parse_cidr_digits(net.substr(sl + 1), v6 ? 128 : 32);
            if (c < 0) return bad();
            (v6 ? t.cidr6 : t.cidr4) = c;
            net = net.substr(0, sl);
        }
        if (v6) {
            unsigned char buf[16];
            if (net.size() > 45 || inet_pton(AF_INET6, std::string(net).c_str(), buf) != 1) return bad();
        } else if (!parse_ip4_text(net)) {
            return bad();
        }
        t.value = std::string(net);
    } else {
        error = fmt::format("unknown mechanism '{}'", term);
        return std::nullopt;
    }
    return t;
}

} // namespace

std::optional<SpfRecord> parse_spf_record(std::string_view text, std::string* error) {
    std::string err;
    auto fail = [&](std::string why) -> std::optional<SpfRecord> {
        if (error) *error = std::move(why);
        return std::nullopt;
    };
    if (text.size() < 6 || lower(text.substr(0, 6)) != "v=spf1" || (text.size() > 6 && text[6] != ' '))
        return fail("not an SPF version 1 record");
    SpfRecord record;
    std::size_t i = 6;
    while (i < text.size()) {
        if (text[i] == ' ') {
            ++i;
            continue;
        }
        std::size_t j = text.find(' ', i);
        if (j == std::string_view::npos) j = text.size();
        auto term = parse_term(text.substr(i, j - i), err);
        if (!term) return fail(err);
        if (term->kind == SpfTerm::Kind::Modifier) {
            if (term->name == "redirect") {
                if (record.redirect) return fail("two redirect= modifiers");
                record.redirect = term->value;
            } else if (term->name == "exp") {
                if (record.exp) return fail("two exp= modifiers");
                record.exp = term->value;
            }
        }
        record.terms.push_back(std::move(*term));
        i = j;
    }
    return record;
}

namespace {

struct Outcome {
    AuthResult result = AuthResult::Neutral;
    std::string mechanism;
    std::string explanation;
};

class Evaluator {
public:
    Evaluator(const SpfQuery& q, Resolver& r) : q_(q), resolver_(r) {
        ip_ = q.ip;
        // An IPv4-mapped IPv6 client is its IPv4 address (§5).
        if (ip_.is_v6) {
            static constexpr std::uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
            if (std::equal(mapped, mapped + 12, ip_.bytes.begin())) {
                net::IpAddress v4;
                std::copy(ip_.bytes.begin() + 12, ip_.bytes.end(), v4.bytes.begin());
                ip_ = v4;
            }
        }
        std::string_view sender = q.sender;
        if (const std::size_t at = sender.rfind('@'); at != std::string_view::npos) {
            local_ = std::string(sender.substr(0, at));
            sender_domain_ = std::string(sender.substr(at + 1));
        } else {
            sender_domain_ = std::string(sender);
        }
        if (local_.empty()) local_ = "postmaster";
        sender_ = local_ + "@" + sender_domain_;
    }

    std::size_t lookups = 0;

    Outcome check_host(const std::string& domain, int depth) {
        if (depth > kMaxDepth) return perm("include/redirect nesting too deep");
        DnsAnswer txt = resolver_.query(domain, RrType::TXT);
        if (!txt.ok()) return {AuthResult::TempError, fmt::format("TXT {}: {}", domain, to_string(txt.status)), {}};
        std::vector<std::string> spf;
        for (const auto& r : txt.records)
            if (r.size() >= 6 && lower(std::string_view(r).substr(0, 6)) == "v=spf1" && (r.size() == 6 || r[6] == ' ')) spf.push_back(r);
        if (spf.empty()) return {AuthResult::None, fmt::format("no SPF record at {}", domain), {}};
        if (spf.size() > 1) return perm(fmt::format("{} SPF records at {}", spf.size(), domain));
        std::string err;
        auto record = parse_spf_record(spf[0], &err);
        if (!record) return perm(fmt::format("{}: {}", domain, err));

        for (const auto& term : record->terms) {
            if (term.kind != SpfTerm::Kind::Mechanism) continue;
            auto m = match(term, domain, depth);
            if (m.error) return *m.error;
            if (!m.matched) continue;
            Outcome out;
            switch (term.qualifier) {
            case '-': out.result = AuthResult::Fail; break;
            case '~': out.result = AuthResult::SoftFail; break;
            case '?': out.result = AuthResult::Neutral; break;
            default: out.result = AuthResult::Pass; break;
            }
            out.mechanism = describe(term);
            if (out.result == AuthResult::Fail && record->exp) out.explanation = explain(*record->exp, domain);
            return out;
        }
        if (record->redirect) {
            if (!count_lookup()) return perm("more than 10 DNS-querying terms");
            auto target = expand_domain(*record->redirect, domain);
            if (!target) return perm("bad macro in redirect=");
            if (!valid_target(*target)) return perm(fmt::format("redirect= to an invalid name '{}'", *target));
            Outcome out = check_host(*target, depth + 1);
            if (out.result == AuthResult::None) return perm(fmt::format("redirect= to {} that has no SPF record", *target));
            return out;
        }
        return {AuthResult::Neutral, "no mechanism matched (default neutral)", {}};
    }

    // Initial processing (§4.3): a malformed domain is none, not an error.
    static bool valid_initial_domain(std::string_view d) {
        if (d.empty() || d.size() > 253 || d.find('.') == std::string_view::npos) return false;
        std::string_view t = d;
        if (t.back() == '.') t.remove_suffix(1);
        for (std::size_t i = 0; i <= t.size();) {
            std::size_t j = t.find('.', i);
            if (j == std::string_view::npos) j = t.size();
            if (j == i || j - i > 63) return false;
            i = j + 1;
        }
        return !(d.front() == '[');
    }

    const std::string& sender_domain() const { return sender_domain_; }

private:
    struct Match {
        bool matched = false;
        std::optional<Outcome> error;
    };

    static Outcome perm(std::string why) { return {AuthResult::PermError, std::move(why), {}}; }
    static Outcome temp(std::string why) { return {AuthResult::TempError, std::move(why), {}}; }

    static std::string describe(const SpfTerm& t) {
        std::string s;
        if (t.qualifier != '+') s += t.qualifier;
        s += t.name;
        if (!t.value.empty()) s += ":" + t.value;
        if (t.cidr4 >= 0) s += fmt::format("/{}", t.cidr4);
        if (t.cidr6 >= 0) s += fmt::format("//{}", t.cidr6);
        return s;
    }

    bool count_lookup() { return ++lookups <= kMaxLookups; }
    // false when the void-lookup limit is passed.
    bool note_void(const DnsAnswer& a) {
        if (a.is_void()) ++voids_;
        return voids_ <= kMaxVoidLookups;
    }

    // Labels of 1..63 octets, total at most 253: a name that can be asked.
    static bool valid_target(std::string_view d) {
        if (d.empty()) return false;
        if (d.back() == '.') d.remove_suffix(1);
        if (d.empty() || d.size() > 253) return false;
        for (std::size_t i = 0; i <= d.size();) {
            std::size_t j = d.find('.', i);
            if (j == std::string_view::npos) j = d.size();
            if (j == i || j - i > 63) return false;
            i = j + 1;
        }
        return true;
    }

    static bool in_network(const net::IpAddress& ip, const net::IpAddress& base, int prefix) {
        if (ip.is_v6 != base.is_v6) return false;
        net::Cidr c{base, prefix};
        return net::cidr_contains(c, ip);
    }

    // The client's addresses among a name's A/AAAA records, `cidr` wide.
    Match address_match(const std::string& name, int cidr4, int cidr6, bool count_void, std::size_t* queried = nullptr) {
        Match m;
        const RrType type = ip_.is_v6 ? RrType::AAAA : RrType::A;
        DnsAnswer a = resolver_.query(name, type);
        if (queried) ++*queried;
        if (!a.ok()) {
            m.error = temp(fmt::format("{} {}: {}", to_string(type), name, to_string(a.status)));
            return m;
        }
        if (count_void && !note_void(a)) {
            m.error = perm("more than 2 void DNS lookups");
            return m;
        }
        const int prefix = ip_.is_v6 ? (cidr6 < 0 ? 128 : cidr6) : (cidr4 < 0 ? 32 : cidr4);
        for (const auto& r : a.records)
            if (auto addr = net::parse_ip(r); addr && in_network(ip_, *addr, prefix)) m.matched = true;
        return m;
    }

    // The names of the client's PTR records that resolve back to it (§5.5), at most 10 tried.
    std::vector<std::string> validated_names(bool* error) {
        std::vector<std::string> out;
        DnsAnswer ptr = resolver_.query(reverse_name(), RrType::PTR);
        if (error) *error = !ptr.ok();
        if (ptr.status != DnsStatus::Answer) return out;
        std::size_t tried = 0;
        for (const auto& name : ptr.records) {
            if (tried++ >= kMaxAddressLookups) break;
            DnsAnswer a = resolver_.query(name, ip_.is_v6 ? RrType::AAAA : RrType::A);
            for (const auto& r : a.records)
                if (auto addr = net::parse_ip(r); addr && addr->bytes == ip_.bytes && addr->is_v6 == ip_.is_v6) {
                    out.push_back(lower(name));
                    break;
                }
        }
        return out;
    }

    static bool is_same_or_sub(std::string_view name, std::string_view domain) {
        std::string n = lower(name), d = lower(domain);
        if (!n.empty() && n.back() == '.') n.pop_back();
        if (!d.empty() && d.back() == '.') d.pop_back();
        return n == d || (n.size() > d.size() && n.compare(n.size() - d.size(), d.size(), d) == 0 && n[n.size() - d.size() - 1] == '.');
    }

    Match match(const SpfTerm& t, const std::string& domain, int depth) {
        Match m;
        auto target_of = [&](const std::string& spec) -> std::optional<std::string> {
            if (spec.empty()) return domain;
            return expand_domain(spec, domain);
        };
        if (t.name == "all") {
            m.matched = true;
        } else if (t.name == "ip4" || t.name == "ip6") {
            auto base = parse_network(t.value, t.name == "ip6");
            if (base) m.matched = in_network(ip_, *base, t.name == "ip6" ? (t.cidr6 < 0 ? 128 : t.cidr6) : (t.cidr4 < 0 ? 32 : t.cidr4));
        } else {
            if (!count_lookup()) {
                m.error = perm("more than 10 DNS-querying terms");
                return m;
            }
            auto target = target_of(t.value);
            if (!target) {
                m.error = perm(fmt::format("bad macro in {}", describe(t)));
                return m;
            }
            if (!valid_target(*target)) {
                // An expansion that is not a name (empty label) cannot match anything (§4.8).
                if (t.name == "include") m.error = perm(fmt::format("include of an invalid name '{}'", *target));
                return m;
            }
            if (t.name == "include") {
                Outcome inner = check_host(*target, depth + 1);
                switch (inner.result) {
                case AuthResult::Pass: m.matched = true; break;
                case AuthResult::TempError: m.error = inner; break;
                case AuthResult::PermError: m.error = inner; break;
                case AuthResult::None:
                    m.error = perm(fmt::format("include:{} has no SPF record", *target));
                    break;
                default: break;
                }
            } else if (t.name == "a") {
                m = address_match(*target, t.cidr4, t.cidr6, true);
            } else if (t.name == "mx") {
                DnsAnswer mx = resolver_.query(*target, RrType::MX);
                if (!mx.ok()) {
                    m.error = temp(fmt::format("MX {}: {}", *target, to_string(mx.status)));
                    return m;
                }
                if (!note_void(mx)) {
                    m.error = perm("more than 2 void DNS lookups");
                    return m;
                }
                if (mx.records.size() > kMaxAddressLookups) {
                    m.error = perm(fmt::format("MX {} has more than 10 records", *target));
                    return m;
                }
                for (const auto& r : mx.records) {
                    const std::size_t sp = r.find(' ');
                    const std::string host = sp == std::string::npos ? r : r.substr(sp + 1);
                    if (host == "." || host.empty()) continue;
                    Match a = address_match(host, t.cidr4, t.cidr6, false);
                    if (a.error) return a;
                    if (a.matched) {
                        m.matched = true;
                        break;
                    }
                }
            } else if (t.name == "ptr") {
                bool error = false;
                for (const auto& name : validated_names(&error))
                    if (is_same_or_sub(name, *target)) m.matched = true;
            } else if (t.name == "exists") {
                DnsAnswer a = resolver_.query(*target, RrType::A);
                if (!a.ok()) {
                    m.error = temp(fmt::format("A {}: {}", *target, to_string(a.status)));
                    return m;
                }
                if (!note_void(a)) {
                    m.error = perm("more than 2 void DNS lookups");
                    return m;
                }
                m.matched = a.status == DnsStatus::Answer;
            }
        }
        return m;
    }

    std::string reverse_name() const {
        if (!ip_.is_v6) return fmt::format("{}.{}.{}.{}.in-addr.arpa", ip_.bytes[3], ip_.bytes[2], ip_.bytes[1], ip_.bytes[0]);
        std::string out;
        static const char* hex = "0123456789abcdef";
        for (int i = 15; i >= 0; --i) {
            out += hex[ip_.bytes[i] & 0xf];
            out += '.';
            out += hex[ip_.bytes[i] >> 4];
            out += '.';
        }
        return out + "ip6.arpa";
    }

    std::string macro_value(char letter, const std::string& domain) {
        switch (letter) {
        case 's': return sender_;
        case 'l': return local_;
        case 'o': return sender_domain_;
        case 'd': return domain;
        case 'i': {
            if (!ip_.is_v6) return ip_.to_string();
            std::string out;
            static const char* hex = "0123456789abcdef";
            for (int i = 0; i < 16; ++i) {
                if (i) out += '.';
                out += hex[ip_.bytes[i] >> 4];
                out += '.';
                out += hex[ip_.bytes[i] & 0xf];
            }
            return out;
        }
        case 'p': {
            auto names = validated_names(nullptr);
            if (names.empty()) return "unknown";
            for (const auto& n : names)
                if (is_same_or_sub(n, domain)) return n;
            return names.front();
        }
        case 'v': return ip_.is_v6 ? "ip6" : "in-addr";
        case 'h': return q_.helo;
        case 'c': return ip_.to_string();
        case 'r': return "unknown";
        case 't': return std::to_string(static_cast<long long>(std::time(nullptr)));
        default: return {};
        }
    }

    static std::string url_escape(std::string_view s) {
        std::string out;
        for (unsigned char c : s) {
            if (is_alnum(static_cast<char>(c)) || c == '-' || c == '.' || c == '_' || c == '~') out += static_cast<char>(c);
            else out += fmt::format("%{:02X}", c);
        }
        return out;
    }

    // Macro expansion (§7); nullopt on a syntax error.
    std::optional<std::string> expand(std::string_view s, const std::string& domain, bool explain) {
        if (!valid_macro_string(s, explain)) return std::nullopt;
        std::string out;
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s[i] != '%') {
                out += s[i];
                continue;
            }
            const char n = s[++i];
            if (n == '%') { out += '%'; continue; }
            if (n == '_') { out += ' '; continue; }
            if (n == '-') { out += "%20"; continue; }
            std::size_t j = i + 1;
            const char raw = s[j++];
            const char letter = static_cast<char>(std::tolower(static_cast<unsigned char>(raw)));
            std::size_t keep = 0;
            bool has_digits = false;
            while (is_digit(s[j])) {
                has_digits = true;
                keep = std::min<std::size_t>(keep * 10 + static_cast<std::size_t>(s[j] - '0'), 1000);
                ++j;
            }
            if (has_digits && keep == 0) return std::nullopt;
            bool reverse = false;
            if (s[j] == 'r' || s[j] == 'R') reverse = true, ++j;
            std::string delims;
            while (s[j] != '}') delims += s[j++];
            if (delims.empty()) delims = ".";
            i = j;
            std::string value = macro_value(letter, domain);
            std::vector<std::string> parts;
            std::string cur;
            for (char c : value) {
                if (delims.find(c) != std::string::npos) {
                    parts.push_back(cur);
                    cur.clear();
                } else {
                    cur += c;
                }
            }
            parts.push_back(cur);
            if (reverse) std::reverse(parts.begin(), parts.end());
            if (has_digits && keep < parts.size()) parts.erase(parts.begin(), parts.end() - static_cast<std::ptrdiff_t>(keep));
            std::string joined;
            for (std::size_t k = 0; k < parts.size(); ++k) {
                if (k) joined += '.';
                joined += parts[k];
            }
            out += std::isupper(static_cast<unsigned char>(raw)) ? url_escape(joined) : joined;
        }
        return out;
    }

    std::optional<std::string> expand_domain(std::string_view spec, const std::string& domain) {
        auto out = expand(spec, domain, false);
        if (!out) return out;
        // Longer than 253: drop labels from the left (§7.3).
        while (out->size() > 253) {
            const std::size_t dot = out->find('.');
            if (dot == std::string::npos) break;
            out->erase(0, dot + 1);
        }
        return out;
    }

    std::string explain(const std::string& spec, const std::string& domain) {
        auto target = expand_domain(spec, domain);
        if (!target || !valid_target(*target)) return {};
        DnsAnswer txt = resolver_.query(*target, RrType::TXT);
        if (txt.status != DnsStatus::Answer || txt.records.size() != 1) return {};
        auto text = expand(txt.records[0], domain, true);
        if (!text) return {};
        for (unsigned char c : *text)
            if (c >= 0x80) return {}; // §6.2: US-ASCII only
        return *text;
    }

    const SpfQuery& q_;
    Resolver& resolver_;
    net::IpAddress ip_;
    std::string local_, sender_domain_, sender_;
    std::size_t voids_ = 0;
};

SpfCheck run(const SpfQuery& q, Resolver& resolver) {
    Evaluator ev(q, resolver);
    SpfCheck out;
    out.domain = lower(ev.sender_domain());
    if (!Evaluator::valid_initial_domain(ev.sender_domain())) {
        out.result = AuthResult::None;
        out.mechanism = fmt::format("'{}' is not a domain SPF applies to", ev.sender_domain());
        return out;
    }
    Outcome o = ev.check_host(ev.sender_domain(), 0);
    out.result = o.result;
    out.mechanism = o.mechanism;
    out.explanation = o.explanation;
    out.lookups = ev.lookups;
    return out;
}

} // namespace

SpfCheck check_spf(const SpfQuery& query, Resolver& resolver) {
    SpfQuery q = query;
    if (q.sender.empty()) q.sender = "postmaster@" + q.helo;
    else if (q.sender.find('@') == std::string::npos) q.sender = "postmaster@" + q.sender;
    return run(q, resolver);
}

SpfCheck check_spf_helo(const SpfQuery& query, Resolver& resolver) {
    SpfQuery q = query;
    q.sender = "postmaster@" + q.helo;
    return run(q, resolver);
}

} // namespace mikiwame::auth

// SPDX-License-Identifier: Apache-2.0
// Received-header parser: a one-pass tokenizer (words, comments, address literals) and
// clause split on the RFC 5321 §4.4 keywords, then per-dialect reading of the FROM clause.
#include "headers/received_parser.h"

#include <array>
#include <cctype>
#include <vector>

#include "base/text.h"
#include "net/ip_address.h"

namespace mikiwame::headers {
namespace {

enum class TokKind { Word, Paren, Bracket, Punct };

struct Tok {
    TokKind kind = TokKind::Word;
    std::string_view text; // inner text for Paren/Bracket, the word or punctuation otherwise
    std::string_view full; // as written, with the delimiters
    std::size_t pos = 0;   // offset of `full` in the tokenized string
    bool spaced = true;    // whitespace (or the start) precedes the token
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// One pass over `s`. Comments nest (RFC 5322 §3.2.2); an unterminated one runs to the end,
// so every byte is visited a constant number of times whatever the nesting.
std::vector<Tok> tokenize(std::string_view s) {
    std::vector<Tok> toks;
    std::size_t i = 0;
    const std::size_t n = s.size();
    bool spaced = true;
    while (i < n) {
        char c = s[i];
        if (is_space(c)) {
            spaced = true;
            ++i;
            continue;
        }
        Tok tok;
        tok.pos = i;
        tok.spaced = spaced;
        spaced = false;
        if (c == '(') {
            std::size_t depth = 1, j = i + 1;
            for (; j < n && depth > 0; ++j) {
                if (s[j] == '(') ++depth;
                else if (s[j] == ')') --depth;
            }
            std::size_t inner_end = depth == 0 ? j - 1 : n;
            tok.kind = TokKind::Paren;
            tok.text = s.substr(i + 1, inner_end - i - 1);
            tok.full = s.substr(i, j - i);
            i = j;
        } else if (c == '[') {
            std::size_t j = s.find(']', i + 1);
            std::size_t end = j == std::string_view::npos ? n : j + 1;
            tok.kind = TokKind::Bracket;
            tok.text = s.substr(i + 1, (j == std::string_view::npos ? n : j) - i - 1);
            tok.full = s.substr(i, end - i);
            i = end;
        } else if (c == ',' || c == ';') {
            tok.kind = TokKind::Punct;
            tok.text = tok.full = s.substr(i, 1);
            ++i;
        } else if (c == ')' || c == ']') {
            ++i; // stray closer: a separator, nothing more
            spaced = true;
            continue;
        } else {
            std::size_t j = i;
            while (j < n && !is_space(s[j]) && s[j] != '(' && s[j] != '[' && s[j] != ',' &&
                   s[j] != ';' && s[j] != ')')
                ++j;
            tok.kind = TokKind::Word;
            tok.text = tok.full = s.substr(i, j - i);
            i = j;
        }
        toks.push_back(tok);
    }
    return toks;
}

bool is_word(const Tok& t, std::string_view w) {
    return t.kind == TokKind::Word && base::iequals_ascii(t.text, w);
}

std::string_view strip_chars(std::string_view s, std::string_view chars) {
    while (!s.empty() && chars.find(s.front()) != std::string_view::npos) s.remove_prefix(1);
    while (!s.empty() && chars.find(s.back()) != std::string_view::npos) s.remove_suffix(1);
    return s;
}

std::optional<std::string> non_empty(std::string_view s) {
    if (s.empty()) return std::nullopt;
    return std::string(s);
}

// The RFC 5321 clause keywords; "via" is the TIS/Exchange spelling of the link type.
enum class Clause { None, From, By, Via, With, Id, For, EnvelopeFrom };

Clause clause_of(const Tok& t) {
    if (t.kind != TokKind::Word) return Clause::None;
    static constexpr std::array<std::pair<std::string_view, Clause>, 6> kKeywords{{
        {"from", Clause::From}, {"by", Clause::By}, {"via", Clause::Via},
        {"with", Clause::With}, {"id", Clause::Id}, {"for", Clause::For}}};
    for (const auto& [word, clause] : kKeywords)
        if (base::iequals_ascii(t.text, word)) return clause;
    return Clause::None;
}

struct Span {
    std::size_t begin = 0, end = 0; // token indices after the keyword
    bool present = false;
};

// What one comment inside the FROM clause says about the client.
struct ParenFacts {
    std::optional<std::string> ip;
    std::optional<std::string> rdns;
    std::optional<std::string> ident;
    std::optional<std::string> helo;
    bool has_explicit_helo = false;
    bool is_bare_ip = false;      // "(1.2.3.4)" or "(user@1.2.3.4)", qmail style
    bool bare_ip_has_port = false;
    bool bare_ip_spaced = false;  // "( 1.2.3.4)", as Scalix writes it after the HELO name
    bool is_name_only = false;    // "(helo.name)", Exim 3's HELO when it differs from rDNS
    bool verified = false;        // CommuniGate: "[ip] verified" = rDNS matched the HELO name
    bool rdns_unknown = false;
};

bool is_unknown_rdns(std::string_view w) {
    return base::iequals_ascii(w, "unknown") || base::iequals_ascii(w, "softdnserr") ||
           base::iequals_ascii(w, "dnserr");
}

ParenFacts read_from_comment(std::string_view inner) {
    ParenFacts f;
    std::string_view trimmed = base::trim(inner);
    // "(HELO )": qmail's record of an empty greeting.
    if (base::iequals_ascii(trimmed, "HELO") || base::iequals_ascii(trimmed, "EHLO")) {
        f.has_explicit_helo = true;
        return f;
    }
    // "(1.2.3.4)", "(user@1.2.3.4)", "(1.2.3.4:port)": qmail, Yahoo, CriticalPath, Exchange.
    if (!trimmed.empty() && trimmed.find_first_of(" \t()[]") == std::string_view::npos) {
        std::string_view addr = trimmed;
        std::optional<std::string> ident;
        if (auto at = addr.rfind('@'); at != std::string_view::npos) {
            ident = std::string(addr.substr(0, at));
            addr = addr.substr(at + 1);
        }
        if (auto ip = parse_received_ip(addr)) {
            f.ip = ip;
            f.ident = ident;
            f.is_bare_ip = true;
            f.bare_ip_spaced = !inner.empty() && is_space(inner.front());
            f.bare_ip_has_port = addr.find(':') != std::string_view::npos &&
                                 addr.find(':') == addr.rfind(':');
            return f;
        }
        if (!ident && trimmed.find('.') != std::string_view::npos &&
            trimmed.find('=') == std::string_view::npos) {
            f.is_name_only = true;
            return f;
        }
    }
    auto toks = tokenize(inner);
    for (std::size_t k = 0; k < toks.size(); ++k) {
        const Tok& t = toks[k];
        if (t.kind == TokKind::Word &&
            (is_word(t, "HELO") || is_word(t, "EHLO") || is_word(t, "LHLO"))) {
            f.has_explicit_helo = true;
            if (k + 1 < toks.size() &&
                (toks[k + 1].kind == TokKind::Word || toks[k + 1].kind == TokKind::Bracket)) {
                f.helo = std::string(toks[k + 1].full);
                ++k;
            }
        } else if (t.kind == TokKind::Word && base::istarts_with_ascii(t.text, "helo=")) {
            f.has_explicit_helo = true;
            f.helo = non_empty(t.text.substr(5));
        } else if (t.kind == TokKind::Bracket && !f.ip) {
            f.ip = parse_received_ip(t.text);
            if (!f.ip) continue;
            if (k > 0 && toks[k - 1].kind == TokKind::Word) {
                std::string_view name = toks[k - 1].text;
                if (auto at = name.rfind('@'); at != std::string_view::npos) {
                    f.ident = std::string(name.substr(0, at));
                    name = name.substr(at + 1);
                }
                if (is_unknown_rdns(name)) f.rdns_unknown = true;
                else if (!is_word(toks[k - 1], "account") && name.find('.') != std::string_view::npos)
                    f.rdns = std::string(strip_chars(name, "."));
                else if (base::iequals_ascii(name, "localhost"))
                    f.rdns = std::string(name);
            }
            if (k + 1 < toks.size() && is_word(toks[k + 1], "verified")) f.verified = true;
            if (k + 2 < toks.size() && is_word(toks[k + 1], "RDNS") && is_word(toks[k + 2], "failed"))
                f.rdns_unknown = true;
        }
    }
    return f;
}

// Markers that any comment may carry: TLS, authentication, envelope sender.
struct CommentMarks {
    std::optional<std::string> auth;
    std::optional<std::string> envelope_from;
    bool tls = false;
    bool exim = false;
    bool via_http = false;
};

void read_marks(std::string_view inner, CommentMarks& m) {
    std::string_view t = base::trim(inner);
    if (!m.auth) {
        // Sendmail: "(authenticated bits=0)"; CriticalPath: "(authenticated as user)";
        // Postfix: "(Authenticated sender: x)"; Courier/Merak: "(AUTH: LOGIN user, …)".
        if (base::istarts_with_ascii(t, "authenticated as")) m.auth = "CriticalPath";
        else if (base::istarts_with_ascii(t, "authenticated sender:")) m.auth = "Postfix";
        else if (base::istarts_with_ascii(t, "authenticated bits=") ||
                 base::istarts_with_ascii(t, "authenticated (") ||
                 base::iequals_ascii(t, "authenticated"))
            m.auth = "Sendmail";
        else if (base::istarts_with_ascii(t, "auth:")) {
            auto rest = base::trim(t.substr(5));
            auto end = rest.find_first_of(" \t,");
            auto method = rest.substr(0, end);
            if (!method.empty()) m.auth = std::string(method);
        }
    }
    if (!m.envelope_from) {
        for (std::string_view key : {"envelope-from", "envelope-sender"}) {
            if (!base::istarts_with_ascii(t, key)) continue;
            auto rest = base::trim(t.substr(key.size()));
            auto end = rest.find_first_of(" \t,;");
            auto addr = strip_chars(rest.substr(0, end), "<>\"");
            m.envelope_from = std::string(addr);
            break;
        }
    }
    static constexpr std::array<std::string_view, 8> kTlsMarks{
        "version=tls", "using tls", "tlsv1", "tls1_", "tls-1", "ssl:", "cipher=", "(tls"};
    if (!m.tls)
        for (auto mark : kTlsMarks)
            if (base::icontains_ascii(t.substr(0, 256), mark)) m.tls = true;
    if (base::istarts_with_ascii(t, "exim ") || base::icontains_ascii(t.substr(0, 64), "(exim "))
        m.exim = true;
    if (base::iequals_ascii(t, "via HTTP")) m.via_http = true;
}

bool is_ip_word(std::string_view w) { return parse_received_ip(w).has_value(); }

// Protocol names that say the client authenticated (RFC 3848 §2 and common spellings).
std::optional<std::string> auth_from_protocol(std::string_view proto) {
    static constexpr std::array<std::string_view, 9> kAuthProtocols{
        "ESMTPA", "ESMTPSA", "ASMTP", "LMTPA", "LMTPSA", "UTF8SMTPA", "UTF8SMTPSA",
        // Webmail submission: the user logged in to the web front end. "HTTPS" is left out:
        // Microsoft 365 uses it between its own mailbox servers, not for client logins.
        "HTTP", "HTTPU"};
    for (auto p : kAuthProtocols)
        if (base::iequals_ascii(proto, p)) return std::string(proto);
    return std::nullopt;
}

bool is_tls_protocol(std::string_view proto) {
    static constexpr std::array<std::string_view, 6> kTlsProtocols{
        "ESMTPS", "ESMTPSA", "SMTPS", "UTF8SMTPS", "UTF8SMTPSA", "LMTPS"};
    for (auto p : kTlsProtocols)
        if (base::iequals_ascii(proto, p)) return true;
    return false;
}

// GMX's submission servers are named "(mpNNN)"/"(mrgmxNNN)" in the BY comment; mail that went
// through them was sent by a logged-in user.
bool is_gmx_submission(std::string_view by, std::string_view comment) {
    if (!by.ends_with("gmx.net") && !by.ends_with("gmx.de")) return false;
    comment = base::trim(comment);
    if (comment.size() < 3 || !base::istarts_with_ascii(comment, "mp")) return false;
    for (char c : comment.substr(2))
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

} // namespace

std::optional<std::string> parse_received_ip(std::string_view text) {
    std::string_view s = base::trim(text);
    if (s.size() >= 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
    if (s.empty() || s.size() > 80) return std::nullopt;
    if (base::istarts_with_ascii(s, "ipv6:")) s.remove_prefix(5);
    std::string_view candidate = s;
    auto colon = s.find(':');
    if (colon != std::string_view::npos && colon == s.rfind(':') &&
        s.find('.') != std::string_view::npos && s.find('.') < colon)
        candidate = s.substr(0, colon); // "1.2.3.4:port"
    if (candidate.find(':') == std::string_view::npos) {
        // Exim 3 appends the port as a fifth dotted component: "10.0.8.6.13219".
        std::size_t dots = 0, fourth = std::string_view::npos;
        for (std::size_t i = 0; i < candidate.size(); ++i) {
            char c = candidate[i];
            if (c == '.') {
                if (++dots == 4) fourth = i;
            } else if (!std::isdigit(static_cast<unsigned char>(c))) {
                return std::nullopt;
            }
        }
        if (dots == 4) candidate = candidate.substr(0, fourth);
        else if (dots != 3) return std::nullopt;
    }
    auto ip = net::parse_ip(candidate);
    if (!ip) return std::nullopt;
    return ip->to_string();
}

ReceivedHop parse_received_hop(std::string_view value) {
    ReceivedHop hop;
    hop.raw = std::string(value);
    std::string_view s = base::trim(value);

    auto toks = tokenize(s);
    // "(from HELO [ip]) by …": some gateways put the whole FROM clause in a comment.
    if (!toks.empty() && toks.front().kind == TokKind::Paren &&
        base::istarts_with_ascii(base::trim(toks.front().text), "from ")) {
        auto inner = tokenize(toks.front().text);
        std::size_t base_pos = static_cast<std::size_t>(toks.front().text.data() - s.data());
        for (auto& t : inner) t.pos += base_pos;
        inner.insert(inner.end(), toks.begin() + 1, toks.end());
        toks = std::move(inner);
    }

    // RFC 5322 §3.6.7: the date-time follows the last ';' outside comments.
    std::size_t main_end = toks.size();
    for (std::size_t k = toks.size(); k-- > 0;) {
        if (toks[k].kind == TokKind::Punct && toks[k].text == ";") {
            main_end = k;
            break;
        }
    }
    CommentMarks marks;
    if (main_end < toks.size()) {
        // Some MTAs append clauses after the date: Courier's " id …", Postfix's
        // "(envelope-from …)". They end the date text.
        std::size_t date_begin = toks[main_end].pos + 1;
        std::size_t date_end = s.size();
        for (std::size_t k = main_end + 1; k < toks.size(); ++k) {
            const Tok& t = toks[k];
            if (is_word(t, "id") && k + 1 < toks.size() && toks[k + 1].kind == TokKind::Word) {
                hop.id = std::string(strip_chars(toks[k + 1].text, "<>"));
                date_end = std::min(date_end, t.pos);
                ++k;
            } else if (t.kind == TokKind::Paren &&
                       (base::istarts_with_ascii(base::trim(t.text), "envelope-"))) {
                read_marks(t.text, marks);
                date_end = std::min(date_end, t.pos);
            }
        }
        // Sendmail puts its TLS comment between ';' and the date: leading comments go.
        for (std::size_t k = main_end + 1; k < toks.size() && toks[k].kind == TokKind::Paren; ++k)
            date_begin = toks[k].pos + toks[k].full.size();
        if (date_end > date_begin) hop.date = non_empty(base::trim(s.substr(date_begin, date_end - date_begin)));
    }

    // Split the rest into clauses. The first FROM is the client; a later "from <addr>" is
    // XMail's envelope sender. Only the first of each other keyword counts.
    Span from, by, via, with, id, for_, env;
    Span* current = nullptr;
    for (std::size_t k = 0; k < main_end; ++k) {
        Clause c = clause_of(toks[k]);
        Span* next = nullptr;
        switch (c) {
        case Clause::From: next = from.present ? &env : &from; break;
        case Clause::By: next = &by; break;
        case Clause::Via: next = &via; break;
        case Clause::With: next = &with; break;
        case Clause::Id: next = &id; break;
        case Clause::For: next = &for_; break;
        default: break;
        }
        if (next && !next->present) {
            if (current) current->end = k;
            next->present = true;
            next->begin = k + 1;
            next->end = main_end;
            current = next;
        } else if (next && current) {
            current->end = k; // a repeated keyword ends the clause and is ignored
            current = nullptr;
        }
    }

    // Comments anywhere in the field can carry TLS, AUTH and envelope markers.
    for (std::size_t k = 0; k < main_end; ++k)
        if (toks[k].kind == TokKind::Paren) read_marks(toks[k].text, marks);

    auto first_word = [&](const Span& span) -> std::optional<std::string_view> {
        for (std::size_t k = span.begin; k < span.end; ++k) {
            if (toks[k].kind == TokKind::Word) return toks[k].text;
            if (toks[k].kind == TokKind::Bracket) return toks[k].full;
        }
        return std::nullopt;
    };

    if (by.present)
        if (auto w = first_word(by)) hop.by = non_empty(strip_chars(*w, ",;"));
    std::string protocol;
    if (with.present || via.present) {
        const Span& span = with.present ? with : via;
        std::string words;
        for (std::size_t k = span.begin; k < span.end && words.size() < 128; ++k) {
            if (toks[k].kind != TokKind::Word) continue;
            if (protocol.empty()) protocol = std::string(toks[k].text);
            if (!words.empty()) words += ' ';
            words += toks[k].text;
        }
        hop.with = non_empty(words);
    }
    if (id.present && !hop.id)
        if (auto w = first_word(id)) hop.id = non_empty(strip_chars(*w, "<>,;"));
    if (for_.present)
        if (auto w = first_word(for_)) hop.for_address = non_empty(strip_chars(*w, "<>,;"));
    if (env.present)
        if (auto w = first_word(env); w && w->find('@') != std::string_view::npos)
            hop.envelope_from = std::string(strip_chars(*w, "<>,;"));

    bool by_says_http = false;
    bool gmx = false;
    if (by.present) {
        for (std::size_t k = by.begin; k < by.end; ++k) {
            if (toks[k].kind != TokKind::Paren) continue;
            if (base::iequals_ascii(base::trim(toks[k].text), "via HTTP")) by_says_http = true;
            if (hop.by && is_gmx_submission(*hop.by, toks[k].text)) gmx = true;
        }
    }

    // The FROM clause: "from HEAD (comment) [literal] (comment) words…".
    bool helo_explicit = false, qmail_style = false, verified = false, attached_comment = false;
    bool claimed = false;
    std::optional<std::string> helo, rdns, ip, ident, name_only_helo;
    const Tok* head = nullptr;
    bool head_is_ip = false;
    if (from.present && from.begin < from.end) {
        std::size_t k = from.begin;
        if (toks[k].kind == TokKind::Word || toks[k].kind == TokKind::Bracket) {
            head = &toks[k];
            head_is_ip = is_ip_word(head->kind == TokKind::Word ? head->text : head->full);
            ++k;
        }
        for (; k < from.end; ++k) {
            const Tok& t = toks[k];
            if (t.kind == TokKind::Paren) {
                if (head && &t == head + 1 && !t.spaced && head->kind == TokKind::Word)
                    attached_comment = true; // "name(1.2.3.4)": TIS firewall toolkit smap
                ParenFacts f = read_from_comment(t.text);
                if (f.has_explicit_helo && !helo_explicit) {
                    helo_explicit = true;
                    helo = f.helo;
                }
                if (f.is_name_only && !name_only_helo && !ip)
                    name_only_helo = std::string(base::trim(t.text));
                if (f.ip && !ip) {
                    ip = f.ip;
                    rdns = f.rdns;
                    if (f.ident) ident = f.ident;
                    qmail_style = f.is_bare_ip && !f.bare_ip_has_port && !f.bare_ip_spaced;
                    verified = f.verified;
                    hop.rdns_unknown = f.rdns_unknown;
                }
            } else if (t.kind == TokKind::Bracket && !ip) {
                ip = parse_received_ip(t.text); // "HELO [ip]" without a comment
            } else if (is_word(t, "claiming") && k + 3 < from.end && is_word(toks[k + 1], "to") &&
                       is_word(toks[k + 2], "be")) {
                helo = std::string(strip_chars(toks[k + 3].text, "\""));
                claimed = true;
                k += 3;
            }
        }
    }
    bool head_used_as_ip = false;
    if (!ip && head && head_is_ip) {
        ip = parse_received_ip(head->kind == TokKind::Word ? head->text : head->full);
        head_used_as_ip = true;
    }
    bool head_is_name = head && head->kind == TokKind::Word && !head_is_ip;
    bool head_is_unknown = head && head->kind == TokKind::Word && is_unknown_rdns(head->text);
    if (!helo_explicit && !claimed && name_only_helo && head_is_name) {
        helo_explicit = true;
        helo = name_only_helo;
    }
    bool exchange = hop.with && base::icontains_ascii(*hop.with, "Microsoft SMTP Server");
    if (head_is_unknown) {
        hop.rdns_unknown = true;
    } else if (head && !rdns) {
        if (attached_comment) {
            rdns = std::string(head->text);
        } else if (helo_explicit && head->kind == TokKind::Word && (!head_is_ip || qmail_style)) {
            rdns = std::string(head->text); // "rdns (HELO x) (ip)", "rdns ([ip] helo=x)"
        } else if (head_is_name && (verified || (qmail_style && !exchange) || marks.exim)) {
            // CommuniGate "verified", qmail "rdns (ip)" and Exim "host ([ip])" all mean the
            // name is the client's reverse DNS, and the HELO said the same.
            rdns = std::string(head->text);
        }
    }
    // The head is the HELO name unless it is the reverse DNS name (see above), "unknown", or
    // a bare address the receiver wrote instead of any name.
    bool head_is_bare_ip = head_used_as_ip && head->kind == TokKind::Word;
    if (!helo_explicit && !claimed && head && !head_is_bare_ip && !head_is_unknown &&
        !attached_comment)
        helo = std::string(head->full);

    if (rdns) {
        auto trimmed = strip_chars(*rdns, ".");
        rdns = non_empty(trimmed);
    }
    hop.from_ip = ip;
    hop.from_rdns = rdns;
    hop.ident = ident;

    // Authentication: what the comments say first, then the protocol name (RFC 3848).
    if (marks.auth) hop.auth_method = marks.auth;
    else if (gmx) hop.auth_method = "GMX";
    else if (auto a = auth_from_protocol(protocol)) hop.auth_method = a;
    else if (by_says_http) hop.auth_method = "HTTP";
    hop.authenticated = hop.auth_method.has_value();
    bool is_http = hop.auth_method && base::istarts_with_ascii(*hop.auth_method, "HTTP");
    // A web front end has no SMTP greeting: the name before the address is not a HELO.
    hop.from_helo = is_http ? std::nullopt : helo;
    hop.tls = marks.tls || is_tls_protocol(protocol);
    if (!hop.envelope_from && marks.envelope_from) hop.envelope_from = non_empty(*marks.envelope_from);
    return hop;
}

} // namespace mikiwame::headers

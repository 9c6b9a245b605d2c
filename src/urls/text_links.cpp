// SPDX-License-Identifier: Apache-2.0
// Text linkifier. The text is first folded (full-width ASCII → ASCII, as NFKC does for those
// forms; ideographic space and full stop → ASCII) and un-defanged, keeping a byte map back to
// the original so `raw` and `offset` point at what was written. Candidates are then found by
// three scanners (scheme URLs and mailto:, e-mail addresses, bare hosts) and overlaps resolved.
#include "urls/text_links.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <array>
#include <cstdint>

#include "base/text.h"
#include "net/domain.h"

namespace mikiwame::urls {

namespace {

constexpr std::size_t kMaxHostBytes = 512;
constexpr std::size_t kMaxLocalPartBytes = 128;
constexpr std::size_t kMaxLinkBytes = 16384; // longer runs are cut; bounds quadratic scans
constexpr std::size_t kMinWrapColumn = 60;   // a line this long may have been hard-wrapped
constexpr std::size_t kMaxWrappedLines = 8;

// The folded text and, per folded byte, the offset in the original text of the character it
// came from (32 bits: parts are capped far below 4 GiB by max_decoded_text_bytes). The end of
// a character's source is the start of the next one's, so no second table is kept.
struct Folded {
    std::string text;
    std::vector<std::uint32_t> begin;
    std::vector<std::size_t> defanged_at; // folded offsets where defanging was undone
};

struct CodePoint {
    char32_t cp = 0;
    std::size_t len = 1;
};

CodePoint decode_at(std::string_view s, std::size_t i) {
    std::size_t next = i;
    const char32_t cp = base::decode_utf8(s, next);
    return {cp, next - i};
}

// The code point that ends just before byte i (or 0 at the start).
char32_t decode_before(std::string_view s, std::size_t i) {
    if (i == 0) return 0;
    std::size_t j = i - 1;
    std::size_t steps = 0;
    while (j > 0 && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80 && steps < 3) {
        --j;
        ++steps;
    }
    return decode_at(s, j).cp;
}

Folded fold(std::string_view text) {
    Folded f;
    f.text.reserve(text.size());
    f.begin.reserve(text.size());
    auto push = [&](std::string_view bytes, std::size_t from) {
        for (char b : bytes) {
            f.text.push_back(b);
            f.begin.push_back(static_cast<std::uint32_t>(from));
        }
    };
    for (std::size_t i = 0; i < text.size();) {
        CodePoint c = decode_at(text, i);
        if (c.cp >= 0xFF01 && c.cp <= 0xFF5E) {
            const char ascii = static_cast<char>(c.cp - 0xFEE0);
            push(std::string_view(&ascii, 1), i);
        } else if (c.cp == 0x3000) {
            push(" ", i);
        } else if (c.cp == 0x3002 || c.cp == 0xFF61) {
            push(".", i);
        } else {
            push(text.substr(i, c.len), i);
        }
        i += c.len;
    }
    return f;
}

struct DefangToken {
    std::string_view written;
    std::string_view meant;
};

constexpr std::array<DefangToken, 12> kDefangTokens{{
    {"[://]", "://"}, {"[:]", ":"}, {"[.]", "."}, {"(.)", "."}, {"{.}", "."}, {"[dot]", "."},
    {"(dot)", "."}, {"[@]", "@"}, {"(@)", "@"}, {"[at]", "@"}, {"[/]", "/"}, {"\\.", "."},
}};

bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_alnum(char c) { return is_ascii_alpha(c) || (c >= '0' && c <= '9'); }

// Undoes the defanging analysts and some phishers apply ("hxxps[:]//evil[.]example"), in
// place: no replacement is longer than what it replaces.
void undefang(Folded& f) {
    std::string& s = f.text;
    std::size_t out = 0;
    for (std::size_t i = 0; i < s.size();) {
        std::string_view meant;
        std::size_t written_len = 0;
        const std::string_view rest = std::string_view(s).substr(i);
        if ((s[i] == 'h' || s[i] == 'H') && rest.size() >= 4 && (i == 0 || !is_ascii_alpha(s[i - 1])) &&
            base::iequals_ascii(rest.substr(1, 3), "xxp")) {
            std::size_t j = 4;
            const bool secure = j < rest.size() && (rest[j] == 's' || rest[j] == 'S');
            if (secure) ++j;
            if (j < rest.size() && (rest[j] == ':' || rest[j] == '[')) {
                meant = secure ? "https" : "http";
                written_len = j;
            }
        } else if (s[i] == '[' || s[i] == '(' || s[i] == '{' || s[i] == '\\') {
            for (const auto& token : kDefangTokens) {
                if (base::istarts_with_ascii(rest, token.written)) {
                    // "\." only between name characters, so Windows paths stay as they are.
                    if (token.written == "\\." &&
                        (i == 0 || !is_ascii_alnum(s[i - 1]) || rest.size() < 3 || !is_ascii_alnum(rest[2])))
                        continue;
                    meant = token.meant;
                    written_len = token.written.size();
                    break;
                }
            }
        }
        if (written_len == 0) {
            s[out] = s[i];
            f.begin[out] = f.begin[i];
            ++out;
            ++i;
            continue;
        }
        f.defanged_at.push_back(out);
        const std::uint32_t source = f.begin[i];
        for (char b : meant) {
            s[out] = b;
            f.begin[out] = source;
            ++out;
        }
        i += written_len;
    }
    s.resize(out);
    f.begin.resize(out);
}

bool is_space_cp(char32_t cp) {
    if (cp < 0x80) return cp < 0x21 || cp == 0x7F;
    return cp < 0x21 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || u_isUWhiteSpace(static_cast<UChar32>(cp));
}

// CJK punctuation, kana and the remaining full-width/half-width forms end a link: Japanese
// text writes "https://example.jp/はこちら" and means the link to stop before the kana.
bool is_cjk_stop(char32_t cp) {
    return (cp >= 0x3000 && cp <= 0x30FF) || (cp >= 0x31F0 && cp <= 0x31FF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
           (cp >= 0x2018 && cp <= 0x201F) || cp == 0x2026;
}

bool is_han(char32_t cp) {
    UErrorCode status = U_ZERO_ERROR;
    return uscript_getScript(static_cast<UChar32>(cp), &status) == USCRIPT_HAN;
}

enum class HostMode { Scheme, Bare };

bool is_host_cp(char32_t cp, HostMode mode) {
    if (cp < 0x80) {
        const char c = static_cast<char>(cp);
        return is_ascii_alnum(c) || c == '-' || c == '.' || (mode == HostMode::Scheme && c == '%');
    }
    if (is_space_cp(cp) || is_cjk_stop(cp) || u_ispunct(static_cast<UChar32>(cp))) return false;
    // Bare names are not taken to run into Han text ("詳細はexample.com"); with a scheme
    // they may (IDN), and a mixed last label is cut later.
    return mode == HostMode::Scheme || !is_han(cp);
}

std::size_t scan_host(std::string_view s, std::size_t i, HostMode mode) {
    const std::size_t start = i;
    while (i < s.size() && i - start < kMaxHostBytes) {
        CodePoint c = decode_at(s, i);
        if (!is_host_cp(c.cp, mode)) break;
        i += c.len;
    }
    return i;
}

bool labels_are_valid(std::string_view host, bool allow_single_label) {
    if (host.empty()) return false;
    const auto labels = base::split(host, '.');
    if (labels.size() < 2 && !allow_single_label) return false;
    for (std::string_view label : labels) {
        if (label.empty() || label.front() == '-' || label.back() == '-') return false;
    }
    return true;
}

bool is_dotted_quad(std::string_view host) {
    const auto parts = base::split(host, '.');
    if (parts.size() != 4) return false;
    for (std::string_view part : parts) {
        if (part.empty() || part.size() > 3) return false;
        int value = 0;
        for (char c : part) {
            if (c < '0' || c > '9') return false;
            value = value * 10 + (c - '0');
        }
        if (value > 255) return false;
    }
    return true;
}

// Two-label names whose "TLD" is far more often a file extension in running text.
bool looks_like_file_name(std::string_view host) {
    static constexpr std::array<std::string_view, 10> kExtensions{
        "zip", "mov", "md", "py", "sh", "pl", "pm", "rs", "so", "doc"};
    const auto labels = base::split(host, '.');
    if (labels.size() != 2) return false;
    const std::string ext = base::to_lower_ascii(labels[1]);
    return std::find(kExtensions.begin(), kExtensions.end(), ext) != kExtensions.end();
}

// Cuts "example.com詳細" to "example.com" when the ASCII head of the last label is a suffix.
std::size_t cut_mixed_last_label(std::string_view s, std::size_t host_begin, std::size_t host_end) {
    std::string_view host = s.substr(host_begin, host_end - host_begin);
    const std::size_t dot = host.rfind('.');
    if (dot == std::string_view::npos) return host_end;
    std::size_t k = dot + 1;
    while (k < host.size() && static_cast<unsigned char>(host[k]) < 0x80) ++k;
    if (k == host.size() || k == dot + 1) return host_end;
    if (!net::has_known_public_suffix(host.substr(0, k))) return host_end;
    return host_begin + k;
}

bool is_path_stop(char32_t cp) {
    if (is_space_cp(cp) || is_cjk_stop(cp)) return true;
    return cp == '<' || cp == '>' || cp == '|' || cp == '`';
}

bool is_url_token_char(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7F && c != '<' && c != '>' && c != '"' && c != '|' && c != '`';
}

struct Candidate {
    std::size_t begin = 0; // folded offsets
    std::size_t end = 0;
    std::string url;       // folded text with wrap breaks removed, before normalisation
    bool is_email = false;
    bool is_schemeless = false;
    bool is_neutral = false; // "//host"
    bool is_rewrapped = false;
};

class Scanner {
public:
    Scanner(const Folded& folded, std::size_t max_links)
        : f_(folded), s_(folded.text), max_per_scanner_(2 * max_links + 16) {}

    std::vector<Candidate> run() {
        scan_schemes();
        scan_emails();
        scan_bare_hosts();
        std::sort(found_.begin(), found_.end(), [](const Candidate& a, const Candidate& b) {
            return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
        });
        std::vector<Candidate> kept;
        std::size_t last_end = 0;
        for (auto& c : found_) {
            if (!kept.empty() && c.begin < last_end) continue;
            last_end = c.end;
            kept.push_back(std::move(c));
        }
        return kept;
    }

private:
    const Folded& f_;
    const std::string& s_;
    // Each scanner goes left to right and stops after this many candidates: the first
    // max_links links are then complete while the work stays bounded on link-dense input.
    std::size_t max_per_scanner_;
    std::vector<Candidate> found_;

    // Positions inside a link already found by an earlier start are skipped: that link wins
    // the overlap anyway, and rescanning its tail from every "//" or bracket inside it would
    // make "http://a/http://a/…" quadratic.
    struct Coverage {
        std::vector<std::pair<std::size_t, std::size_t>> spans; // sorted by begin
        std::size_t next = 0;
        std::size_t covered_until = 0;
        bool covers(std::size_t pos) {
            while (next < spans.size() && spans[next].first < pos) {
                covered_until = std::max(covered_until, spans[next].second);
                ++next;
            }
            return pos < covered_until;
        }
    };
    Coverage coverage_of_found() const {
        Coverage c;
        for (const auto& f : found_) c.spans.emplace_back(f.begin, f.end);
        std::sort(c.spans.begin(), c.spans.end());
        return c;
    }

    char at(std::size_t i) const { return i < s_.size() ? s_[i] : '\0'; }

    // Start of the line containing byte i.
    std::size_t line_start(std::size_t i) const {
        const std::size_t nl = i == 0 ? std::string::npos : s_.rfind('\n', i - 1);
        return nl == std::string::npos ? 0 : nl + 1;
    }

    // After host (and port): path, query and fragment, trimmed of trailing punctuation,
    // followed across hard line wraps. Appends to c.url; returns the end offset.
    std::size_t scan_tail(std::size_t i, std::size_t link_begin, Candidate& c) {
        const std::size_t path_url_begin = c.url.size();
        std::size_t end = i;
        std::size_t lines = 0;
        const bool in_angle_brackets = link_begin > 0 && s_[link_begin - 1] == '<';
        while (true) {
            std::size_t j = end;
            while (j < s_.size() && j - link_begin < kMaxLinkBytes) {
                CodePoint cp = decode_at(s_, j);
                if (is_path_stop(cp.cp)) break;
                j += cp.len;
            }
            c.url.append(s_, end, j - end);
            end = j;
            if (lines >= kMaxWrappedLines || end >= s_.size()) break;
            std::size_t next = end;
            if (at(next) == '\r') ++next;
            if (at(next) != '\n') break;
            ++next;
            if (in_angle_brackets) {
                // RFC 3986 appendix C: inside <...> line breaks and indentation are not part
                // of the URL, so a wrapped <URL> continues while lines hold URL pieces only.
                while (next < s_.size() && (s_[next] == ' ' || s_[next] == '\t')) ++next;
                std::size_t k = next;
                while (k < s_.size() && is_url_token_char(s_[k])) ++k;
                if (k == next) break;
                if (k < s_.size() && s_[k] != '>' && s_[k] != '\r' && s_[k] != '\n') break;
            } else {
                // A hard-wrapped line: long, and the next line starts with a bare URL piece.
                if (end - line_start(end) < kMinWrapColumn) break;
                std::size_t token_end = next;
                while (token_end < s_.size() && is_url_token_char(s_[token_end])) ++token_end;
                const std::string_view token = std::string_view(s_).substr(next, token_end - next);
                if (token.size() < 2 || base::istarts_with_ascii(token, "http") ||
                    base::istarts_with_ascii(token, "www.") ||
                    token.find_first_of("/?=&%#_~0123456789") == std::string_view::npos)
                    break;
                if (token_end < s_.size() && !is_space_cp(decode_at(s_, token_end).cp)) break;
            }
            end = next;
            c.is_rewrapped = true;
            ++lines;
        }
        // Trailing punctuation belongs to the sentence, brackets only when unbalanced.
        std::string& url = c.url;
        auto count = [&](char ch) {
            return static_cast<std::size_t>(
                std::count(url.begin() + static_cast<std::ptrdiff_t>(path_url_begin), url.end(), ch));
        };
        std::size_t trimmed = 0;
        while (url.size() > path_url_begin) {
            const char last = url.back();
            bool drop = false;
            if (last == '.' || last == ',' || last == ';' || last == ':' || last == '!' ||
                last == '?' || last == '*') {
                drop = true;
            } else if (last == ')') {
                drop = count(')') > count('(');
            } else if (last == ']') {
                drop = count(']') > count('[');
            } else if (last == '}') {
                drop = count('}') > count('{');
            } else if (last == '"' || last == '\'') {
                drop = count(last) % 2 == 1;
            }
            if (!drop) break;
            url.pop_back();
            ++trimmed;
        }
        // Trimming only ever removes ASCII bytes at the very end, after any wrap.
        return end - trimmed;
    }

    // Host, optional port, terminator check and tail. Returns false to reject the link.
    bool scan_authority(std::size_t host_begin, HostMode mode, bool allow_single_label,
                        bool require_suffix, Candidate& c) {
        std::size_t host_end;
        if (at(host_begin) == '[') {
            host_end = host_begin + 1;
            while (host_end < s_.size() && host_end - host_begin < 64 &&
                   (std::isxdigit(static_cast<unsigned char>(s_[host_end])) || s_[host_end] == ':' ||
                    s_[host_end] == '.'))
                ++host_end;
            if (at(host_end) != ']') return false;
            ++host_end;
        } else {
            host_end = scan_host(s_, host_begin, mode);
            host_end = cut_mixed_last_label(s_, host_begin, host_end);
            // A sentence's full stop after a name is not part of it ("see example.com.").
            const char after = at(host_end);
            if (after != '/' && after != ':' && after != '?' && after != '#')
                while (host_end > host_begin && s_[host_end - 1] == '.') --host_end;
            const std::string_view host = std::string_view(s_).substr(host_begin, host_end - host_begin);
            if (!labels_are_valid(host, allow_single_label)) return false;
            if (require_suffix && !is_dotted_quad(host) && !net::has_known_public_suffix(host))
                return false;
        }
        std::size_t i = host_end;
        if (at(i) == ':' && std::isdigit(static_cast<unsigned char>(at(i + 1)))) {
            std::size_t j = i + 1;
            std::uint32_t port = 0;
            while (std::isdigit(static_cast<unsigned char>(at(j))) && j - i <= 6) {
                port = port * 10 + static_cast<std::uint32_t>(at(j) - '0');
                ++j;
            }
            if (j - i - 1 > 5 || port > 65535) return false;
            i = j;
        }
        const char next = at(i);
        if (next == '_' || next == '@' || (mode == HostMode::Bare && next == '%')) return false;
        c.url.append(s_, c.begin, i - c.begin);
        if (next == '/' || next == '?' || next == '#') {
            c.end = scan_tail(i, c.begin, c);
        } else {
            c.end = i;
        }
        return true;
    }

    bool scheme_boundary(std::size_t scheme_begin) const {
        const char32_t prev = decode_before(s_, scheme_begin);
        if (prev == 0) return true;
        if (prev < 0x80) {
            const char p = static_cast<char>(prev);
            return !is_ascii_alnum(p) && p != '_' && p != '+' && p != '-' && p != '.';
        }
        return true;
    }

    void scan_schemes() {
        std::size_t covered_until = 0;
        std::size_t count = 0;
        for (std::size_t pos = s_.find("//"); pos != std::string::npos && count < max_per_scanner_;
             pos = s_.find("//", pos + 2)) {
            if (pos < covered_until) continue;
            Candidate c;
            std::size_t authority = pos + 2;
            if (pos > 0 && s_[pos - 1] == ':') {
                std::size_t b = pos - 1;
                while (b > 0 && is_ascii_alpha(s_[b - 1]) && pos - b < 8) --b;
                const std::string scheme = base::to_lower_ascii(std::string_view(s_).substr(b, pos - 1 - b));
                if (scheme != "http" && scheme != "https" && scheme != "ftp") continue;
                if (!scheme_boundary(b)) continue;
                c.begin = b;
            } else {
                // "//host" (protocol-relative) only after a boundary, never after '/' or '_'.
                const char32_t prev = decode_before(s_, pos);
                if (prev != 0 && prev < 0x80) {
                    const char p = static_cast<char>(prev);
                    if (is_ascii_alnum(p) || p == '/' || p == '_' || p == ':' || p == '\\' ||
                        p == '.' || p == '-')
                        continue;
                }
                c.begin = pos;
                c.is_neutral = true;
            }
            // Credentials: up to '@' before any '/', bracket or space ("https://bank@evil/").
            std::size_t host_begin = authority;
            for (std::size_t k = authority; k < s_.size() && k - authority < 256; ++k) {
                const char ch = s_[k];
                if (ch == '@') {
                    if (k > authority) host_begin = k + 1;
                    break;
                }
                if (static_cast<unsigned char>(ch) <= 0x20 || static_cast<unsigned char>(ch) >= 0x7F ||
                    std::string_view("/?#[]()<>\"'`|\\").find(ch) != std::string_view::npos)
                    break;
            }
            bool ok;
            if (c.is_neutral) {
                const std::size_t host_end = scan_host(s_, host_begin, HostMode::Scheme);
                const std::string_view host = std::string_view(s_).substr(host_begin, host_end - host_begin);
                const bool single_ok = base::iequals_ascii(host, "localhost");
                ok = scan_authority(host_begin, HostMode::Scheme, single_ok, false, c);
            } else {
                ok = scan_authority(host_begin, HostMode::Scheme, true, false, c);
            }
            if (ok) {
                covered_until = c.end;
                ++count;
                found_.push_back(std::move(c));
            }
        }
        // mailto: with an address; the explicit scheme makes a suffix unnecessary.
        count = 0;
        for (std::size_t pos = s_.find(':'); pos != std::string::npos && count < max_per_scanner_;
             pos = s_.find(':', pos + 1)) {
            if (pos < 6 || !base::iequals_ascii(std::string_view(s_).substr(pos - 6, 6), "mailto"))
                continue;
            if (!scheme_boundary(pos - 6)) continue;
            Candidate c;
            c.begin = pos - 6;
            c.is_email = true;
            std::size_t k = pos + 1;
            while (k < s_.size() && k - pos <= kMaxLocalPartBytes && is_local_char(s_[k])) ++k;
            if (k == pos + 1 || at(k) != '@') continue;
            const std::size_t host_begin = k + 1;
            if (!scan_email_domain(host_begin, false, c)) continue;
            ++count;
            found_.push_back(std::move(c));
        }
    }

    static bool is_local_char(char ch) {
        return is_ascii_alnum(ch) || std::string_view("._%+-=&$'\"").find(ch) != std::string_view::npos;
    }

    bool scan_email_domain(std::size_t host_begin, bool require_suffix, Candidate& c) {
        std::size_t host_end = scan_host(s_, host_begin, HostMode::Bare);
        host_end = cut_mixed_last_label(s_, host_begin, host_end);
        while (host_end > host_begin && s_[host_end - 1] == '.') --host_end;
        const std::string_view host = std::string_view(s_).substr(host_begin, host_end - host_begin);
        if (!labels_are_valid(host, !require_suffix)) return false;
        if (require_suffix && !net::has_known_public_suffix(host)) return false;
        const char next = at(host_end);
        if (next == '_' || next == '@') return false;
        c.end = host_end;
        c.url.assign(s_, c.begin, c.end - c.begin);
        return true;
    }

    void scan_emails() {
        std::size_t count = 0;
        for (std::size_t at_pos = s_.find('@'); at_pos != std::string::npos && count < max_per_scanner_;
             at_pos = s_.find('@', at_pos + 1)) {
            std::size_t b = at_pos;
            while (b > 0 && at_pos - b < kMaxLocalPartBytes && is_local_char(s_[b - 1])) --b;
            if (b > 0 && is_local_char(s_[b - 1])) continue; // longer than any real local part
            while (b < at_pos && (s_[b] == '.' || s_[b] == '"' || s_[b] == '\'')) ++b;
            if (b == at_pos) continue;
            Candidate c;
            c.begin = b;
            c.is_email = true;
            if (scan_email_domain(at_pos + 1, true, c)) {
                ++count;
                found_.push_back(std::move(c));
            }
        }
    }

    static bool bare_boundary(char32_t prev) {
        if (prev == 0) return true;
        if (prev < 0x80) {
            const char p = static_cast<char>(prev);
            if (is_space_cp(prev)) return true;
            return std::string_view("<>()[]{}\"'|,;!*`").find(p) != std::string_view::npos;
        }
        return !is_host_cp(prev, HostMode::Bare);
    }

    void scan_bare_hosts() {
        Coverage coverage = coverage_of_found();
        std::size_t count = 0;
        char32_t prev = 0;
        for (std::size_t i = 0; i < s_.size() && count < max_per_scanner_;) {
            CodePoint c = decode_at(s_, i);
            const bool starts = is_host_cp(c.cp, HostMode::Bare) && c.cp != '.' && c.cp != '-' &&
                                c.cp != '%' && bare_boundary(prev) && !coverage.covers(i);
            if (starts) {
                Candidate cand;
                cand.begin = i;
                cand.is_schemeless = true;
                if (scan_authority(i, HostMode::Bare, false, true, cand)) {
                    const bool has_tail = cand.url.find_first_of("/?#:") != std::string::npos;
                    if (has_tail || !looks_like_file_name(cand.url)) {
                        coverage.spans.emplace_back(cand.begin, cand.end); // begins after all others
                        ++count;
                        found_.push_back(std::move(cand));
                    }
                }
                // Skip the rest of this name: nothing inside it starts a new bare host.
                const std::size_t skip = scan_host(s_, i, HostMode::Bare);
                if (skip > i) {
                    prev = decode_before(s_, skip);
                    i = skip;
                    continue;
                }
            }
            prev = c.cp;
            i += c.len;
        }
    }
};

} // namespace

std::vector<TextLink> extract_text_links(std::string_view utf8_text, std::size_t max_links) {
    std::vector<TextLink> links;
    if (utf8_text.empty() || max_links == 0) return links;
    Folded folded = fold(utf8_text);
    undefang(folded);
    Scanner scanner(folded, max_links);
    for (Candidate& c : scanner.run()) {
        if (links.size() >= max_links) break;
        if (c.end <= c.begin) continue;
        TextLink link;
        const std::size_t raw_begin = folded.begin[c.begin];
        std::size_t raw_end = c.end < folded.begin.size() ? folded.begin[c.end] : utf8_text.size();
        // A link ending inside one written token ("[://]") still takes the whole token.
        if (raw_end <= raw_begin) raw_end = raw_begin + decode_at(utf8_text, raw_begin).len;
        link.offset = raw_begin;
        link.raw = std::string(utf8_text.substr(raw_begin, raw_end - raw_begin));
        link.is_email = c.is_email;
        link.is_schemeless = c.is_schemeless && !c.is_email;
        link.is_rewrapped = c.is_rewrapped;
        link.is_defanged = std::any_of(folded.defanged_at.begin(), folded.defanged_at.end(),
                                       [&](std::size_t p) { return p >= c.begin && p < c.end; });
        if (c.is_email && !base::istarts_with_ascii(c.url, "mailto:")) {
            link.url = "mailto:" + c.url;
        } else if (c.is_schemeless && !c.is_email) {
            link.url = "http://" + c.url;
        } else {
            link.url = std::move(c.url);
        }
        links.push_back(std::move(link));
    }
    return links;
}

} // namespace mikiwame::urls

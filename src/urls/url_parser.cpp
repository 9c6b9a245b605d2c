// SPDX-License-Identifier: Apache-2.0
// The basic URL parser as a state machine over bytes. Non-ASCII bytes only ever reach
// percent-encoding or the host parser, so working on UTF-8 bytes gives the standard's result
// without decoding to code points. State override (the setters) is not needed and left out.
#include "urls/url_parser.h"

#include <algorithm>

#include <cstdint>
#include <string>

#include "base/text.h"
#include "urls/host_parser.h"

namespace mikiwame::urls {

namespace {

enum class State {
    SchemeStart, Scheme, NoScheme, SpecialRelativeOrAuthority, PathOrAuthority, Relative,
    RelativeSlash, SpecialAuthoritySlashes, SpecialAuthorityIgnoreSlashes, Authority, Host, Port,
    File, FileSlash, FileHost, PathStart, Path, OpaquePath, Query, Fragment,
};

constexpr int kEof = -1;

bool is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(int c) { return c >= '0' && c <= '9'; }

// Percent-encode sets (§1.3).
bool in_c0_control_set(unsigned char c) { return c < 0x20 || c > 0x7E; }
bool in_fragment_set(unsigned char c) {
    return in_c0_control_set(c) || c == ' ' || c == '"' || c == '<' || c == '>' || c == '`';
}
bool in_query_set(unsigned char c) {
    return in_c0_control_set(c) || c == ' ' || c == '"' || c == '#' || c == '<' || c == '>';
}
bool in_special_query_set(unsigned char c) { return in_query_set(c) || c == '\''; }
bool in_path_set(unsigned char c) {
    return in_query_set(c) || c == '?' || c == '^' || c == '`' || c == '{' || c == '}';
}
bool in_userinfo_set(unsigned char c) {
    return in_path_set(c) || c == '/' || c == ':' || c == ';' || c == '=' || c == '@' ||
           (c >= '[' && c <= ']') || c == '|';
}

template <typename Pred>
void append_encoded(std::string& out, unsigned char c, Pred in_set) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    if (in_set(c)) {
        out.push_back('%');
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xF]);
    } else {
        out.push_back(static_cast<char>(c));
    }
}

bool is_windows_drive_letter(std::string_view s) {
    return s.size() == 2 && is_alpha(static_cast<unsigned char>(s[0])) && (s[1] == ':' || s[1] == '|');
}
bool is_normalized_windows_drive_letter(std::string_view s) {
    return is_windows_drive_letter(s) && s[1] == ':';
}
bool starts_with_windows_drive_letter(std::string_view s) {
    if (s.size() < 2 || !is_windows_drive_letter(s.substr(0, 2))) return false;
    if (s.size() == 2) return true;
    char c = s[2];
    return c == '/' || c == '\\' || c == '?' || c == '#';
}

bool is_single_dot(std::string_view s) { return s == "." || base::iequals_ascii(s, "%2e"); }
bool is_double_dot(std::string_view s) {
    return s == ".." || base::iequals_ascii(s, ".%2e") || base::iequals_ascii(s, "%2e.") ||
           base::iequals_ascii(s, "%2e%2e");
}

void shorten_path(ParsedUrl& url) {
    if (url.scheme == "file" && url.path.size() == 1 &&
        is_normalized_windows_drive_letter(url.path[0]))
        return;
    if (!url.path.empty()) url.path.pop_back();
}

// Removes leading/trailing C0 controls and spaces and every tab or newline (§4.4 steps 1–3).
std::string preprocess(std::string_view input) {
    std::size_t begin = 0, end = input.size();
    while (begin < end && static_cast<unsigned char>(input[begin]) <= 0x20) ++begin;
    while (end > begin && static_cast<unsigned char>(input[end - 1]) <= 0x20) --end;
    std::string out;
    out.reserve(end - begin);
    for (std::size_t i = begin; i < end; ++i)
        if (input[i] != '\t' && input[i] != '\n' && input[i] != '\r') out.push_back(input[i]);
    return out;
}

} // namespace

bool is_special_scheme(std::string_view scheme) {
    return scheme == "http" || scheme == "https" || scheme == "ws" || scheme == "wss" ||
           scheme == "ftp" || scheme == "file";
}

std::optional<std::uint16_t> default_port(std::string_view scheme) {
    if (scheme == "http" || scheme == "ws") return 80;
    if (scheme == "https" || scheme == "wss") return 443;
    if (scheme == "ftp") return 21;
    return std::nullopt;
}

bool ParsedUrl::is_special() const { return is_special_scheme(scheme); }

std::string ParsedUrl::pathname() const {
    if (has_opaque_path) return opaque_path;
    std::string out;
    for (const auto& segment : path) {
        out.push_back('/');
        out += segment;
    }
    return out;
}

std::string ParsedUrl::href() const {
    std::string out = scheme + ":";
    if (has_host()) {
        out += "//";
        if (!username.empty() || !password.empty()) {
            out += username;
            if (!password.empty()) out += ":" + password;
            out.push_back('@');
        }
        out += host;
        if (port) out += ":" + std::to_string(*port);
    } else if (!has_opaque_path && path.size() > 1 && path[0].empty()) {
        out += "/.";
    }
    out += pathname();
    if (query) out += "?" + *query;
    if (fragment) out += "#" + *fragment;
    return out;
}

std::optional<ParsedUrl> parse_url(std::string_view raw_input, const ParsedUrl* base) {
    const std::string input = preprocess(raw_input);
    const std::size_t size = input.size();
    ParsedUrl url;
    State state = State::SchemeStart;
    std::string buffer;
    bool at_sign_seen = false, inside_brackets = false, password_token_seen = false;
    auto remaining_starts_with = [&](std::size_t pointer, char c) {
        return pointer + 1 < size && input[pointer + 1] == c;
    };

    // `pointer` is signed so that "decrease pointer by 1" before index 0 is expressible.
    for (std::ptrdiff_t pointer = 0; pointer <= static_cast<std::ptrdiff_t>(size); ++pointer) {
        const std::size_t upointer = static_cast<std::size_t>(pointer);
        const int c = upointer < size ? static_cast<unsigned char>(input[upointer]) : kEof;
        switch (state) {
        case State::SchemeStart:
            if (is_alpha(c)) {
                buffer.push_back(static_cast<char>(c | 0x20));
                state = State::Scheme;
            } else {
                state = State::NoScheme;
                --pointer;
            }
            break;
        case State::Scheme:
            if (is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.') {
                buffer.push_back(static_cast<char>(is_alpha(c) ? (c | 0x20) : c));
            } else if (c == ':') {
                url.scheme = buffer;
                buffer.clear();
                if (url.scheme == "file") {
                    state = State::File;
                } else if (url.is_special() && base && base->scheme == url.scheme) {
                    state = State::SpecialRelativeOrAuthority;
                } else if (url.is_special()) {
                    state = State::SpecialAuthoritySlashes;
                } else if (remaining_starts_with(upointer, '/')) {
                    state = State::PathOrAuthority;
                    ++pointer;
                } else {
                    url.has_opaque_path = true;
                    state = State::OpaquePath;
                }
            } else {
                buffer.clear();
                state = State::NoScheme;
                pointer = -1;
            }
            break;
        case State::NoScheme:
            if (!base || (base->has_opaque_path && c != '#')) return std::nullopt;
            if (base->has_opaque_path && c == '#') {
                url.scheme = base->scheme;
                url.has_opaque_path = true;
                url.opaque_path = base->opaque_path;
                url.query = base->query;
                url.fragment = "";
                state = State::Fragment;
            } else if (base->scheme != "file") {
                state = State::Relative;
                --pointer;
            } else {
                state = State::File;
                --pointer;
            }
            break;
        case State::SpecialRelativeOrAuthority:
            if (c == '/' && remaining_starts_with(upointer, '/')) {
                state = State::SpecialAuthorityIgnoreSlashes;
                ++pointer;
            } else {
                state = State::Relative;
                --pointer;
            }
            break;
        case State::PathOrAuthority:
            if (c == '/') {
                state = State::Authority;
            } else {
                state = State::Path;
                --pointer;
            }
            break;
        case State::Relative:
            url.scheme = base->scheme;
            if (c == '/' || (url.is_special() && c == '\\')) {
                state = State::RelativeSlash;
            } else {
                url.username = base->username;
                url.password = base->password;
                url.host_kind = base->host_kind;
                url.host = base->host;
                url.port = base->port;
                url.path = base->path;
                url.query = base->query;
                if (c == '?') {
                    url.query = "";
                    state = State::Query;
                } else if (c == '#') {
                    url.fragment = "";
                    state = State::Fragment;
                } else if (c != kEof) {
                    url.query.reset();
                    shorten_path(url);
                    state = State::Path;
                    --pointer;
                }
            }
            break;
        case State::RelativeSlash:
            if (url.is_special() && (c == '/' || c == '\\')) {
                state = State::SpecialAuthorityIgnoreSlashes;
            } else if (c == '/') {
                state = State::Authority;
            } else {
                url.username = base->username;
                url.password = base->password;
                url.host_kind = base->host_kind;
                url.host = base->host;
                url.port = base->port;
                state = State::Path;
                --pointer;
            }
            break;
        case State::SpecialAuthoritySlashes:
            state = State::SpecialAuthorityIgnoreSlashes;
            if (c == '/' && remaining_starts_with(upointer, '/')) {
                ++pointer;
            } else {
                --pointer;
            }
            break;
        case State::SpecialAuthorityIgnoreSlashes:
            if (c != '/' && c != '\\') {
                state = State::Authority;
                --pointer;
            }
            break;
        case State::Authority:
            if (c == '@') {
                if (at_sign_seen) buffer.insert(0, "%40");
                at_sign_seen = true;
                for (unsigned char b : buffer) {
                    if (b == ':' && !password_token_seen) {
                        password_token_seen = true;
                        continue;
                    }
                    append_encoded(password_token_seen ? url.password : url.username, b,
                                   in_userinfo_set);
                }
                buffer.clear();
            } else if (c == kEof || c == '/' || c == '?' || c == '#' ||
                       (url.is_special() && c == '\\')) {
                if (at_sign_seen && buffer.empty()) return std::nullopt;
                pointer -= static_cast<std::ptrdiff_t>(buffer.size()) + 1;
                buffer.clear();
                state = State::Host;
            } else {
                buffer.push_back(static_cast<char>(c));
            }
            break;
        case State::Host:
            if (c == ':' && !inside_brackets) {
                if (buffer.empty()) return std::nullopt;
                auto host = parse_host(buffer, !url.is_special());
                if (!host) return std::nullopt;
                url.host_kind = host->kind;
                url.host = std::move(host->serialized);
                buffer.clear();
                state = State::Port;
            } else if (c == kEof || c == '/' || c == '?' || c == '#' ||
                       (url.is_special() && c == '\\')) {
                --pointer;
                if (url.is_special() && buffer.empty()) return std::nullopt;
                if (buffer.empty()) {
                    url.host_kind = HostKind::Empty;
                    url.host.clear();
                } else {
                    auto host = parse_host(buffer, !url.is_special());
                    if (!host) return std::nullopt;
                    url.host_kind = host->kind;
                    url.host = std::move(host->serialized);
                }
                buffer.clear();
                state = State::PathStart;
            } else {
                if (c == '[') inside_brackets = true;
                if (c == ']') inside_brackets = false;
                buffer.push_back(static_cast<char>(c));
            }
            break;
        case State::Port:
            if (is_digit(c)) {
                buffer.push_back(static_cast<char>(c));
            } else if (c == kEof || c == '/' || c == '?' || c == '#' ||
                       (url.is_special() && c == '\\')) {
                if (!buffer.empty()) {
                    std::uint32_t port = 0;
                    for (char d : buffer) {
                        port = port * 10 + static_cast<std::uint32_t>(d - '0');
                        if (port > 65535) return std::nullopt;
                    }
                    auto def = default_port(url.scheme);
                    if (def && *def == port) {
                        url.port.reset();
                    } else {
                        url.port = static_cast<std::uint16_t>(port);
                    }
                    buffer.clear();
                }
                state = State::PathStart;
                --pointer;
            } else {
                return std::nullopt;
            }
            break;
        case State::File:
            url.scheme = "file";
            url.host_kind = HostKind::Empty;
            url.host.clear();
            if (c == '/' || c == '\\') {
                state = State::FileSlash;
            } else if (base && base->scheme == "file") {
                url.host_kind = base->host_kind;
                url.host = base->host;
                url.path = base->path;
                url.query = base->query;
                if (c == '?') {
                    url.query = "";
                    state = State::Query;
                } else if (c == '#') {
                    url.fragment = "";
                    state = State::Fragment;
                } else if (c != kEof) {
                    url.query.reset();
                    if (!starts_with_windows_drive_letter(std::string_view(input).substr(upointer))) {
                        shorten_path(url);
                    } else {
                        url.path.clear();
                    }
                    state = State::Path;
                    --pointer;
                }
            } else {
                state = State::Path;
                --pointer;
            }
            break;
        case State::FileSlash:
            if (c == '/' || c == '\\') {
                state = State::FileHost;
            } else {
                if (base && base->scheme == "file") {
                    url.host_kind = base->host_kind;
                    url.host = base->host;
                    if (!starts_with_windows_drive_letter(std::string_view(input).substr(upointer)) &&
                        !base->path.empty() && is_normalized_windows_drive_letter(base->path[0]))
                        url.path.push_back(base->path[0]);
                }
                state = State::Path;
                --pointer;
            }
            break;
        case State::FileHost:
            if (c == kEof || c == '/' || c == '\\' || c == '?' || c == '#') {
                --pointer;
                if (is_windows_drive_letter(buffer)) {
                    // The buffer is kept and becomes the first path segment.
                    state = State::Path;
                } else if (buffer.empty()) {
                    url.host_kind = HostKind::Empty;
                    url.host.clear();
                    state = State::PathStart;
                } else {
                    auto host = parse_host(buffer, false);
                    if (!host) return std::nullopt;
                    if (host->serialized == "localhost") {
                        url.host_kind = HostKind::Empty;
                        url.host.clear();
                    } else {
                        url.host_kind = host->kind;
                        url.host = std::move(host->serialized);
                    }
                    buffer.clear();
                    state = State::PathStart;
                }
            } else {
                buffer.push_back(static_cast<char>(c));
            }
            break;
        case State::PathStart:
            if (url.is_special()) {
                state = State::Path;
                if (c != '/' && c != '\\') --pointer;
            } else if (c == '?') {
                url.query = "";
                state = State::Query;
            } else if (c == '#') {
                url.fragment = "";
                state = State::Fragment;
            } else if (c != kEof) {
                state = State::Path;
                if (c != '/') --pointer;
            }
            break;
        case State::Path:
            if (c == kEof || c == '/' || (url.is_special() && c == '\\') || c == '?' || c == '#') {
                const bool is_slash = c == '/' || (url.is_special() && c == '\\');
                if (is_double_dot(buffer)) {
                    shorten_path(url);
                    if (!is_slash) url.path.emplace_back();
                } else if (is_single_dot(buffer) && !is_slash) {
                    url.path.emplace_back();
                } else if (!is_single_dot(buffer)) {
                    if (url.scheme == "file" && url.path.empty() && is_windows_drive_letter(buffer))
                        buffer[1] = ':';
                    url.path.push_back(buffer);
                }
                buffer.clear();
                if (c == '?') {
                    url.query = "";
                    state = State::Query;
                } else if (c == '#') {
                    url.fragment = "";
                    state = State::Fragment;
                }
            } else {
                append_encoded(buffer, static_cast<unsigned char>(c), in_path_set);
            }
            break;
        case State::OpaquePath:
            if (c == '?') {
                url.query = "";
                state = State::Query;
            } else if (c == '#') {
                url.fragment = "";
                state = State::Fragment;
            } else if (c == ' ') {
                const bool before_query_or_fragment =
                    remaining_starts_with(upointer, '?') || remaining_starts_with(upointer, '#');
                url.opaque_path += before_query_or_fragment ? "%20" : " ";
            } else if (c != kEof) {
                append_encoded(url.opaque_path, static_cast<unsigned char>(c), in_c0_control_set);
            }
            break;
        case State::Query:
            if (c == '#' || c == kEof) {
                std::string& query = *url.query;
                for (unsigned char b : buffer) {
                    if (url.is_special()) {
                        append_encoded(query, b, in_special_query_set);
                    } else {
                        append_encoded(query, b, in_query_set);
                    }
                }
                buffer.clear();
                if (c == '#') {
                    url.fragment = "";
                    state = State::Fragment;
                }
            } else {
                buffer.push_back(static_cast<char>(c));
            }
            break;
        case State::Fragment:
            if (c != kEof) append_encoded(*url.fragment, static_cast<unsigned char>(c), in_fragment_set);
            break;
        }
    }
    // A scheme with no ':' never left the scheme state: the standard's "no scheme" restart
    // covers it above, so reaching here with an empty scheme means a relative reference
    // without a base, which NoScheme already rejected.
    if (url.scheme.empty()) return std::nullopt;
    return url;
}

bool host_written_with_mapped_characters(std::string_view written_url, const ParsedUrl& parsed) {
    if (parsed.host_kind != HostKind::Domain || parsed.host.find("xn--") != std::string::npos) return false;
    auto non_ascii = [](std::string_view s) {
        return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    };
    if (non_ascii(parsed.host)) return false;
    std::size_t start = written_url.find("://");
    if (start == std::string_view::npos) start = written_url.rfind("//", 0) == 0 ? 2 : std::string_view::npos;
    else start += 3;
    if (start == std::string_view::npos) return false;
    std::size_t end = written_url.find_first_of("/?#\\", start);
    std::string_view authority = written_url.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
    return non_ascii(authority);
}

} // namespace mikiwame::urls

// SPDX-License-Identifier: Apache-2.0
#include "net/domain.h"

#include <idn2.h>
#include <libpsl.h>

#include <cstdlib>

#include "base/string_map.h"
#include "base/text.h"

namespace mikiwame::net {

namespace {
const psl_ctx_t* psl() {
    // The built-in list is compiled into libpsl: no file access, shared read-only.
    static const psl_ctx_t* ctx = psl_builtin();
    return ctx;
}

std::string strip_trailing_dot(std::string_view host) {
    std::string s(base::trim(host));
    while (!s.empty() && s.back() == '.') s.pop_back();
    return s;
}

bool is_ascii(std::string_view s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    return true;
}
} // namespace

std::optional<std::string> domain_to_ascii(std::string_view host) {
    std::string name = strip_trailing_dot(host);
    if (name.empty() || name.size() > 1024) return std::nullopt;
    if (is_ascii(name)) return base::to_lower_ascii(name);
    char* out = nullptr;
    int rc = idn2_to_ascii_8z(name.c_str(), &out, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
    if (rc != IDN2_OK) {
        rc = idn2_to_ascii_8z(name.c_str(), &out, IDN2_TRANSITIONAL | IDN2_NFC_INPUT);
    }
    if (rc != IDN2_OK || !out) return std::nullopt;
    std::string result = base::to_lower_ascii(out);
    idn2_free(out);
    return result;
}

std::string domain_to_unicode(std::string_view ascii_host) {
    std::string name = strip_trailing_dot(ascii_host);
    if (name.find("xn--") == std::string::npos) return name;
    char* out = nullptr;
    if (idn2_to_unicode_8z8z(name.c_str(), &out, 0) != IDN2_OK || !out) return name;
    std::string result(out);
    idn2_free(out);
    return result;
}

namespace {

std::string lookup_registrable_domain(std::string_view host) {
    auto ascii = domain_to_ascii(host);
    if (!ascii) return base::to_lower_ascii(strip_trailing_dot(host));
    const char* reg = psl_registrable_domain(psl(), ascii->c_str());
    if (!reg) return *ascii;
    return std::string(reg);
}

// Answers kept per thread: one message names the same few hosts many times (the Received
// chain, Authentication-Results, every link), and the public-suffix lookup was a fifth of the
// header stage (docs/performance.md). Bounded: emptied when full.
constexpr std::size_t kMaxMemoHosts = 2048;
constexpr std::size_t kMaxMemoHostBytes = 255;

} // namespace

std::string registrable_domain(std::string_view host) {
    if (host.size() > kMaxMemoHostBytes) return lookup_registrable_domain(host);
    thread_local base::StringMap<std::string> memo;
    if (auto it = memo.find(host); it != memo.end()) return it->second;
    if (memo.size() >= kMaxMemoHosts) memo.clear();
    std::string result = lookup_registrable_domain(host);
    memo.emplace(std::string(host), result);
    return result;
}

std::string public_suffix(std::string_view host) {
    auto ascii = domain_to_ascii(host);
    if (!ascii) return {};
    const char* suffix = psl_unregistrable_domain(psl(), ascii->c_str());
    if (!suffix) return {};
    return std::string(suffix);
}

bool has_known_public_suffix(std::string_view host) {
    auto ascii = domain_to_ascii(host);
    if (!ascii) return false;
    std::size_t dot = ascii->rfind('.');
    std::string last = dot == std::string::npos ? *ascii : ascii->substr(dot + 1);
    // psl_is_public_suffix2 with NO_STAR asks whether the label is listed explicitly, not
    // only matched by the implicit "*" rule every unknown TLD falls under.
    return psl_is_public_suffix2(psl(), last.c_str(), PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
}

} // namespace mikiwame::net

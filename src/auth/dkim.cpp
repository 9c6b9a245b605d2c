// SPDX-License-Identifier: Apache-2.0
#include "auth/dkim.h"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <algorithm>
#include <limits>
#include <memory>

#include "base/base64.h"
#include "base/text.h"

namespace mikiwame::auth {
namespace {

bool is_wsp(char c) { return c == ' ' || c == '\t'; }
bool is_fws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim_fws(std::string_view s) {
    while (!s.empty() && is_fws(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_fws(s.back())) s.remove_suffix(1);
    return s;
}

std::string strip_fws(std::string_view s) {
    std::string out;
    for (char c : s)
        if (!is_fws(c)) out += c;
    return out;
}

// Strict base64 (whitespace already removed): nullopt on a character outside the alphabet.
std::optional<std::string> base64_strict(std::string_view s) {
    for (char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=')) return std::nullopt;
    return base::decode_base64_lenient(s);
}

// "from:to" of h=/z= split on ':' (with FWS trimmed).
std::vector<std::string> split_colon(std::string_view s) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i <= s.size()) {
        std::size_t j = s.find(':', i);
        if (j == std::string_view::npos) j = s.size();
        out.emplace_back(trim_fws(s.substr(i, j - i)));
        i = j + 1;
    }
    return out;
}

// z= values are DKIM-quoted-printable (=XX).
std::string decode_dkim_qp(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '=' && i + 2 < s.size() + 0 && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else if (!is_fws(s[i])) {
            out += s[i];
        }
    }
    return out;
}

// Digits only, at most `max_digits`. A value beyond 64 bits saturates: RFC 6376 allows 76 digits
// in l=, and std::stoull threw std::out_of_range on them, which ended the whole analysis of
// the message (found by fuzz_dkim_signature). A saturated l= is longer than any body.
std::optional<std::uint64_t> parse_uint(std::string_view s, std::size_t max_digits) {
    if (s.empty() || s.size() > max_digits || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
    std::uint64_t value = 0;
    for (char c : s) {
        const auto digit = static_cast<std::uint64_t>(c - '0');
        if (value > (kMax - digit) / 10) return kMax;
        value = value * 10 + digit;
    }
    return value;
}

struct PkeyDeleter {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct MdCtxDeleter {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

std::string sha256(std::string_view data) {
    unsigned char md[32];
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
    return std::string(reinterpret_cast<char*>(md), len);
}

bool verify_signature(EVP_PKEY* key, bool ed25519, std::string_view data, std::string_view sig) {
    std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
    if (!ctx) return false;
    if (ed25519) {
        // RFC 8463 §3: PureEdDSA over the SHA-256 hash of the header data.
        const std::string digest = sha256(data);
        if (EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key) != 1) return false;
        return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                                reinterpret_cast<const unsigned char*>(digest.data()), digest.size()) == 1;
    }
    if (EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1) return false;
    return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                            reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
}

// The b= value of a DKIM-Signature field removed (§3.7), everything else kept byte for byte.
std::string without_b_value(std::string_view field) {
    const std::size_t colon = field.find(':');
    if (colon == std::string_view::npos) return std::string(field);
    std::size_t i = colon + 1;
    while (i < field.size()) {
        std::size_t end = field.find(';', i);
        if (end == std::string_view::npos) end = field.size();
        std::string_view part = field.substr(i, end - i);
        const std::size_t eq = part.find('=');
        if (eq != std::string_view::npos && trim_fws(part.substr(0, eq)) == "b") {
            std::string out(field.substr(0, i + eq + 1));
            // keep the CRLF that ends the field, if the b= tag is last
            std::string_view rest = field.substr(end);
            if (end == field.size()) {
                std::string_view value = part.substr(eq + 1);
                if (value.size() >= 2 && value.substr(value.size() - 2) == "\r\n") out += "\r\n";
            }
            out += rest;
            return out;
        }
        i = end + 1;
    }
    return std::string(field);
}

struct KeyRecord {
    std::string key_type = "rsa";
    std::string public_key; // decoded p=
    bool revoked = false;
    bool testing = false, strict = false;
    std::vector<std::string> hashes; // h=
    bool email_service = true;
};

std::optional<KeyRecord> parse_key_record(std::string_view text, std::string& why) {
    auto tags = parse_tag_list(text);
    if (!tags) {
        why = "key record is not a tag list";
        return std::nullopt;
    }
    KeyRecord k;
    bool has_p = false;
    for (std::size_t n = 0; n < tags->size(); ++n) {
        const auto& [tag, value] = (*tags)[n];
        if (tag == "v") {
            if (n != 0 || value != "DKIM1") {
                why = "key record v= is not DKIM1 first";
                return std::nullopt;
            }
        } else if (tag == "k") {
            k.key_type = base::to_lower_ascii(value);
        } else if (tag == "p") {
            has_p = true;
            const std::string b64 = strip_fws(value);
            if (b64.empty()) {
                k.revoked = true;
            } else {
                auto decoded = base64_strict(b64);
                if (!decoded) {
                    why = "key record p= is not base64";
                    return std::nullopt;
                }
                k.public_key = *decoded;
            }
        } else if (tag == "t") {
            for (const auto& flag : split_colon(value)) {
                if (flag == "y") k.testing = true;
                if (flag == "s") k.strict = true;
            }
        } else if (tag == "h") {
            k.hashes = split_colon(base::to_lower_ascii(value));
        } else if (tag == "s") {
            k.email_service = false;
            for (const auto& s : split_colon(value))
                if (s == "*" || s == "email") k.email_service = true;
        }
    }
    if (!has_p) {
        why = "key record has no p=";
        return std::nullopt;
    }
    return k;
}

Pkey load_key(const KeyRecord& k, std::string& why, std::size_t& bits) {
    const auto* p = reinterpret_cast<const unsigned char*>(k.public_key.data());
    if (k.key_type == "ed25519") {
        if (k.public_key.size() != 32) {
            why = "ed25519 key is not 32 bytes";
            return nullptr;
        }
        Pkey key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, p, k.public_key.size()));
        if (!key) why = "ed25519 key cannot be read";
        bits = 256;
        return key;
    }
    if (k.key_type != "rsa") {
        why = fmt::format("unknown key type k={}", k.key_type);
        return nullptr;
    }
    const unsigned char* q = p;
    Pkey key(d2i_PUBKEY(nullptr, &q, static_cast<long>(k.public_key.size())));
    if (!key) {
        // Some publish the bare RSAPublicKey (PKCS#1) instead of SubjectPublicKeyInfo.
        q = p;
        key.reset(d2i_PublicKey(EVP_PKEY_RSA, nullptr, &q, static_cast<long>(k.public_key.size())));
    }
    if (!key || EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA) {
        why = "RSA key cannot be read";
        return nullptr;
    }
    bits = static_cast<std::size_t>(EVP_PKEY_bits(key.get()));
    return key;
}

bool is_subdomain_or_same(std::string_view sub, std::string_view domain) {
    const std::string s = base::to_lower_ascii(sub), d = base::to_lower_ascii(domain);
    return s == d || (s.size() > d.size() && s.compare(s.size() - d.size(), d.size(), d) == 0 && s[s.size() - d.size() - 1] == '.');
}

// The key of a signature (selector._domainkey.domain), checked against the signature's
// algorithm and identity and the key policy; null with v.result/v.reason set when it cannot be
// used. Sets v.testing and v.key_bits.
Pkey fetch_key(const DkimSignatureTags& tags, DkimVerification& v, Resolver& resolver, const DkimOptions& options) {
    std::string why;
    const std::string key_name = tags.selector + "._domainkey." + tags.domain;
    DnsAnswer txt = resolver.query(key_name, RrType::TXT);
    if (!txt.ok()) {
        v.result = AuthResult::TempError;
        v.reason = fmt::format("key lookup {}: {}", key_name, to_string(txt.status));
        return nullptr;
    }
    if (txt.records.empty()) {
        v.result = AuthResult::PermError;
        v.reason = fmt::format("no key at {}", key_name);
        return nullptr;
    }
    auto key_record = parse_key_record(txt.records.front(), why);
    if (!key_record) {
        v.result = AuthResult::PermError;
        v.reason = why;
        return nullptr;
    }
    v.testing = key_record->testing;
    if (key_record->revoked) {
        v.result = AuthResult::PermError;
        v.reason = "key revoked (empty p=)";
        return nullptr;
    }
    const bool ed25519 = tags.algorithm == "ed25519-sha256";
    if ((ed25519 && key_record->key_type != "ed25519") || (!ed25519 && key_record->key_type != "rsa")) {
        v.result = AuthResult::PermError;
        v.reason = fmt::format("key type k={} does not fit a={}", key_record->key_type, tags.algorithm);
        return nullptr;
    }
    if (!key_record->hashes.empty() && std::find(key_record->hashes.begin(), key_record->hashes.end(), "sha256") == key_record->hashes.end()) {
        v.result = AuthResult::PermError;
        v.reason = "key does not allow sha256 (h=)";
        return nullptr;
    }
    if (!key_record->email_service) {
        v.result = AuthResult::PermError;
        v.reason = "key is not for email (s=)";
        return nullptr;
    }
    if (key_record->strict && !v.identity.empty()) {
        const std::size_t at = v.identity.rfind('@');
        if (base::to_lower_ascii(v.identity.substr(at + 1)) != tags.domain) {
            v.result = AuthResult::PermError;
            v.reason = "key is strict (t=s) and i= is a subdomain of d=";
            return nullptr;
        }
    }
    Pkey key = load_key(*key_record, why, v.key_bits);
    if (!key) {
        v.result = AuthResult::PermError;
        v.reason = why;
        return nullptr;
    }
    if (!ed25519 && v.key_bits < options.min_rsa_bits) {
        v.result = AuthResult::PermError;
        v.reason = fmt::format("RSA key of {} bits is too short (RFC 8301)", v.key_bits);
        return nullptr;
    }
    return key;
}

DkimVerification verify_one(const SplitMessage& msg, const RawField& field, Resolver& resolver, const DkimOptions& options) {
    DkimVerification v;
    const std::string_view value = std::string_view(field.text).substr(field.text.find(':') + 1);
    std::string why;
    auto tags = parse_dkim_signature_tags(value, &why);
    if (!tags) {
        v.result = AuthResult::PermError;
        v.reason = why;
        // keep what can be read for the report
        if (auto list = parse_tag_list(value))
            for (const auto& [t, val] : *list) {
                if (t == "d") v.domain = base::to_lower_ascii(strip_fws(val));
                if (t == "s") v.selector = strip_fws(val);
                if (t == "a") v.algorithm = strip_fws(val);
            }
        return v;
    }
    v.identity = tags->identity.empty() ? "@" + tags->domain : tags->identity;
    return verify_signature_tags(msg, field, *tags, resolver, options, std::move(v));
}

} // namespace

DkimVerification verify_signature_tags(const SplitMessage& msg, const RawField& field, const DkimSignatureTags& tags,
                                       Resolver& resolver, const DkimOptions& options, DkimVerification v) {
    v.domain = tags.domain;
    v.selector = tags.selector;
    v.algorithm = tags.algorithm;
    if (tags.algorithm == "rsa-sha1") {
        v.result = AuthResult::PermError;
        v.reason = "rsa-sha1 is not accepted (RFC 8301)";
        return v;
    }
    if (options.now > 0 && tags.expiration && *tags.expiration < options.now) {
        v.result = AuthResult::PermError;
        v.reason = "signature expired (x=)";
        return v;
    }
    Pkey key = fetch_key(tags, v, resolver, options);
    if (!key) return v;
    const bool ed25519 = tags.algorithm == "ed25519-sha256";
    // Body hash.
    std::string body = canonical_body(msg.body, tags.canon_body == "relaxed");
    if (tags.body_length) {
        if (*tags.body_length > body.size()) {
            v.result = AuthResult::Fail;
            v.reason = "l= is longer than the body";
            return v;
        }
        body.resize(*tags.body_length);
    }
    auto expected_bh = base64_strict(tags.body_hash);
    if (!expected_bh || sha256(body) != *expected_bh) {
        v.result = v.testing ? AuthResult::Neutral : AuthResult::Fail;
        v.reason = "body hash does not match (bh=)";
        return v;
    }
    auto sig = base64_strict(tags.signature);
    if (!sig) {
        v.result = AuthResult::PermError;
        v.reason = "b= is not base64";
        return v;
    }
    const std::string data = signed_header_data(msg, tags.signed_headers, field.text, tags.canon_header == "relaxed");
    if (!verify_signature(key.get(), ed25519, data, *sig)) {
        v.result = v.testing ? AuthResult::Neutral : AuthResult::Fail;
        v.reason = "signature does not verify";
        // z=: which signed fields differ from what the signer copied (diagnostics only).
        for (const auto& copied : tags.copied_headers) {
            const std::size_t colon = copied.find(':');
            if (colon == std::string::npos) continue;
            const std::string name = base::to_lower_ascii(copied.substr(0, colon));
            bool same = false;
            for (const auto& f : msg.fields)
                if (base::to_lower_ascii(f.name) == name &&
                    strip_fws(std::string_view(f.text).substr(f.text.find(':') + 1)) == strip_fws(std::string_view(copied).substr(colon + 1)))
                    same = true;
            if (!same) v.header_diff.push_back(name);
        }
        return v;
    }
    v.result = AuthResult::Pass;
    v.reason = v.testing ? "signature verifies (key in testing mode, t=y)" : "signature verifies";
    return v;
}

DkimVerification verify_signed_data(const DkimSignatureTags& tags, std::string_view data, Resolver& resolver, const DkimOptions& options) {
    DkimVerification v;
    v.domain = tags.domain;
    v.selector = tags.selector;
    v.algorithm = tags.algorithm;
    if (tags.algorithm != "rsa-sha256" && tags.algorithm != "ed25519-sha256") {
        v.result = AuthResult::PermError;
        v.reason = fmt::format("algorithm a={} is not accepted", tags.algorithm);
        return v;
    }
    Pkey key = fetch_key(tags, v, resolver, options);
    if (!key) return v;
    auto sig = base64_strict(tags.signature);
    if (!sig) {
        v.result = AuthResult::PermError;
        v.reason = "b= is not base64";
        return v;
    }
    if (!verify_signature(key.get(), tags.algorithm == "ed25519-sha256", data, *sig)) {
        v.result = v.testing ? AuthResult::Neutral : AuthResult::Fail;
        v.reason = "signature does not verify";
        return v;
    }
    v.result = AuthResult::Pass;
    v.reason = "signature verifies";
    return v;
}

std::optional<std::vector<std::pair<std::string, std::string>>> parse_tag_list(std::string_view text) {
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t i = 0;
    while (i <= text.size()) {
        std::size_t end = text.find(';', i);
        if (end == std::string_view::npos) end = text.size();
        std::string_view spec = trim_fws(text.substr(i, end - i));
        i = end + 1;
        if (spec.empty()) {
            if (end == text.size()) break;
            continue; // an empty spec after the last ';' is allowed; others too, leniently
        }
        const std::size_t eq = spec.find('=');
        if (eq == std::string_view::npos) return std::nullopt;
        std::string name(trim_fws(spec.substr(0, eq)));
        if (name.empty() || !std::isalpha(static_cast<unsigned char>(name[0])) ||
            !std::all_of(name.begin(), name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }))
            return std::nullopt;
        for (const auto& [n, v] : out)
            if (n == name) return std::nullopt;
        out.emplace_back(std::move(name), std::string(trim_fws(spec.substr(eq + 1))));
        if (out.size() > 64) return std::nullopt;
    }
    return out;
}

namespace {

// DKIM-Signature (arc false) and ARC-Message-Signature (arc true) share their tags; the AMS has
// no v= and its i= is the instance.
std::optional<DkimSignatureTags> read_signature_tags(std::string_view value, std::string* error, bool arc) {
    auto fail = [&](std::string why) -> std::optional<DkimSignatureTags> {
        if (error) *error = std::move(why);
        return std::nullopt;
    };
    auto tags = parse_tag_list(value);
    if (!tags) return fail("DKIM-Signature is not a valid tag list");
    DkimSignatureTags s;
    bool has_v = false, has_a = false, has_b = false, has_bh = false, has_d = false, has_h = false, has_s = false;
    for (const auto& [tag, raw] : *tags) {
        const std::string v = strip_fws(raw);
        if (tag == "v") has_v = true, s.version = v;
        else if (tag == "a") has_a = true, s.algorithm = base::to_lower_ascii(v);
        else if (tag == "b") has_b = true, s.signature = v;
        else if (tag == "bh") has_bh = true, s.body_hash = v;
        else if (tag == "d") has_d = true, s.domain = base::to_lower_ascii(v);
        else if (tag == "s") has_s = true, s.selector = v;
        else if (tag == "i" && arc) {
            auto instance = parse_uint(v, 2);
            if (!instance || *instance < 1 || *instance > 50) return fail("i= is not an ARC instance 1-50");
            s.arc_instance = static_cast<int>(*instance);
        } else if (tag == "i") s.identity = v;
        else if (tag == "h") {
            has_h = true;
            for (auto& h : split_colon(raw)) s.signed_headers.push_back(base::to_lower_ascii(h));
        } else if (tag == "c") {
            const std::string c = base::to_lower_ascii(v);
            const std::size_t slash = c.find('/');
            s.canon_header = c.substr(0, slash);
            s.canon_body = slash == std::string::npos ? "simple" : c.substr(slash + 1);
            for (const auto& x : {s.canon_header, s.canon_body})
                if (x != "simple" && x != "relaxed") return fail(fmt::format("unknown canonicalisation c={}", c));
        } else if (tag == "l") {
            s.body_length = parse_uint(v, 76);
            if (!s.body_length) return fail("l= is not a number");
        } else if (tag == "t") {
            auto t = parse_uint(v, 12);
            if (!t) return fail("t= is not a number");
            s.timestamp = static_cast<std::int64_t>(*t);
        } else if (tag == "x") {
            auto x = parse_uint(v, 12);
            if (!x) return fail("x= is not a number");
            s.expiration = static_cast<std::int64_t>(*x);
        } else if (tag == "q") {
            if (base::to_lower_ascii(v).find("dns/txt") == std::string::npos) return fail("q= has no dns/txt");
        } else if (tag == "z") {
            // '|'-separated copies of header fields. A plain loop: clang 14 (the fuzz preset)
            // does not let a lambda capture a structured binding such as `raw`.
            const std::string_view copies = raw;
            for (std::size_t i = 0; i <= copies.size();) {
                std::size_t j = copies.find('|', i);
                if (j == std::string_view::npos) j = copies.size();
                s.copied_headers.push_back(decode_dkim_qp(copies.substr(i, j - i)));
                i = j + 1;
            }
        }
    }
    if (arc) {
        if (!s.arc_instance) return fail("i= is missing");
        if (std::find(s.signed_headers.begin(), s.signed_headers.end(), "arc-seal") != s.signed_headers.end())
            return fail("h= signs ARC-Seal");
    } else if (!has_v || s.version != "1") {
        return fail("v= is missing or not 1");
    }
    if (!has_a || !has_b || !has_bh || !has_d || !has_h || !has_s) return fail("a required tag (a b bh d h s) is missing");
    if (s.algorithm != "rsa-sha256" && s.algorithm != "ed25519-sha256" && s.algorithm != "rsa-sha1")
        return fail(fmt::format("unknown algorithm a={}", s.algorithm));
    if (std::find(s.signed_headers.begin(), s.signed_headers.end(), "from") == s.signed_headers.end()) return fail("h= does not sign From");
    if (s.domain.empty() || s.selector.empty()) return fail("d= or s= is empty");
    if (!s.identity.empty()) {
        const std::size_t at = s.identity.rfind('@');
        if (at == std::string::npos || !is_subdomain_or_same(s.identity.substr(at + 1), s.domain))
            return fail("i= is not within d=");
    }
    if (s.timestamp && s.expiration && *s.expiration < *s.timestamp) return fail("x= is before t=");
    return s;
}

} // namespace

std::optional<DkimSignatureTags> parse_dkim_signature_tags(std::string_view value, std::string* error) {
    return read_signature_tags(value, error, false);
}

std::optional<DkimSignatureTags> parse_arc_message_signature_tags(std::string_view value, std::string* error) {
    return read_signature_tags(value, error, true);
}

SplitMessage split_message(std::string_view raw) {
    // Bare LF (a file on disk) read as CRLF.
    std::string text;
    text.reserve(raw.size() + raw.size() / 32);
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r')) text += '\r';
        text += raw[i];
    }
    SplitMessage out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        if (text.compare(pos, 2, "\r\n") == 0) {
            out.body = text.substr(pos + 2);
            return out;
        }
        std::size_t end = pos;
        while (true) {
            std::size_t nl = text.find("\r\n", end);
            if (nl == std::string::npos) {
                end = text.size();
                break;
            }
            end = nl + 2;
            if (end >= text.size() || !is_wsp(text[end])) break;
        }
        std::string field = text.substr(pos, end - pos);
        const std::size_t colon = field.find(':');
        if (colon != std::string::npos && colon > 0) {
            std::string name(trim_fws(std::string_view(field).substr(0, colon)));
            out.fields.push_back({std::move(name), std::move(field)});
        }
        pos = end;
    }
    return out;
}

std::string canonical_body(std::string_view body, bool relaxed) {
    std::string out;
    if (!relaxed) {
        out.assign(body);
    } else {
        out.reserve(body.size());
        std::size_t i = 0;
        while (i < body.size()) {
            std::size_t nl = body.find("\r\n", i);
            const bool has_nl = nl != std::string_view::npos;
            if (!has_nl) nl = body.size();
            std::string line;
            bool in_wsp = false;
            for (std::size_t k = i; k < nl; ++k) {
                if (is_wsp(body[k])) {
                    in_wsp = true;
                } else {
                    if (in_wsp) line += ' ';
                    in_wsp = false;
                    line += body[k];
                }
            }
            out += line;
            if (has_nl) out += "\r\n";
            i = has_nl ? nl + 2 : nl;
        }
    }
    // Trailing empty lines removed; a non-empty body ends with CRLF.
    while (out.size() >= 4 && out.compare(out.size() - 4, 4, "\r\n\r\n") == 0) out.resize(out.size() - 2);
    if (out == "\r\n") out.clear();
    if (!out.empty() && (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0)) out += "\r\n";
    if (out.empty() && !relaxed) out = "\r\n";
    return out;
}

std::string canonical_header(std::string_view field, bool relaxed) {
    if (!relaxed) return std::string(field);
    const std::size_t colon = field.find(':');
    if (colon == std::string_view::npos) return std::string(field);
    std::string out = base::to_lower_ascii(trim_fws(field.substr(0, colon)));
    out += ':';
    std::string value;
    bool in_wsp = false;
    for (char c : field.substr(colon + 1)) {
        if (c == '\r' || c == '\n') continue;
        if (is_wsp(c)) {
            in_wsp = true;
            continue;
        }
        if (in_wsp && !value.empty()) value += ' ';
        in_wsp = false;
        value += c;
    }
    out += value;
    out += "\r\n";
    return out;
}

std::string signed_header_data(const SplitMessage& msg, const std::vector<std::string>& signed_headers, std::string_view signature_field,
                               bool relaxed) {
    std::string data;
    std::vector<bool> used(msg.fields.size(), false);
    for (const auto& name : signed_headers) {
        for (std::size_t k = msg.fields.size(); k-- > 0;) {
            if (used[k] || base::to_lower_ascii(msg.fields[k].name) != name) continue;
            if (msg.fields[k].text.data() == signature_field.data()) continue;
            used[k] = true;
            data += canonical_header(msg.fields[k].text, relaxed);
            break;
        }
    }
    std::string self = canonical_header(without_b_value(signature_field), relaxed);
    if (self.size() >= 2 && self.compare(self.size() - 2, 2, "\r\n") == 0) self.resize(self.size() - 2);
    data += self;
    return data;
}

std::vector<DkimVerification> verify_dkim(std::string_view raw, Resolver& resolver, const DkimOptions& options) {
    std::vector<DkimVerification> out;
    const SplitMessage msg = split_message(raw);
    for (const auto& field : msg.fields) {
        if (base::to_lower_ascii(field.name) != "dkim-signature") continue;
        if (out.size() >= options.max_signatures) {
            DkimVerification v;
            v.result = AuthResult::PermError;
            v.reason = fmt::format("more than {} signatures: not verified", options.max_signatures);
            out.push_back(std::move(v));
            continue;
        }
        out.push_back(verify_one(msg, field, resolver, options));
    }
    return out;
}

AuthResult combine_dkim(const std::vector<DkimVerification>& results) {
    if (results.empty()) return AuthResult::None;
    for (auto want : {AuthResult::Pass, AuthResult::Fail, AuthResult::TempError, AuthResult::Neutral, AuthResult::Policy})
        for (const auto& r : results)
            if (r.result == want) return want;
    return AuthResult::PermError;
}

} // namespace mikiwame::auth

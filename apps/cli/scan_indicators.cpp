// SPDX-License-Identifier: Apache-2.0
#include "scan_indicators.h"

#include <openssl/evp.h>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "csv_field.h"
#include "mikiwame/mail_date.h"

namespace mikiwame::cli {

namespace {

// The namespace of mikiwame's indicator ids (UUIDv5, RFC 4122 §4.3): the same indicator gets the
// same id in every run, so a CSIRT's platform updates it instead of adding a copy.
constexpr std::array<unsigned char, 16> kIndicatorNamespace{0x37, 0xaa, 0x0f, 0x64, 0xb0, 0x70, 0x43, 0x26,
                                                            0xa7, 0x7b, 0xde, 0x3d, 0x1d, 0xfd, 0x94, 0x31};

std::string uuid_text(const unsigned char* b) {
    std::string hex;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) hex += '-';
        hex += fmt::format("{:02x}", b[i]);
    }
    return hex;
}

std::string uuid_v5(const std::string& name) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    std::string input(reinterpret_cast<const char*>(kIndicatorNamespace.data()), kIndicatorNamespace.size());
    input += name;
    EVP_Digest(input.data(), input.size(), digest, &length, EVP_sha1(), nullptr);
    digest[6] = static_cast<unsigned char>((digest[6] & 0x0f) | 0x50);
    digest[8] = static_cast<unsigned char>((digest[8] & 0x3f) | 0x80);
    return uuid_text(digest);
}

std::string uuid_v4() {
    std::random_device random;
    std::array<unsigned char, 16> b{};
    for (auto& byte : b) byte = static_cast<unsigned char>(random());
    b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
    b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
    return uuid_text(b.data());
}

std::string stix_time(std::int64_t epoch) {
    std::time_t t = static_cast<std::time_t>(epoch);
    std::tm tm{};
    gmtime_r(&t, &tm);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.000Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                       tm.tm_min, tm.tm_sec);
}

// STIX patterning: a string literal in single quotes, with \ and ' escaped.
std::string quoted(const std::string& value) {
    std::string out = "'";
    for (char c : value) {
        if (c == '\\' || c == '\'') out += '\\';
        out += c;
    }
    return out + "'";
}

std::string pattern_for(const std::string& type, const std::string& value) {
    if (type == "url") return "[url:value = " + quoted(value) + "]";
    if (type == "domain") return "[domain-name:value = " + quoted(value) + "]";
    if (type == "ipv4") return "[ipv4-addr:value = " + quoted(value) + "]";
    if (type == "ipv6") return "[ipv6-addr:value = " + quoted(value) + "]";
    if (type == "email") return "[email-addr:value = " + quoted(value) + "]";
    if (type == "email-domain") return "[email-message:from_ref.value LIKE " + quoted("%@" + value) + "]";
    return "[file:hashes.'SHA-256' = " + quoted(value) + "]";
}

std::string name_for(const std::string& type, const std::string& value) {
    if (type == "url") return "Phishing URL " + value;
    if (type == "domain") return "Phishing link domain " + value;
    if (type == "ipv4" || type == "ipv6") return "Phishing IP address " + value;
    if (type == "email") return "Phishing sender " + value;
    if (type == "email-domain") return "Phishing sender domain " + value;
    return "Phishing mail attachment " + value;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// A link's registrable domain is the address itself for an IP host.
const char* address_type(const std::string& host) {
    if (host.find(':') != std::string::npos) return "ipv6";
    const bool dotted_quad = std::all_of(host.begin(), host.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
    return dotted_quad ? "ipv4" : "domain";
}

} // namespace

void IndicatorSet::note(const std::string& type, const std::string& value, const Report& report, const std::string& location,
                        std::int64_t seen) {
    if (value.empty()) return;
    auto [it, fresh] = indicators_.try_emplace({type, value});
    Indicator& i = it->second;
    ++i.mails;
    if (fresh) {
        i.first_seen = i.last_seen = seen;
        i.example = location;
    } else {
        i.first_seen = std::min(i.first_seen, seen);
        i.last_seen = std::max(i.last_seen, seen);
    }
    i.phishing = i.phishing || report.verdict == Verdict::Phishing;
}

void IndicatorSet::add(const Report& r, const Engine& engine, const std::string& location, std::int64_t scan_time) {
    if (r.verdict != Verdict::Phishing && r.verdict != Verdict::Suspicious) return;
    const std::int64_t seen = r.message.date ? mail_date_epoch(*r.message.date).value_or(scan_time) : scan_time;
    // The brands' own domains (their logos and legal pages in a phishing mail) are no indicator.
    std::set<std::string> official;
    for (const auto* brands : {&r.brands, &r.mentioned_brands})
        for (const auto& b : *brands) official.insert(b.official_domains.begin(), b.official_domains.end());
    // Each indicator counted once per mail.
    std::set<std::pair<std::string, std::string>> once;
    auto add_once = [&](const std::string& type, const std::string& value) {
        if (once.insert({type, value}).second) note(type, value, r, location, seen);
    };
    for (const auto& u : r.urls) {
        if (official.count(u.registrable_domain) > 0) continue;
        add_once("url", u.url);
        if (u.redirect_target) add_once("url", *u.redirect_target);
        if (!u.registrable_domain.empty() && !engine.is_shared_domain(u.registrable_domain))
            add_once(address_type(u.registrable_domain), u.registrable_domain);
    }
    if (r.origin && !r.origin->ip.empty()) add_once(address_type(r.origin->ip), r.origin->ip);
    const bool genuine = std::any_of(r.brands.begin(), r.brands.end(), [](const BrandInfo& b) { return b.is_genuine; });
    const SenderAddress& from = r.sender.from;
    if (!genuine && !from.address.empty() && !official.count(from.registrable_domain)) {
        add_once("email", lower(from.address));
        if (!from.registrable_domain.empty() && !engine.is_shared_domain(from.registrable_domain))
            add_once("email-domain", from.registrable_domain);
    }
    if (r.sender.reply_to && !r.sender.reply_to->empty()) add_once("email", lower(*r.sender.reply_to));
    for (const auto& a : r.attachments)
        if (!a.sha256.empty()) add_once("sha256", a.sha256);
}

std::string IndicatorSet::csv() const {
    std::string out = "type,value,mails,first_seen,last_seen,verdict,example\n";
    for (const auto& [key, i] : indicators_)
        out += fmt::format("{},{},{},{},{},{},{}\n", key.first, csv_field(key.second), i.mails, stix_time(i.first_seen),
                           stix_time(i.last_seen), i.phishing ? "phishing" : "suspicious", csv_field(i.example));
    return out;
}

std::string IndicatorSet::stix_bundle(std::int64_t now) const {
    using nlohmann::ordered_json;
    ordered_json objects = ordered_json::array();
    const std::string created = stix_time(now);
    for (const auto& [key, i] : indicators_) {
        const auto& [type, value] = key;
        objects.push_back({
            {"type", "indicator"},
            {"spec_version", "2.1"},
            {"id", "indicator--" + uuid_v5(type + "\n" + value)},
            {"created", created},
            {"modified", created},
            {"name", name_for(type, value)},
            {"description", fmt::format("Seen in {} {} mail{} analysed by mikiwame, first {}, last {}.", i.mails,
                                        i.phishing ? "phishing" : "suspicious", i.mails == 1 ? "" : "s", stix_time(i.first_seen),
                                        stix_time(i.last_seen))},
            {"indicator_types", ordered_json::array({i.phishing ? "malicious-activity" : "anomalous-activity"})},
            {"pattern", pattern_for(type, value)},
            {"pattern_type", "stix"},
            {"pattern_version", "2.1"},
            {"valid_from", stix_time(i.first_seen)},
        });
    }
    ordered_json bundle = {{"type", "bundle"}, {"id", "bundle--" + uuid_v4()}, {"objects", objects}};
    return bundle.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

Result<bool> IndicatorSet::write(const std::filesystem::path& path, std::int64_t now) const {
    const std::string text = path.extension() == ".json" ? stix_bundle(now) : csv();
    std::FILE* out = std::fopen(path.c_str(), "wb");
    if (!out) return make_error(ErrorCode::CannotOpen, "cannot write the indicators", path.string());
    bool ok = std::fwrite(text.data(), 1, text.size(), out) == text.size();
    ok = (std::fclose(out) == 0) && ok;
    if (!ok) return make_error(ErrorCode::CannotOpen, "write error", path.string());
    return true;
}

} // namespace mikiwame::cli

// SPDX-License-Identifier: Apache-2.0
#include "report_codec.h"

#include <nlohmann/json.hpp>

namespace nlohmann {
// std::optional as null or the value (nlohmann 3.11 has no built-in support).
template <typename T>
struct adl_serializer<std::optional<T>> {
    static void to_json(json& j, const std::optional<T>& v) {
        if (v) j = *v;
        else j = nullptr;
    }
    static void from_json(const json& j, std::optional<T>& v) {
        if (j.is_null()) v.reset();
        else v = j.get<T>();
    }
};
} // namespace nlohmann

namespace mikiwame {

NLOHMANN_JSON_SERIALIZE_ENUM(Verdict, {{Verdict::Clean, "clean"}, {Verdict::Suspicious, "suspicious"}, {Verdict::Spam, "spam"}, {Verdict::Phishing, "phishing"}})
NLOHMANN_JSON_SERIALIZE_ENUM(Severity, {{Severity::Info, "info"}, {Severity::Low, "low"}, {Severity::Medium, "medium"}, {Severity::High, "high"}})
NLOHMANN_JSON_SERIALIZE_ENUM(AuthResult, {{AuthResult::Pass, "pass"},
                                          {AuthResult::Fail, "fail"},
                                          {AuthResult::SoftFail, "softfail"},
                                          {AuthResult::Neutral, "neutral"},
                                          {AuthResult::None, "none"},
                                          {AuthResult::TempError, "temperror"},
                                          {AuthResult::PermError, "permerror"},
                                          {AuthResult::Policy, "policy"}})

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(LocalizedText, ja, en)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Finding, id, severity, score, summary, evidence, lead)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(MessageInfo, subject, date, message_id, size, sha256)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SenderAddress, address, display_name, domain, registrable_domain)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ProviderInfo, id, name)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SenderInfo, from, return_path, reply_to, message_id_domain, provider)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(OriginInfo, ip, helo, rdns, country, asn, as_org)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ReceivedInfo, from_helo, from_rdns, from_ip, by, with, id, for_address, date, raw)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(AuthFieldInfo, field, authserv_id, header_index, reason)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(AuthInfo, spf, dkim, dmarc, source, used, ignored)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(UrlInfo, url, display_text, host, registrable_domain, found_in, redirect_target, contains_recipient, flags)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(AttachmentInfo, filename, content_type, size, sha256, flags)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(BrandInfo, id, name, name_ja, official_domains, evidence, is_genuine)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(LureInfo, kinds, wants, advice, delivery_report)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ForwarderInfo, address, display_name, subject, date)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ForwardedInfo, kind, style, depth, forwarder, recovered_headers, notes)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(DatabaseInfo, kind, path, built)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(FeedInfo, source, entries, latest)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(EngineInfo, version, commit, data_version, intel_db, intel_entries, intel_feeds, geoip, content_model)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Report, verdict, score, message, forwarded, brands, mentioned_brands, sender, origin, received, auth, urls,
                                   attachments, findings, lure, engine, top_reasons, summary, content_language, notes)

namespace server {

namespace {
constexpr int kCodecVersion = 1;
}

std::string encode_report(const Report& report) {
    nlohmann::json j = {{"v", kCodecVersion}, {"report", report}};
    // Strings of a Report are UTF-8 by construction; replace guards against any stray byte.
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<Report> decode_report(std::string_view stored) {
    try {
        const nlohmann::json j = nlohmann::json::parse(stored);
        if (!j.is_object() || j.value("v", 0) != kCodecVersion || !j.contains("report")) return std::nullopt;
        return j.at("report").get<Report>();
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

} // namespace server
} // namespace mikiwame

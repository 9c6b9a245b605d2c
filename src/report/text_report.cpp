// SPDX-License-Identifier: Apache-2.0
#include <fmt/format.h>

#include "base/text.h"
#include "report/render.h"

namespace mikiwame::report {

namespace {

struct Labels {
    const char* title;
    const char* verdict;
    const char* score;
    const char* subject;
    const char* date;
    const char* sender;
    const char* display_name;
    const char* address;
    const char* route;
    const char* origin;
    const char* auth;
    const char* links;
    const char* attachments;
    const char* findings;
    const char* none;
};

constexpr Labels kJapanese{"mikiwame 解析レポート", "判定", "スコア", "件名", "日付", "送信者", "表示名", "アドレス",
                           "送信経路", "送信元", "認証結果", "リンク先", "添付ファイル", "検出事項", "なし"};
constexpr Labels kEnglish{"mikiwame analysis report", "Verdict", "Score", "Subject", "Date", "Sender", "Display name",
                          "Address", "Route", "Origin", "Authentication", "Links", "Attachments", "Findings", "none"};

const char* verdict_text(Verdict v, Language lang) {
    if (lang == Language::English) return to_string(v);
    switch (v) {
    case Verdict::Phishing: return "フィッシング";
    case Verdict::Spam: return "迷惑メール";
    case Verdict::Suspicious: return "要注意";
    case Verdict::Clean: return "問題なし";
    }
    return "";
}

std::string or_dash(const std::optional<std::string>& v) {
    return v && !v->empty() ? base::sanitize_utf8(*v) : "-";
}

} // namespace

std::string defang_url(std::string_view url) {
    std::string out(url);
    if (base::istarts_with_ascii(out, "http")) out.replace(0, 2, "hx");
    if (base::istarts_with_ascii(out, "hxtp")) out.replace(0, 4, "hxxp");
    std::size_t host_begin = out.find("://");
    host_begin = host_begin == std::string::npos ? 0 : host_begin + 3;
    std::size_t host_end = out.find_first_of("/?#", host_begin);
    if (host_end == std::string::npos) host_end = out.size();
    std::string result = out.substr(0, host_begin);
    for (std::size_t i = host_begin; i < host_end; ++i) {
        if (out[i] == '.') {
            result += "[.]";
        } else {
            result += out[i];
        }
    }
    result += out.substr(host_end);
    return result;
}

std::string render_text(const Report& r, Language lang) {
    const Labels& L = lang == Language::Japanese ? kJapanese : kEnglish;
    std::string out;
    auto line = [&](std::string text) {
        out += text;
        out += '\n';
    };
    line(fmt::format("== {} ==", L.title));
    line(fmt::format("{}: {}   {}: {:.1f}", L.verdict, verdict_text(r.verdict, lang), L.score, r.score));
    line(fmt::format("{}: {}", L.subject, base::sanitize_utf8(r.message.subject)));
    line(fmt::format("{}: {}", L.date, or_dash(r.message.date)));
    line("");
    line(fmt::format("[{}]", L.sender));
    line(fmt::format("  {}: {}", L.display_name, r.sender.from.display_name.empty() ? "-" : base::sanitize_utf8(r.sender.from.display_name)));
    line(fmt::format("  {}: {}", L.address, r.sender.from.address.empty() ? "-" : base::sanitize_utf8(r.sender.from.address)));
    line(fmt::format("  Return-Path: {}", or_dash(r.sender.return_path)));
    line(fmt::format("  Reply-To: {}", or_dash(r.sender.reply_to)));
    line(fmt::format("  Message-ID: {}", or_dash(r.message.message_id)));
    line("");
    line(fmt::format("[{}]", L.route));
    if (r.received.empty()) line(fmt::format("  {}", L.none));
    // Hops are listed from the origin towards the recipient, as the mail travelled.
    for (std::size_t i = r.received.size(); i-- > 0;) {
        const ReceivedInfo& hop = r.received[i];
        if (hop.from_ip || hop.by) {
            line(fmt::format("  {}. from {} [{}] (HELO {}) by {}", r.received.size() - i, or_dash(hop.from_rdns),
                             or_dash(hop.from_ip), or_dash(hop.from_helo), or_dash(hop.by)));
        } else {
            line(fmt::format("  {}. {}", r.received.size() - i, base::sanitize_utf8(base::truncate_utf8(hop.raw, 160))));
        }
    }
    if (r.origin) {
        std::string where;
        if (r.origin->country) where += " " + *r.origin->country;
        if (r.origin->asn) where += fmt::format(" AS{}", *r.origin->asn);
        if (r.origin->as_org) where += " (" + base::sanitize_utf8(*r.origin->as_org) + ")";
        line(fmt::format("  {}: {} rDNS={} HELO={}{}", L.origin, r.origin->ip, or_dash(r.origin->rdns),
                         or_dash(r.origin->helo), where));
    }
    line("");
    line(fmt::format("[{}] SPF={} DKIM={} DMARC={}", L.auth, or_dash(r.auth.spf), or_dash(r.auth.dkim), or_dash(r.auth.dmarc)));
    line("");
    line(fmt::format("[{}]", L.links));
    if (r.urls.empty()) line(fmt::format("  {}", L.none));
    for (const auto& u : r.urls) {
        std::string flags;
        for (const auto& f : u.flags) flags += (flags.empty() ? "" : ", ") + f;
        line(fmt::format("  - {} ({}){}", defang_url(base::sanitize_utf8(u.url)), u.registrable_domain,
                         flags.empty() ? "" : " [" + flags + "]"));
        if (u.redirect_target) line(fmt::format("      -> {}", defang_url(base::sanitize_utf8(*u.redirect_target))));
    }
    line("");
    line(fmt::format("[{}]", L.attachments));
    if (r.attachments.empty()) line(fmt::format("  {}", L.none));
    for (const auto& a : r.attachments)
        line(fmt::format("  - {} {} {} bytes sha256={}", or_dash(a.filename), a.content_type, a.size, a.sha256));
    line("");
    line(fmt::format("[{}]", L.findings));
    if (r.findings.empty()) line(fmt::format("  {}", L.none));
    for (const auto& f : r.findings) {
        line(fmt::format("  * [{}] {} ({})", to_string(f.severity), lang == Language::Japanese ? f.summary.ja : f.summary.en, f.id));
        for (const auto& e : f.evidence) line(fmt::format("      - {}", base::sanitize_utf8(e)));
    }
    for (const auto& note : r.notes) line(fmt::format("  ({})", note));
    return out;
}

} // namespace mikiwame::report

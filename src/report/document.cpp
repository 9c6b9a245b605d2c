// SPDX-License-Identifier: Apache-2.0
#include "report/document.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/text.h"
#include "report/render.h"

namespace mikiwame::report {

namespace {

struct Words {
    const char* title;
    const char* verdict;
    const char* summary;
    const char* subject;
    const char* sender;
    const char* recipient;
    const char* route;
    const char* auth;
    const char* links;
    const char* attachments;
    const char* content;
    const char* actions;
    const char* other;
    const char* none;
    const char* display_name;
    const char* address;
    const char* origin;
    const char* brands;
    const char* score;
};

constexpr Words kJa{"mikiwame 解析レポート", "判定", "概要", "件名", "送信者", "宛名", "送信経路", "認証結果",
                    "リンク先", "添付ファイル", "本文の特徴", "推奨される対応", "その他の所見", "なし", "表示名",
                    "アドレス", "送信元", "名乗っているブランド", "スコア"};
constexpr Words kEn{"mikiwame analysis report", "Verdict", "Summary", "Subject", "Sender", "Recipient", "Route",
                    "Authentication", "Links", "Attachments", "Wording", "What to do", "Other findings", "none",
                    "Display name", "Address", "Origin", "Brands claimed", "score"};

const char* verdict_word(Verdict v, Language lang) {
    if (lang == Language::English) return to_string(v);
    switch (v) {
    case Verdict::Phishing: return "フィッシング";
    case Verdict::Spam: return "迷惑メール";
    case Verdict::Suspicious: return "要注意";
    case Verdict::Clean: return "問題なし";
    }
    return "";
}

std::string clean(std::string_view s) {
    return base::sanitize_utf8(s);
}

std::string or_dash(const std::optional<std::string>& v) {
    return v && !v->empty() ? clean(*v) : "-";
}

bool in_namespace(const Finding& f, std::initializer_list<std::string_view> prefixes) {
    for (auto p : prefixes)
        if (std::string_view(f.id).starts_with(p)) return true;
    return false;
}

// Evidence is written in English by the stages; the phrasebook (when given) renders it in
// the report's language.
std::string evidence_line(std::string_view line, const Phrasebook* book) {
    return base::defang_text(clean(book ? book->translate(line) : std::string(line)));
}

Item finding_item(const Finding& f, Language lang, const Phrasebook* book) {
    Item item;
    item.text = fmt::format("[{}] {} ({})", to_string(f.severity), lang == Language::Japanese ? f.summary.ja : f.summary.en, f.id);
    for (const auto& e : f.evidence) item.details.push_back(evidence_line(e, book));
    return item;
}

void add_findings(Section& s, const Report& r, Language lang, const Phrasebook* book,
                  std::initializer_list<std::string_view> prefixes) {
    for (const auto& f : r.findings)
        if (in_namespace(f, prefixes)) s.items.push_back(finding_item(f, lang, book));
}

std::string summary_paragraph(const Report& r, Language lang) {
    bool ja = lang == Language::Japanese;
    std::string brand = r.brands.empty() ? "" : r.brands.front().name;
    std::string text;
    switch (r.verdict) {
    case Verdict::Phishing:
        text = ja ? "このメールはフィッシングと判定しました。" : "This mail is phishing.";
        break;
    case Verdict::Spam:
        text = ja ? "このメールは迷惑メール（詐欺・広告）と判定しました。" : "This mail is spam (unwanted bulk or scam).";
        break;
    case Verdict::Suspicious:
        text = ja ? "このメールには注意が必要な点があります。" : "This mail shows signs that deserve caution.";
        break;
    case Verdict::Clean:
        text = ja ? "このメールに大きな問題は見つかりませんでした。" : "No significant problem was found in this mail.";
        break;
    }
    if (!brand.empty() && r.verdict != Verdict::Clean)
        text += ja ? fmt::format("「{}」を名乗っています。", brand) : fmt::format(" It presents itself as {}.", brand);
    // The three weightiest findings say why, in the catalogue's words.
    std::vector<const Finding*> top;
    for (const auto& f : r.findings) top.push_back(&f);
    std::stable_sort(top.begin(), top.end(), [](const Finding* a, const Finding* b) { return a->score > b->score; });
    std::size_t shown = 0;
    for (const Finding* f : top) {
        if (shown == 3 || f->score <= 0) break;
        text += ja ? fmt::format("{}。", f->summary.ja) : fmt::format(" {}.", f->summary.en);
        ++shown;
    }
    return text;
}

std::vector<std::string> actions(const Report& r, Language lang) {
    bool ja = lang == Language::Japanese;
    if (r.verdict == Verdict::Clean)
        return {ja ? "特別な対応は不要です。心当たりのない依頼には引き続き注意してください。"
                   : "No action needed; stay careful with unexpected requests."};
    std::vector<std::string> out;
    if (ja) {
        out.push_back("メール内のリンクを開かず、添付ファイルも開かないでください。");
        out.push_back("確認が必要な場合は、ブックマークや公式アプリなど、メール以外の方法で公式サイトにアクセスしてください。");
        out.push_back("すでにパスワードなどを入力した場合は、直ちに公式サイトでパスワードを変更し、同じパスワードを使っている他のサービスも変更してください。管理者にも連絡してください。");
        out.push_back("フィッシング対策協議会 (info@antiphishing.jp) や、名乗られている事業者の窓口へ報告してください。");
    } else {
        out.push_back("Do not open the links or attachments in this mail.");
        out.push_back("If you need to check your account, go to the official site through a bookmark or the official app.");
        out.push_back("If you already entered a password, change it at once on the official site, and everywhere you reused it; tell your administrator.");
        out.push_back("Report the mail to your abuse desk or IT team, to the impersonated company, and to reportphishing@apwg.org.");
    }
    return out;
}

} // namespace

Document build_document(const Report& r, Language lang, const Phrasebook* book) {
    const Words& W = lang == Language::Japanese ? kJa : kEn;
    bool ja = lang == Language::Japanese;
    Document doc;
    doc.title = W.title;
    doc.verdict = r.verdict;
    doc.verdict_label = verdict_word(r.verdict, lang);
    doc.score = r.score;
    doc.score_label = W.score;

    Section verdict{fmt::format("{}: {}", W.verdict, doc.verdict_label), {summary_paragraph(r, lang)}, {}};
    if (!r.brands.empty()) {
        for (const auto& b : r.brands) {
            Item item{fmt::format("{}: {} ({})", W.brands, clean(b.name), b.id), {}};
            for (const auto& e : b.evidence) item.details.push_back(evidence_line(e, book));
            verdict.items.push_back(std::move(item));
        }
    }
    doc.sections.push_back(std::move(verdict));

    Section subject{W.subject, {clean(r.message.subject.empty() ? std::string(W.none) : r.message.subject)}, {}};
    add_findings(subject, r, lang, book, {"subject.", "upstream."});
    doc.sections.push_back(std::move(subject));

    Section sender{W.sender, {}, {}};
    sender.items.push_back({fmt::format("{}: {}", W.display_name, r.sender.from.display_name.empty() ? "-" : clean(r.sender.from.display_name)), {}});
    sender.items.push_back({fmt::format("{}: {}", W.address, r.sender.from.address.empty() ? "-" : clean(r.sender.from.address)), {}});
    sender.items.push_back({fmt::format("Return-Path: {}", or_dash(r.sender.return_path)), {}});
    sender.items.push_back({fmt::format("Reply-To: {}", or_dash(r.sender.reply_to)), {}});
    sender.items.push_back({fmt::format("Message-ID: {}", or_dash(r.message.message_id)), {}});
    add_findings(sender, r, lang, book, {"sender."});
    doc.sections.push_back(std::move(sender));

    Section recipient{W.recipient, {}, {}};
    add_findings(recipient, r, lang, book, {"content.generic_salutation"});
    if (recipient.items.empty()) recipient.paragraphs.push_back(W.none);
    doc.sections.push_back(std::move(recipient));

    Section route{W.route, {}, {}};
    for (std::size_t i = r.received.size(); i-- > 0;) {
        const ReceivedInfo& hop = r.received[i];
        std::string text = (hop.from_ip || hop.by)
                               ? fmt::format("{}. from {} [{}] (HELO {}) by {}", r.received.size() - i, or_dash(hop.from_rdns),
                                             or_dash(hop.from_ip), or_dash(hop.from_helo), or_dash(hop.by))
                               : fmt::format("{}. {}", r.received.size() - i, clean(base::truncate_utf8(hop.raw, 160)));
        route.items.push_back({text, {}});
    }
    if (r.origin) {
        std::string where;
        if (r.origin->country) where += " " + *r.origin->country;
        if (r.origin->asn) where += fmt::format(" AS{}", *r.origin->asn);
        if (r.origin->as_org) where += " (" + clean(*r.origin->as_org) + ")";
        route.paragraphs.push_back(fmt::format("{}: {} rDNS={} HELO={}{}", W.origin, r.origin->ip, or_dash(r.origin->rdns),
                                               or_dash(r.origin->helo), where));
    } else if (r.received.empty()) {
        route.paragraphs.push_back(W.none);
    }
    add_findings(route, r, lang, book, {"received."});
    doc.sections.push_back(std::move(route));

    Section auth{W.auth, {fmt::format("SPF={} DKIM={} DMARC={} ({})", or_dash(r.auth.spf), or_dash(r.auth.dkim), or_dash(r.auth.dmarc),
                                      r.auth.source)}, {}};
    add_findings(auth, r, lang, book, {"auth."});
    doc.sections.push_back(std::move(auth));

    Section links{W.links, {}, {}};
    for (const auto& u : r.urls) {
        Item item{fmt::format("{} ({})", base::defang_url(clean(u.url)), clean(u.registrable_domain)), {}};
        if (u.display_text && !u.display_text->empty())
            item.details.push_back((ja ? "表示: " : "shown as: ") + base::defang_text(clean(*u.display_text)));
        if (u.redirect_target) item.details.push_back((ja ? "転送先: " : "leads to: ") + base::defang_url(clean(*u.redirect_target)));
        if (u.contains_recipient) item.details.push_back(ja ? "受信者のアドレスを含む" : "contains the recipient's address");
        if (!u.flags.empty()) {
            std::string flags;
            for (const auto& f : u.flags) flags += (flags.empty() ? "" : ", ") + clean(f);
            item.details.push_back(flags);
        }
        links.items.push_back(std::move(item));
    }
    if (r.urls.empty()) links.paragraphs.push_back(W.none);
    add_findings(links, r, lang, book, {"url."});
    doc.sections.push_back(std::move(links));

    Section attachments{W.attachments, {}, {}};
    for (const auto& a : r.attachments) {
        Item item{fmt::format("{} ({}, {} bytes)", or_dash(a.filename), clean(a.content_type), a.size), {"sha256 " + a.sha256}};
        for (const auto& f : a.flags) item.details.push_back(clean(f));
        attachments.items.push_back(std::move(item));
    }
    if (r.attachments.empty()) attachments.paragraphs.push_back(W.none);
    add_findings(attachments, r, lang, book, {"attachment."});
    doc.sections.push_back(std::move(attachments));

    Section content{W.content, {}, {}};
    for (const auto& f : r.findings)
        if (in_namespace(f, {"content."}) && f.id != "content.generic_salutation") content.items.push_back(finding_item(f, lang, book));
    if (content.items.empty()) content.paragraphs.push_back(W.none);
    doc.sections.push_back(std::move(content));

    Section other{W.other, {}, {}};
    add_findings(other, r, lang, book, {"message."});
    for (const auto& note : r.notes) other.paragraphs.push_back(evidence_line(note, book));
    if (!other.items.empty() || !other.paragraphs.empty()) doc.sections.push_back(std::move(other));

    Section todo{W.actions, {}, {}};
    for (auto& a : actions(r, lang)) todo.items.push_back({std::move(a), {}});
    doc.sections.push_back(std::move(todo));
    return doc;
}

} // namespace mikiwame::report

// SPDX-License-Identifier: Apache-2.0
#include "report/document.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/text.h"
#include "report/narrative.h"
#include "report/render.h"

namespace mikiwame::report {

namespace {

std::string clean(std::string_view s) {
    return base::sanitize_utf8(s);
}

std::string or_dash(const std::optional<AuthResult>& v) {
    return v ? to_string(*v) : "-";
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

// A Japanese write-up names the brands in Japanese: the evidence (written in English by the
// stages, the brand's English name in quotes after translation) gets their Japanese names.
std::string with_brand_names(std::string line, const Report& r, const Words& W) {
    if (W.language != "ja") return line;
    for (const auto* list : {&r.brands, &r.mentioned_brands})
        for (const auto& b : *list) {
            if (b.name_ja.empty() || b.name.empty()) continue;
            const std::string from = "「" + b.name + "」", to = "「" + b.name_ja + "」";
            for (std::size_t at = line.find(from); at != std::string::npos; at = line.find(from, at + to.size())) line.replace(at, from.size(), to);
        }
    return line;
}

Item finding_item(const Finding& f, const Report& r, const Words& W, const Phrasebook* book) {
    Item item;
    item.text = fmt::format("[{}] {} ({})", W.severities.of(f.severity), W.summary_of(f), f.id);
    for (const auto& e : f.evidence) item.details.push_back(with_brand_names(evidence_line(e, book), r, W));
    return item;
}

void add_findings(Section& s, const Report& r, const Words& W, const Phrasebook* book,
                  std::initializer_list<std::string_view> prefixes) {
    for (const auto& f : r.findings)
        if (in_namespace(f, prefixes)) s.items.push_back(finding_item(f, r, W, book));
}

// The engine fills Report::summary with this same text; a report built elsewhere (a test, a
// tool) or in another language gets it composed here.
std::string summary_of(const Report& r, const Words& W) {
    const std::string* stored = W.language == "ja" ? &r.summary.ja : W.language == "en" ? &r.summary.en : nullptr;
    return stored && !stored->empty() ? *stored : compose_summary(r, W);
}

// "mikiwame 0.1.0 (commit …), data sha256:…, phishing-URL store: …, IP databases: …, content
// model sha256:…": what
// produced the report, so two write-ups of one mail can be compared. Facts, not prose: only the
// connecting words follow the language.
std::string provenance_line(const EngineInfo& e, const Words& W) {
    if (e.version.empty()) return {};
    const bool ja = W.language == "ja";
    std::string intel = e.intel_db ? fmt::format("{} ({} {})", clean(*e.intel_db), e.intel_entries, ja ? "件" : "entries")
                                   : std::string(ja ? "なし" : "none");
    std::string geoip;
    for (const auto& g : e.geoip) geoip += fmt::format("{}{} ({})", geoip.empty() ? "" : ", ", clean(g.path), g.built.empty() ? "-" : g.built);
    if (geoip.empty()) geoip = ja ? "なし" : "none";
    const std::string model = e.content_model ? *e.content_model : std::string(ja ? "なし" : "none");
    return ja ? fmt::format("作成: mikiwame {} (commit {})、データ {}、フィッシング URL データベース {}、IP データベース {}、統計モデル {}", e.version,
                            e.commit, e.data_version, intel, geoip, model)
              : fmt::format("Produced by mikiwame {} (commit {}), data {}, phishing-URL store {}, IP databases {}, content model {}", e.version,
                            e.commit, e.data_version, intel, geoip, model);
}

// "Forwarded report: this is the analysis of the message x@example.com forwarded …": the
// reader learns first that the forwarder's mail is not what was judged.
std::string forwarded_line(const Report& r, const Words& W) {
    if (!r.forwarded) return {};
    const ForwarderInfo& f = r.forwarded->forwarder;
    const std::string who = clean(!f.address.empty() ? f.address : !f.display_name.empty() ? f.display_name : std::string("-"));
    std::string line = fill_template(r.forwarded->kind == "attachment" ? W.forwarded.attachment : W.forwarded.inline_body, who);
    if (r.forwarded->depth > 1) line += fill_template(W.forwarded.nested, std::to_string(r.forwarded->depth));
    return line;
}

// A document's title, verdict and score, as every audience's write-up opens.
Document document_head(const Report& r, const Words& W) {
    Document doc;
    doc.title = W.title;
    doc.preface = forwarded_line(r, W);
    doc.verdict = r.verdict;
    doc.verdict_label = W.verdicts.of(r.verdict);
    doc.score = r.score;
    doc.score_label = W.score;
    return doc;
}

} // namespace

std::string summary_paragraph(const Report& report, const Words& words) {
    return compose_summary(report, words);
}

Document build_document(const Report& r, const Words& W, const Phrasebook* book) {
    Document doc = document_head(r, W);

    Section verdict{fmt::format("{}: {}", W.headings.verdict, doc.verdict_label), {summary_of(r, W)}, {}};
    // A clean mail impersonates nobody: its brand is shown with the sender, not as a claim.
    if (r.verdict != Verdict::Clean) {
        for (const auto& b : r.brands) {
            Item item{fmt::format("{}: {} ({})", W.labels.brands, clean(brand_name(b, W)), b.id), {}};
            for (const auto& e : b.evidence) item.details.push_back(with_brand_names(evidence_line(e, book), r, W));
            verdict.items.push_back(std::move(item));
        }
    }
    doc.sections.push_back(std::move(verdict));

    Section subject{W.headings.subject, {clean(r.message.subject.empty() ? W.none : r.message.subject)}, {}};
    add_findings(subject, r, W, book, {"subject.", "upstream."});
    doc.sections.push_back(std::move(subject));

    Section sender{W.headings.sender, {}, {}};
    sender.items.push_back({fmt::format("{}: {}", W.labels.display_name, r.sender.from.display_name.empty() ? "-" : clean(r.sender.from.display_name)), {}});
    sender.items.push_back({fmt::format("{}: {}", W.labels.address, r.sender.from.address.empty() ? "-" : clean(r.sender.from.address)), {}});
    sender.items.push_back({fmt::format("Return-Path: {}", or_dash(r.sender.return_path)), {}});
    sender.items.push_back({fmt::format("Reply-To: {}", or_dash(r.sender.reply_to)), {}});
    sender.items.push_back({fmt::format("Message-ID: {}", or_dash(r.message.message_id)), {}});
    if (r.verdict == Verdict::Clean)
        for (const auto& b : r.brands) sender.items.push_back({fmt::format("{}: {} ({})", W.labels.sender_brand, clean(brand_name(b, W)), b.id), {}});
    if (r.sender.provider)
        sender.items.push_back({fmt::format("{}: {} ({})", W.labels.provider, clean(r.sender.provider->name), r.sender.provider->id), {}});
    add_findings(sender, r, W, book, {"sender."});
    doc.sections.push_back(std::move(sender));

    Section recipient{W.headings.recipient, {}, {}};
    add_findings(recipient, r, W, book, {"content.generic_salutation"});
    if (recipient.items.empty()) recipient.paragraphs.push_back(W.none);
    doc.sections.push_back(std::move(recipient));

    Section route{W.headings.route, {}, {}};
    for (std::size_t i = r.received.size(); i-- > 0;) {
        const ReceivedInfo& hop = r.received[i];
        std::string text = (hop.from_ip || hop.by)
                               ? fmt::format("{}. from {} [{}] (HELO {}) by {}", r.received.size() - i, or_dash(hop.from_rdns),
                                             or_dash(hop.from_ip), or_dash(hop.from_helo), or_dash(hop.by))
                               : fmt::format("{}. {}", r.received.size() - i, clean(base::truncate_utf8(hop.raw, 160)));
        route.items.push_back({evidence_line(text, book), {}});
    }
    if (r.origin) {
        std::string where;
        if (r.origin->country) where += " " + *r.origin->country;
        if (r.origin->asn) where += fmt::format(" AS{}", *r.origin->asn);
        if (r.origin->as_org) where += " (" + clean(*r.origin->as_org) + ")";
        std::string rdns = or_dash(r.origin->rdns);
        if (r.origin->rdns_status) rdns += " (" + *r.origin->rdns_status + ")";
        route.paragraphs.push_back(fmt::format("{}: {} rDNS={} HELO={}{}", W.labels.origin, r.origin->ip, rdns, or_dash(r.origin->helo), where));
    } else if (r.received.empty()) {
        route.paragraphs.push_back(W.none);
    }
    add_findings(route, r, W, book, {"received."});
    doc.sections.push_back(std::move(route));

    Section auth{W.headings.auth, {evidence_line(fmt::format("SPF={} DKIM={} DMARC={} ({})", or_dash(r.auth.spf), or_dash(r.auth.dkim),
                                                             or_dash(r.auth.dmarc), r.auth.source),
                                                 book)},
                 {}};
    // Which fields the results come from and which were left out, with the reason: a reader can
    // check the verdict against the headers themselves (headers[N] is the JSON header_index).
    auto auth_field_item = [&](const AuthFieldInfo& f, const std::string& label) {
        return Item{evidence_line(fmt::format("{}: {} {} (headers[{}])", label, clean(f.field), or_dash(f.authserv_id), f.header_index), book),
                    {evidence_line(f.reason, book)}};
    };
    for (const auto& f : r.auth.used) auth.items.push_back(auth_field_item(f, W.labels.auth_used));
    for (const auto& f : r.auth.ignored) auth.items.push_back(auth_field_item(f, W.labels.auth_ignored));
    // Online: what was computed, what the receiver had written, and every DNS lookup.
    if (r.auth.source == "verified") {
        auth.items.push_back(Item{evidence_line(fmt::format("receiver's fields: SPF={} DKIM={} DMARC={}", or_dash(r.auth.header_spf),
                                                            or_dash(r.auth.header_dkim), or_dash(r.auth.header_dmarc)),
                                                book),
                                  {}});
        for (const auto& c : r.auth.checks)
            auth.items.push_back(Item{evidence_line(fmt::format("verified {}={} {}", c.method, to_string(c.result), clean(c.identity)), book),
                                      {evidence_line(clean(c.detail), book)}});
        Item dns{evidence_line(fmt::format("DNS lookups: {}", r.auth.lookups.size()), book), {}};
        for (const auto& l : r.auth.lookups) {
            std::string answer = l.status;
            if (!l.answers.empty()) {
                answer.clear();
                for (const auto& a : l.answers) answer += (answer.empty() ? "" : ", ") + clean(a.size() > 120 ? a.substr(0, 120) + "…" : a);
            }
            dns.details.push_back(fmt::format("{} {} → {} ({:.1f} ms)", l.type, clean(l.name), answer, l.ms));
        }
        auth.items.push_back(std::move(dns));
    }
    add_findings(auth, r, W, book, {"auth."});
    doc.sections.push_back(std::move(auth));

    Section links{W.headings.links, {}, {}};
    for (const auto& u : r.urls) {
        Item item{fmt::format("{} ({})", base::defang_url(clean(u.url)), clean(u.registrable_domain)), {}};
        if (u.display_text && !u.display_text->empty())
            item.details.push_back(W.labels.shown_as + base::defang_text(clean(*u.display_text)));
        if (u.redirect_target) item.details.push_back(W.labels.leads_to + base::defang_url(clean(*u.redirect_target)));
        if (u.contains_recipient) item.details.push_back(W.labels.contains_recipient);
        if (!u.flags.empty()) {
            std::string flags;
            for (const auto& f : u.flags) flags += (flags.empty() ? "" : ", ") + evidence_line(clean(f), book);
            item.details.push_back(flags);
        }
        links.items.push_back(std::move(item));
    }
    if (r.urls.empty()) links.paragraphs.push_back(W.none);
    add_findings(links, r, W, book, {"url."});
    doc.sections.push_back(std::move(links));

    Section attachments{W.headings.attachments, {}, {}};
    for (const auto& a : r.attachments) {
        Item item{evidence_line(fmt::format("{} ({}, {} bytes)", or_dash(a.filename), clean(a.content_type), a.size), book),
                  {"sha256 " + a.sha256}};
        for (const auto& f : a.flags) item.details.push_back(evidence_line(clean(f), book));
        attachments.items.push_back(std::move(item));
    }
    if (r.attachments.empty()) attachments.paragraphs.push_back(W.none);
    add_findings(attachments, r, W, book, {"attachment."});
    doc.sections.push_back(std::move(attachments));

    Section content{W.headings.content, {}, {}};
    for (const auto& f : r.findings)
        if (in_namespace(f, {"content."}) && f.id != "content.generic_salutation") content.items.push_back(finding_item(f, r, W, book));
    if (content.items.empty()) content.paragraphs.push_back(W.none);
    doc.sections.push_back(std::move(content));

    Section other{W.headings.other, {}, {}};
    add_findings(other, r, W, book, {"message."});
    for (const auto& note : r.notes) other.paragraphs.push_back(evidence_line(note, book));
    if (!other.items.empty() || !other.paragraphs.empty()) doc.sections.push_back(std::move(other));

    Section todo{W.headings.actions, {}, {}};
    for (const auto& a : recommended_actions(r, W, false)) todo.items.push_back({a, {}});
    doc.sections.push_back(std::move(todo));
    doc.provenance = provenance_line(r.engine, W);
    return doc;
}

Document build_user_document(const Report& r, const Words& W) {
    Document doc = document_head(r, W);
    doc.sections.push_back({fmt::format("{}: {}", W.headings.verdict, doc.verdict_label), {compose_short_summary(r, W)}, {}});
    Section todo{W.user_actions, {}, {}};
    for (const auto& a : recommended_actions(r, W, true)) todo.items.push_back({a, {}});
    doc.sections.push_back(std::move(todo));
    return doc;
}

} // namespace mikiwame::report

// SPDX-License-Identifier: Apache-2.0
#include "content/wording.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string_view>

#include "base/text.h"
#include "content/deadline.h"
#include "content/japanese_style.h"
#include "content/language.h"
#include "content/obfuscation.h"
#include "content/text_normalize.h"

namespace mikiwame::content {

namespace {

constexpr std::string_view kGenericSalutation = "content.generic_salutation";
constexpr std::string_view kUrgency = "content.urgency";
constexpr std::string_view kPretext = "content.pretext";
constexpr std::string_view kCredentialRequest = "content.credential_request";
constexpr std::string_view kDeadlinePressure = "content.deadline_pressure";
constexpr std::string_view kUnnaturalJapanese = "content.unnatural_japanese";
constexpr std::string_view kObfuscatedText = "content.obfuscated_text";
constexpr std::string_view kScam = "content.scam";
constexpr std::string_view kSubjectSpamTag = "subject.spam_tag";
constexpr std::string_view kUnfilledTemplate = "content.unfilled_template";
constexpr std::string_view kBankDetailsChanged = "content.bank_details_changed";

constexpr std::size_t kMaxQuotesPerFinding = 5;
constexpr std::size_t kMaxQuotesPerLure = 2;
constexpr std::size_t kQuoteChars = 40;
// The plain-text part is a stub ("view this mail in HTML") when the HTML says this much more.
constexpr std::size_t kStubFactor = 2;
constexpr std::size_t kStubSlackBytes = 200;

using Role = PhraseRole;

bool is_ascii_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool is_address_byte(char c) { return is_ascii_alnum(c) || c == '.' || c == '_' || c == '-' || c == '+' || c == '@'; }

bool has_japanese_letter(std::string_view s) {
    std::size_t pos = 0;
    while (pos < s.size())
        if (is_japanese_letter(base::decode_utf8(s, pos))) return true;
    return false;
}

// 「…」 around Japanese, "…" around anything else, so evidence reads naturally in either report.
std::string quote(std::string_view s) {
    std::string short_text = shorten(s, kQuoteChars);
    return has_japanese_letter(short_text) ? "「" + short_text + "」" : "\"" + short_text + "\"";
}

struct ScanText {
    std::string text;          // normalised subject, '\n', normalised body
    std::size_t body_offset = 0;
    std::string_view matched(const PhraseMatch& m) const {
        if (m.has_start) return std::string_view(text).substr(m.begin, m.end - m.begin);
        return m.pattern->phrase;
    }
    std::string where(std::size_t offset) const { return offset < body_offset ? " in the subject" : ""; }
};

// The body as a reader sees it: the plain text, or the HTML text when the plain text is
// missing or a stub next to it.
std::string reader_body(const message::Message& message) {
    std::string html;
    for (const auto& part : message.parts) {
        if (part.is_attachment || !part.html) continue;
        if (!html.empty()) html += '\n';
        html += part.html->visible_text;
    }
    std::string body = message.text_body;
    if (base::trim(body).empty()) return html;
    if (html.size() > kStubFactor * body.size() + kStubSlackBytes && html.find(body.substr(0, 64)) == std::string::npos)
        body += "\n" + html;
    return body;
}

std::string lower(std::string_view s) { return base::to_lower_ascii(s); }

// Distinct matched texts of one role, in order of appearance, with where they were seen.
std::vector<std::string> quotes_of(const ScanText& scan, const std::vector<const PhraseMatch*>& matches,
                                   std::size_t max_quotes) {
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (const PhraseMatch* m : matches) {
        std::string key = lower(scan.matched(*m));
        if (!seen.insert(key).second) continue;
        if (out.size() >= max_quotes) break;
        out.push_back(quote(scan.matched(*m)) + scan.where(m->begin));
    }
    return out;
}

struct Recipient {
    std::string address;    // lower case
    std::string local_part; // as written
};

std::vector<Recipient> recipients_of(const message::Message& message, const std::vector<std::string>& given) {
    std::vector<Recipient> out;
    std::set<std::string> seen;
    auto add = [&](const std::string& address) {
        auto at = address.rfind('@');
        if (at == std::string::npos || at == 0) return;
        std::string key = lower(address);
        if (!seen.insert(key).second) return;
        out.push_back({key, address.substr(0, at)});
    };
    for (const auto& a : given) add(std::string(base::trim(a)));
    for (const auto& a : message.to) add(a.address());
    for (const auto& a : message.delivered_to) add(a.address());
    return out;
}

// Length of an e-mail address at `pos` of `s` (0 when there is none).
std::size_t address_at(std::string_view s, std::size_t pos) {
    std::size_t end = pos;
    while (end < s.size() && is_address_byte(s[end])) ++end;
    while (end > pos && (s[end - 1] == '.' || s[end - 1] == '-')) --end;
    std::string_view token = s.substr(pos, end - pos);
    auto at = token.find('@');
    if (at == std::string_view::npos || at == 0 || token.find('.', at) == std::string_view::npos) return 0;
    return token.size();
}

// A recipient's address (any case) or local part (exactly as written, and not a capitalised
// name: "Dear info," is a kit filling in the mailbox, "Dear John," a person) at `pos`.
std::optional<std::string> recipient_at(std::string_view s, std::size_t pos, const std::vector<Recipient>& recipients) {
    if (pos > 0 && is_address_byte(s[pos - 1])) return std::nullopt;
    for (const auto& r : recipients) {
        if (pos + r.address.size() <= s.size() && lower(s.substr(pos, r.address.size())) == r.address &&
            (pos + r.address.size() == s.size() || !is_address_byte(s[pos + r.address.size()])))
            return std::string(s.substr(pos, r.address.size()));
    }
    for (const auto& r : recipients) {
        const std::string& lp = r.local_part;
        if (lp.size() < 2 || pos + lp.size() > s.size() || s.substr(pos, lp.size()) != lp) continue;
        std::size_t end = pos + lp.size();
        if (end < s.size() && is_address_byte(s[end])) continue;
        bool looks_like_name = lp.front() >= 'A' && lp.front() <= 'Z';
        if (!looks_like_name) return lp;
    }
    return std::nullopt;
}

std::size_t skip_greeting_gap(std::string_view s, std::size_t pos) {
    while (pos < s.size() && (s[pos] == ' ' || s[pos] == ',' || s[pos] == ':')) ++pos;
    return pos;
}

// Openers (words.<lang>.toml `openers`: "dear", 拝啓) greet someone without being generic by
// themselves: generic only when an address or a local part follows. Salutation list lines
// tagged "opener" (or "greeting") join them; untagged lines that are one of them count the same.
void check_salutation(const ScanText& scan, const std::vector<const PhraseMatch*>& matches,
                      const std::vector<Recipient>& recipients, const ContentWords& words, ContentFacts& facts) {
    const std::string_view text = scan.text;
    const std::size_t head_begin = scan.body_offset;
    const std::size_t head_end = std::min(text.size(), head_begin + kSalutationHeadBytes);
    const std::string head_lower = lower(text.substr(head_begin, head_end - head_begin));
    std::vector<std::string> evidence;
    std::set<std::string> seen;
    auto note = [&](std::string line) {
        if (seen.insert(line).second && evidence.size() < kMaxQuotesPerFinding) evidence.push_back(std::move(line));
    };
    const std::vector<std::string>& known_openers = words.openers();
    auto is_known_opener = [&](std::string_view phrase) {
        std::string l = lower(phrase);
        return std::find(known_openers.begin(), known_openers.end(), l) != known_openers.end();
    };
    // Opener end positions (absolute offsets into scan.text).
    std::vector<std::pair<std::size_t, std::size_t>> openers;
    for (const PhraseMatch* m : matches) {
        if (m->begin < head_begin || m->end > head_end) continue;
        const std::string& tag = m->pattern->tag;
        bool is_opener = tag == "opener" || tag == "greeting" || (tag.empty() && is_known_opener(m->pattern->phrase));
        if (is_opener) {
            openers.push_back({m->begin, m->end});
        } else {
            note("greeting " + quote(scan.matched(*m)));
        }
    }
    for (std::string_view opener : known_openers) {
        std::size_t pos = 0;
        while ((pos = head_lower.find(opener, pos)) != std::string::npos) {
            std::size_t end = pos + opener.size();
            bool bounded = (pos == 0 || !is_ascii_alnum(head_lower[pos - 1])) &&
                           (end >= head_lower.size() || !is_ascii_alnum(head_lower[end]) || !is_ascii_alnum(opener.back()));
            if (bounded) openers.push_back({head_begin + pos, head_begin + end});
            pos = end;
        }
    }
    // "Dear user@example.jp", "拝啓 info さん", "Dear info,".
    for (auto [begin, end] : openers) {
        std::size_t p = skip_greeting_gap(text, end);
        if (p >= head_end) continue;
        if (auto who = recipient_at(text, p, recipients)) {
            note("greeting by the recipient's address " + quote(text.substr(begin, p + who->size() - begin)));
        } else if (std::size_t n = address_at(text, p)) {
            note("greeting by an address " + quote(text.substr(begin, p + n - begin)));
        }
    }
    // "user@example.jp 様" and a body that opens with the address.
    for (std::size_t p = head_begin; p < head_end; ++p) {
        if (p > head_begin && is_address_byte(text[p - 1])) continue;
        auto who = recipient_at(text, p, recipients);
        if (!who) continue;
        std::size_t after = p + who->size();
        std::size_t q = after;
        while (q < text.size() && text[q] == ' ') ++q;
        const std::vector<std::string>& honorifics = words.honorifics();
        bool honorific = std::any_of(honorifics.begin(), honorifics.end(),
                                     [&](std::string_view h) { return text.substr(q).starts_with(h); });
        bool opens_body = p == head_begin && q < text.size() && (text[q] == ',' || text[q] == ':');
        if (honorific || opens_body) {
            std::size_t end = q;
            if (honorific) {
                for (std::string_view h : honorifics)
                    if (text.substr(q).starts_with(h)) end = q + h.size();
            } else {
                end = q + 1;
            }
            note("the recipient's address used as the name " + quote(text.substr(p, end - p)));
        }
        p = after;
    }
    // "user@example.jp, your parcel…", "#user: NFT launch": the subject opens with the
    // reader's address or its local part, as a mail merge over a list of addresses writes it.
    // Not "[listname] …": a mailing list's subject tag names the list the mail was sent to.
    std::size_t s = 0;
    while (s < scan.body_offset && (text[s] == ' ' || text[s] == '#')) ++s;
    if (auto who = recipient_at(text, s, recipients)) {
        std::size_t q = s + who->size();
        while (q < scan.body_offset && text[q] == ' ') ++q;
        if (q < scan.body_offset && (text[q] == ',' || text[q] == ':'))
            note("the subject opens with the recipient's address " + quote(text.substr(s, q + 1 - s)) + scan.where(s));
    }
    if (!evidence.empty()) facts.hits.push_back({std::string(kGenericSalutation), std::move(evidence)});
}

std::string relation_to_sent(std::int64_t diff_days) {
    if (diff_days == 0) return "the day the mail was sent";
    if (diff_days == 1) return "the day after the mail was sent";
    return fmt::format("{} day(s) before the mail was sent", -diff_days);
}

std::string format_offset(int offset_minutes) {
    int a = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    return fmt::format("{}{:02}{:02}", offset_minutes < 0 ? '-' : '+', a / 60, a % 60);
}

void check_deadlines(const ScanText& scan, const message::Message& message, const ContentWords& words,
                     const std::string& language, const std::vector<const PhraseMatch*>& deadline_matches,
                     ContentFacts& facts) {
    std::optional<CivilDate> sent;
    if (message.date) sent = local_date(message.date->utc_seconds, message.date->offset_minutes);
    std::vector<std::pair<std::size_t, std::size_t>> cues;
    for (const PhraseMatch* m : deadline_matches)
        if (m->has_start) cues.push_back({m->begin, m->end});
    std::vector<std::string> evidence;
    for (const Deadline& d : find_deadlines(scan.text, words, language, sent, cues)) {
        if (!is_pressing(d, sent)) continue;
        if (evidence.size() >= kMaxQuotesPerFinding) break;
        std::string line = quote(d.text) + scan.where(d.begin);
        if (d.kind == DeadlineKind::Relative) {
            line += d.hours == 0 ? ": the same day" : fmt::format(": within {} h", d.hours);
        } else {
            std::int64_t diff = days_from_civil(d.date) - days_from_civil(*sent);
            line += fmt::format(": {}, {} (Date {} {})", to_string(d.date), relation_to_sent(diff), to_string(*sent),
                                format_offset(message.date->offset_minutes));
        }
        evidence.push_back(std::move(line));
    }
    if (!evidence.empty()) facts.hits.push_back({std::string(kDeadlinePressure), std::move(evidence)});
}

std::string examples(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& e : items) {
        if (!out.empty()) out += ", ";
        out += quote(e);
    }
    return out;
}

// One common English word ("immediately") is urgent only in company: a second urgency
// phrase, or a lure, credential request or pressing deadline in the same mail. Phrases of
// several words, Japanese phrases, regexes and lines tagged "strong" stand alone.
bool is_strong_urgency(const PhrasePattern& p) {
    if (p.is_regex || p.tag == "strong") return true;
    return std::any_of(p.phrase.begin(), p.phrase.end(),
                       [](char c) { return c == ' ' || static_cast<unsigned char>(c) >= 0x80; });
}

void check_urgency(const ScanText& scan, const std::vector<const PhraseMatch*>& matches, ContentFacts& facts) {
    if (matches.empty()) return;
    std::vector<std::string> quotes = quotes_of(scan, matches, kMaxQuotesPerFinding);
    const bool has_strong = std::any_of(matches.begin(), matches.end(), [](const PhraseMatch* m) { return is_strong_urgency(*m->pattern); });
    const bool has_company = std::any_of(facts.hits.begin(), facts.hits.end(), [](const base::FindingHit& h) {
        return h.id == kPretext || h.id == kCredentialRequest || h.id == kDeadlinePressure;
    });
    if (!has_strong && quotes.size() < 2 && !has_company) return;
    facts.hits.push_back({std::string(kUrgency), std::move(quotes)});
}

void check_japanese_style(const std::string& body, const ScanText& scan,
                          const std::vector<const PhraseMatch*>& mt_matches, ContentFacts& facts) {
    const JapaneseStyle style = measure_japanese_style(body);
    if (style.japanese_letters < kMinJapaneseLettersForStyle) return;
    std::set<const PhrasePattern*> mt_patterns;
    for (const PhraseMatch* m : mt_matches) mt_patterns.insert(m->pattern);
    const std::size_t mt = mt_patterns.size();
    const std::size_t marks = style.ascii_stops + style.japanese_stops;
    const bool spaces_high = style.stray_spaces >= kMinStraySpaces &&
                             style.stray_spaces * 1000 >= kMinStraySpacesPerMille * style.japanese_letters;
    const bool stops_high = style.ascii_stops >= kMinAsciiStops && style.ascii_stops * 100 >= kMinAsciiStopPercent * marks;
    const bool mt_high = mt >= kMinMachineTranslatedPhrases;
    // Two features each at half their threshold say as much as one above it.
    const int half_levels = (style.stray_spaces * 2 >= kMinStraySpaces ? 1 : 0) +
                            (style.ascii_stops * 2 >= kMinAsciiStops && style.ascii_stops * 200 >= kMinAsciiStopPercent * marks ? 1 : 0) +
                            (mt * 2 >= kMinMachineTranslatedPhrases ? 1 : 0);
    if (!spaces_high && !stops_high && !mt_high && half_levels < 2) return;
    std::vector<std::string> evidence;
    if (style.stray_spaces > 0)
        evidence.push_back(fmt::format("{} half-width space(s) between Japanese letters ({} per 1000 letters), e.g. {}",
                                       style.stray_spaces, style.stray_spaces * 1000 / style.japanese_letters,
                                       examples(style.space_examples)));
    if (style.ascii_stops > 0)
        evidence.push_back(fmt::format("{} ASCII full stop(s)/comma(s) right after Japanese letters, against {} 。、, e.g. {}",
                                       style.ascii_stops, style.japanese_stops, examples(style.stop_examples)));
    if (mt > 0) {
        std::vector<std::string> quotes = quotes_of(scan, mt_matches, kMaxQuotesPerFinding);
        std::string joined;
        for (const auto& q : quotes) joined += (joined.empty() ? "" : ", ") + q;
        evidence.push_back(fmt::format("{} machine-translated phrasing(s): {}", mt, joined));
    }
    facts.hits.push_back({std::string(kUnnaturalJapanese), std::move(evidence)});
}

// An upstream filter's tag in the Subject. "***SPAM***" also holds "**SPAM**": a tag inside a
// longer one found at the same place is not a second tag.
void check_subject_tags(const ScanText& scan, const std::vector<const PhraseMatch*>& matches, ContentFacts& facts) {
    std::vector<const PhraseMatch*> in_subject;
    for (const PhraseMatch* m : matches)
        if (m->has_start && m->end <= scan.body_offset) in_subject.push_back(m);
    std::vector<std::string> tags;
    for (const PhraseMatch* m : in_subject) {
        facts.subject_tags.emplace_back(m->begin, m->end);
        bool inside_longer = std::any_of(in_subject.begin(), in_subject.end(), [&](const PhraseMatch* other) {
            return other != m && other->begin <= m->begin && other->end >= m->end && other->end - other->begin > m->end - m->begin;
        });
        std::string tag(scan.matched(*m));
        if (!inside_longer && std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(tag);
    }
    if (!tags.empty()) facts.hits.push_back({std::string(kSubjectSpamTag), std::move(tags)});
}

// Merge tags left as they were written ("Dear {{first_name}}"): each distinct one, quoted.
void check_template_tags(const ScanText& scan, const std::vector<const PhraseMatch*>& matches, ContentFacts& facts) {
    std::set<std::string> seen;
    std::vector<std::string> evidence;
    for (const PhraseMatch* m : matches) {
        const std::string tag(scan.matched(*m));
        if (!seen.insert(lower(tag)).second || evidence.size() >= kMaxQuotesPerFinding) continue;
        evidence.push_back("unfilled merge tag " + quote(tag) + scan.where(m->begin));
    }
    if (!evidence.empty()) facts.hits.push_back({std::string(kUnfilledTemplate), std::move(evidence)});
}

// (matches, name) of each lure and scam kind found, for ContentFacts::lure_kinds.
using LureCounts = std::vector<std::pair<std::size_t, std::string>>;

// ContentFacts::lure_kinds: the most matched first; at equal counts in the order found (a
// pretext before a scam kind).
void order_lure_kinds(LureCounts counts, ContentFacts& facts) {
    std::stable_sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (auto& [count, kind] : counts)
        if (!kind.empty() && std::find(facts.lure_kinds.begin(), facts.lure_kinds.end(), kind) == facts.lure_kinds.end())
            facts.lure_kinds.push_back(std::move(kind));
}

// "Our bank details have changed": invoice fraud's one move. A single change phrase is a notice
// ("we opened a new account"); with a payment request beside it, or said twice in different
// words, it is a request to pay somewhere new.
void check_bank_details(const ScanText& scan, const std::vector<const PhraseMatch*>& matches, ContentFacts& facts) {
    std::vector<const PhraseMatch*> changed, payment;
    std::set<std::string> distinct_changed;
    for (const PhraseMatch* m : matches) {
        if (m->pattern->tag == "changed") {
            changed.push_back(m);
            distinct_changed.insert(lower(scan.matched(*m)));
        } else {
            payment.push_back(m);
        }
    }
    if (changed.empty() || (payment.empty() && distinct_changed.size() < kMinBankChangePhrasesAlone)) return;
    std::string joined;
    for (const auto& q : quotes_of(scan, changed, kMaxQuotesPerFinding)) joined += (joined.empty() ? "" : ", ") + q;
    std::vector<std::string> evidence{"bank details said to have changed: " + joined};
    if (!payment.empty()) {
        std::string asks;
        for (const auto& q : quotes_of(scan, payment, kMaxQuotesPerLure)) asks += (asks.empty() ? "" : ", ") + q;
        evidence.push_back("payment asked for: " + asks);
    }
    facts.hits.push_back({std::string(kBankDetailsChanged), std::move(evidence)});
}

// Scam wording counts only from two distinct phrases of one kind (or three of any kinds) on; the finding's weight
// grows with each further phrase (findings.toml weight_per_extra).
void check_scam(const ScanText& scan, const std::vector<const PhraseMatch*>& matches, ContentFacts& facts, LureCounts& lures) {
    std::map<std::string, std::vector<const PhraseMatch*>> by_kind;
    std::set<std::string> distinct;
    for (const PhraseMatch* m : matches) {
        if (!distinct.insert(lower(scan.matched(*m))).second) continue;
        by_kind[m->pattern->tag].push_back(m);
    }
    std::size_t most_of_one_kind = 0;
    for (const auto& [kind, kind_matches] : by_kind) most_of_one_kind = std::max(most_of_one_kind, kind_matches.size());
    if (most_of_one_kind < kMinScamPhrasesOfOneKind && distinct.size() < kMinScamPhrasesOfMixedKinds) return;
    base::FindingHit hit{std::string(kScam), {}, distinct.size()};
    for (const auto& [kind, kind_matches] : by_kind) {
        std::string joined;
        for (const auto& q : quotes_of(scan, kind_matches, kMaxQuotesPerFinding)) joined += (joined.empty() ? "" : ", ") + q;
        hit.evidence.push_back(kind + ": " + joined);
    }
    facts.hits.push_back(std::move(hit));
    for (const auto& [kind, kind_matches] : by_kind) lures.emplace_back(kind_matches.size(), kind);
}

// One evidence line for a field with obfuscation signs, or nothing below the field's threshold.
std::optional<std::string> describe_obfuscation(std::string_view field, std::string_view text, bool is_header,
                                                std::optional<std::string>* reading = nullptr) {
    ObfuscationSigns signs = find_obfuscation(text, !is_header, reading != nullptr || is_header);
    if (signs.total() < (is_header ? kMinObfuscationSignsInHeader : kMinObfuscationSignsInBody)) return std::nullopt;
    if (reading) *reading = signs.plain;
    std::vector<std::string> parts;
    if (signs.invisible_in_words > 0)
        parts.push_back(fmt::format("{} invisible character{} between letters", signs.invisible_in_words,
                                    signs.invisible_in_words == 1 ? "" : "s"));
    if (signs.foreign_marks > 0)
        parts.push_back(fmt::format("{} combining mark{} of another script on letters", signs.foreign_marks,
                                    signs.foreign_marks == 1 ? "" : "s"));
    if (!signs.mixed_script_words.empty()) {
        std::string words;
        std::size_t shown = 0;
        for (const std::string& word : signs.mixed_script_words) {
            if (shown++ == kMaxMixedWordsShown) break;
            words += (words.empty() ? "" : ", ") + quote(word);
        }
        parts.push_back(fmt::format("{} word{} mixing scripts ({})", signs.mixed_script_count,
                                    signs.mixed_script_count == 1 ? "" : "s", words));
    }
    std::string joined;
    for (const auto& p : parts) joined += (joined.empty() ? "" : "; ") + p;
    if (is_header)
        return fmt::format("{}: {}; reads {}", field, joined, quote(base::collapse_whitespace(signs.plain)));
    return fmt::format("{}: {}", field, joined);
}

void check_obfuscation(const message::Message& message, std::string_view subject, std::string_view body,
                       ContentFacts& facts) {
    base::FindingHit hit{std::string(kObfuscatedText), {}, 0};
    auto add = [&](std::optional<std::string> line) {
        if (!line) return;
        hit.evidence.push_back(std::move(*line));
        ++hit.instances;
    };
    if (!message.from.empty())
        add(describe_obfuscation("display name", message.from.front().display_name, true, &facts.display_name_reading));
    add(describe_obfuscation("subject", subject, true, &facts.subject_reading));
    add(describe_obfuscation("text", body, false));
    if (hit.instances > 0) facts.hits.push_back(std::move(hit));
}

} // namespace

ContentFacts analyze_content(const message::Message& message, const std::vector<std::string>& recipient_addresses,
                             const PhraseCatalog& catalog, const Limits& limits, base::HsScratch& scratch) {
    ContentFacts facts;
    const std::string body(base::truncate_utf8(reader_body(message), limits.max_decoded_text_bytes));
    const std::string_view subject = base::truncate_utf8(message.subject, limits.max_header_bytes);
    facts.language = detect_language(base::trim(body).empty() ? subject : std::string_view(body), catalog.words());

    ScanText scan;
    scan.text = normalize_for_scan(subject);
    scan.text += '\n';
    scan.body_offset = scan.text.size();
    scan.text += normalize_for_scan(body);

    auto scanned = catalog.scan(scan.text, scratch);
    if (!scanned) facts.notes.push_back("phrase scan failed, wording not judged: " + scanned.error().message);
    const std::vector<PhraseMatch> matches = scanned ? std::move(scanned.value()) : std::vector<PhraseMatch>{};
    std::map<Role, std::vector<const PhraseMatch*>> by_role;
    for (const auto& m : matches) by_role[m.pattern->role].push_back(&m);

    check_salutation(scan, by_role[Role::Salutation], recipients_of(message, recipient_addresses), catalog.words(), facts);


    LureCounts lure_counts; // the pretexts' and scam kinds' names, for ContentFacts::lure_kinds
    std::map<std::string, std::vector<const PhraseMatch*>> lures;
    for (const PhraseMatch* m : by_role[Role::Pretext]) lures[m->pattern->tag].push_back(m);
    if (!lures.empty()) {
        std::vector<std::string> evidence;
        for (const auto& [tag, lure_matches] : lures) {
            std::vector<std::string> quotes = quotes_of(scan, lure_matches, kMaxQuotesPerLure);
            std::string joined;
            for (const auto& q : quotes) joined += (joined.empty() ? "" : ", ") + q;
            evidence.push_back((tag.empty() ? std::string("pretext") : tag) + ": " + joined);
            if (!tag.empty()) facts.pretexts.push_back(tag);
        }
        facts.hits.push_back({std::string(kPretext), std::move(evidence)});
        for (const auto& [tag, lure_matches] : lures) lure_counts.emplace_back(lure_matches.size(), tag);
    }

    if (auto quotes = quotes_of(scan, by_role[Role::Credential], kMaxQuotesPerFinding); !quotes.empty())
        facts.hits.push_back({std::string(kCredentialRequest), std::move(quotes)});

    check_deadlines(scan, message, catalog.words(), facts.language, by_role[Role::Deadline], facts);
    check_urgency(scan, by_role[Role::Urgency], facts);
    check_japanese_style(body, scan, by_role[Role::MachineTranslated], facts);
    check_obfuscation(message, subject, body, facts);
    check_scam(scan, by_role[Role::Scam], facts, lure_counts);
    check_subject_tags(scan, by_role[Role::SubjectTag], facts);
    check_template_tags(scan, by_role[Role::TemplateTag], facts);
    check_bank_details(scan, by_role[Role::BankDetails], facts);
    order_lure_kinds(std::move(lure_counts), facts);
    facts.normalized_text = std::move(scan.text);
    return facts;
}

} // namespace mikiwame::content

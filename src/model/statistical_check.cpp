// SPDX-License-Identifier: Apache-2.0
#include "model/statistical_check.h"

#include <fmt/format.h>

#include "base/text.h"
#include "content/text_normalize.h"
#include "net/domain.h"

namespace mikiwame::model {

namespace {

// The finding id, declared in data/findings.toml.
constexpr const char* kStatistical = "content.statistical";

// How a token reads in evidence: words in quotes (「」 for Japanese), with their kind before
// them (from:"paypal", path:"login"); domains defanged.
std::string quote_word(std::string_view word) {
    std::size_t pos = 0;
    if (!word.empty() && content::is_japanese_letter(base::decode_utf8(word, pos))) return "「" + std::string(word) + "」";
    return "\"" + std::string(word) + "\"";
}

std::string show_token(std::string_view token) {
    if (token == "@recipient" || token == "@recipient-name") return std::string(token);
    for (std::string_view prefix : {"link:", "from@", "@"})
        if (token.starts_with(prefix)) return std::string(prefix) + base::defang_url(token.substr(prefix.size()));
    for (std::string_view prefix : {"from:", "path:"})
        if (token.starts_with(prefix)) return std::string(prefix) + quote_word(token.substr(prefix.size()));
    return quote_word(token);
}

} // namespace

TokenSource token_source(const message::Message& message, const content::ContentFacts& content, const urls::UrlFacts* urls,
                         const std::vector<std::string>& recipients) {
    TokenSource source;
    source.text = content.normalized_text;
    source.skipped = content.subject_tags;
    if (content.subject_reading) source.subject_reading = *content.subject_reading;
    if (!message.from.empty()) {
        source.display_name = content.display_name_reading ? std::string_view(*content.display_name_reading)
                                                            : std::string_view(message.from.front().display_name);
        if (!message.from.front().domain.empty()) source.from_domain = net::registrable_domain(message.from.front().domain);
    }
    if (urls) {
        for (const auto& url : urls->urls) {
            const bool is_ip = url.parsed.host_kind == urls::HostKind::Ipv4 || url.parsed.host_kind == urls::HostKind::Ipv6;
            source.links.push_back({url.registrable_domain, is_ip, url.parsed.has_opaque_path ? std::string() : url.parsed.pathname()});
        }
    }
    for (const auto& r : recipients) source.recipients.push_back(base::to_lower_ascii(r));
    return source;
}

StatisticalFacts judge_statistically(const ContentModel& model, const std::vector<Token>& tokens) {
    StatisticalFacts facts;
    facts.judgement = model.judge(tokens);
    const Judgement& j = facts.judgement;
    if (j.probability < kFireProbability || j.known_tokens < kMinKnownTokens) return facts;
    base::FindingHit hit;
    hit.id = kStatistical;
    hit.instances = j.probability >= kStrongProbability ? 2 : 1;
    hit.evidence.push_back(fmt::format("probability {:.3f} of phishing or spam ({} of the mail's {} tokens known to the model)",
                                       j.probability, j.known_tokens, j.tokens));
    std::string strongest;
    for (const WeighedToken& t : j.strongest)
        strongest += fmt::format("{}{} {:+.2f}", strongest.empty() ? "" : ", ", show_token(t.text), t.weight);
    if (!strongest.empty()) hit.evidence.push_back("strongest tokens: " + strongest);
    facts.hits.push_back(std::move(hit));
    return facts;
}

} // namespace mikiwame::model

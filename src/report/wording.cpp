// SPDX-License-Identifier: Apache-2.0
#include "report/wording.h"

#include <fmt/format.h>

#include <algorithm>
#include <system_error>

#include "catalog/toml.h"

namespace mikiwame::report {

namespace {

constexpr std::string_view kFilePrefix = "words.";
constexpr std::string_view kFallbackLanguage = "en";

// "words.ja.toml" → "ja"; "" for any other name.
std::string language_of_file(const std::filesystem::path& path) {
    const std::string name = path.filename().string();
    if (!name.starts_with(kFilePrefix) || path.extension() != ".toml") return {};
    return name.substr(kFilePrefix.size(), name.size() - kFilePrefix.size() - 5);
}

std::size_t count_placeholders(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t at = text.find("{}"); at != std::string_view::npos; at = text.find("{}", at + 2)) ++count;
    return count;
}

// Reads the keys of one file into `words`, failing on the first missing or mistyped one.
class Reader {
public:
    Reader(const toml::table& root, std::string_view origin) : root_(root), origin_(origin) {}

    Result<bool> table(std::string_view name, std::initializer_list<std::string_view> keys) {
        const toml::table* t = root_[name].as_table();
        if (!t) return make_error(ErrorCode::Config, fmt::format("{}: expected a table", name), top());
        auto known = catalog::reject_unknown_keys(*t, keys, origin_, std::string(name) + ".");
        if (!known) return known;
        for (auto key : keys)
            if (!(*t)[key])
                return make_error(ErrorCode::Config, fmt::format("{}.{}: missing", name, key),
                                  catalog::toml_location(origin_, t->source()));
        return true;
    }

    // A string at `path` ("headings.route"); templates need exactly one "{}".
    Result<bool> text(std::string_view table, std::string_view key, std::string& into, bool is_template = false) {
        const toml::node_view<const toml::node> node = table.empty() ? root_[key] : root_[table][key];
        const std::string name = table.empty() ? std::string(key) : fmt::format("{}.{}", table, key);
        auto value = node.value<std::string>();
        if (!value) return make_error(ErrorCode::Config, fmt::format("{}: expected a string", name), where(node));
        const std::size_t placeholders = count_placeholders(*value);
        if (is_template && placeholders != 1)
            return make_error(ErrorCode::Config, fmt::format("{}: expected exactly one {{}}", name), where(node));
        if (!is_template && placeholders != 0)
            return make_error(ErrorCode::Config, fmt::format("{}: {{}} only belongs in a template", name), where(node));
        into = std::move(*value);
        return true;
    }

    Result<bool> texts(std::string_view table, std::string_view key, std::vector<std::string>& into) {
        const std::string name = fmt::format("{}.{}", table, key);
        auto values = catalog::toml_string_array(root_[table][key], name, origin_);
        if (!values) return Unexpected<Error>{values.error()};
        if (values->empty()) return make_error(ErrorCode::Config, fmt::format("{}: expected at least one line", name), top());
        into = std::move(*values);
        return true;
    }

    // A table of names (any key, each a plain string): [lures], [wants].
    Result<bool> names(std::string_view table, std::map<std::string, std::string, std::less<>>& into) {
        const toml::table* t = root_[table].as_table();
        if (!t) return make_error(ErrorCode::Config, fmt::format("{}: expected a table", table), top());
        for (const auto& [key, node] : *t) {
            std::string value;
            MIKIWAME_TRY(text(table, key.str(), value));
            if (value.empty()) return make_error(ErrorCode::Config, fmt::format("{}.{}: empty", table, key.str()), where(root_[table][key.str()]));
            into.emplace(std::string(key.str()), std::move(value));
        }
        return true;
    }

    // A table of line lists (any key, each a non-empty array of strings): [advice].
    Result<bool> line_lists(std::string_view table, std::map<std::string, std::vector<std::string>, std::less<>>& into) {
        const toml::table* t = root_[table].as_table();
        if (!t) return make_error(ErrorCode::Config, fmt::format("{}: expected a table", table), top());
        for (const auto& [key, node] : *t) {
            std::vector<std::string> lines;
            MIKIWAME_TRY(texts(table, key.str(), lines));
            into.emplace(std::string(key.str()), std::move(lines));
        }
        return true;
    }

    std::string top() const { return catalog::toml_location(origin_, root_.source()); }

private:
    std::string where(toml::node_view<const toml::node> node) const {
        return node ? catalog::toml_location(origin_, node.node()->source()) : top();
    }
    const toml::table& root_;
    std::string_view origin_;
};

Result<Words> read_words(const toml::table& root, std::string_view origin, std::string language) {
    Reader r(root, origin);
    MIKIWAME_TRY(catalog::reject_unknown_keys(root,
                                              {"language", "finding_summaries", "title", "none", "score", "headings",
                                               "labels", "severities", "verdicts", "summary", "actions", "lures",
                                               "wants", "advice", "user", "forwarded"},
                                              origin));
    Words w;
    MIKIWAME_TRY(r.text("", "language", w.language));
    if (w.language != language)
        return make_error(ErrorCode::Config, fmt::format("language: expected \"{}\", as the file name says", language), r.top());
    MIKIWAME_TRY(r.text("", "finding_summaries", w.summary_field));
    if (w.summary_field != "ja" && w.summary_field != "en")
        return make_error(ErrorCode::Config, "finding_summaries: expected \"ja\" or \"en\" (data/findings.toml summaries)", r.top());
    MIKIWAME_TRY(r.text("", "title", w.title));
    MIKIWAME_TRY(r.text("", "none", w.none));
    MIKIWAME_TRY(r.text("", "score", w.score));

    Words::Headings& h = w.headings;
    MIKIWAME_TRY(r.table("headings", {"verdict", "subject", "sender", "recipient", "route", "auth", "links",
                                      "attachments", "content", "actions", "other"}));
    for (auto [key, into] : {std::pair{"verdict", &h.verdict}, {"subject", &h.subject}, {"sender", &h.sender},
                             {"recipient", &h.recipient}, {"route", &h.route}, {"auth", &h.auth}, {"links", &h.links},
                             {"attachments", &h.attachments}, {"content", &h.content}, {"actions", &h.actions},
                             {"other", &h.other}})
        MIKIWAME_TRY(r.text("headings", key, *into));

    Words::Labels& l = w.labels;
    MIKIWAME_TRY(r.table("labels", {"display_name", "address", "origin", "brands", "sender_brand", "provider", "shown_as",
                                    "leads_to", "contains_recipient", "auth_used", "auth_ignored"}));
    for (auto [key, into] : {std::pair{"display_name", &l.display_name}, {"address", &l.address}, {"origin", &l.origin},
                             {"brands", &l.brands}, {"sender_brand", &l.sender_brand}, {"provider", &l.provider},
                             {"shown_as", &l.shown_as}, {"leads_to", &l.leads_to}, {"contains_recipient", &l.contains_recipient},
                             {"auth_used", &l.auth_used}, {"auth_ignored", &l.auth_ignored}})
        MIKIWAME_TRY(r.text("labels", key, *into));

    MIKIWAME_TRY(r.table("severities", {"info", "low", "medium", "high"}));
    for (auto [key, into] : {std::pair{"info", &w.severities.info}, {"low", &w.severities.low},
                             {"medium", &w.severities.medium}, {"high", &w.severities.high}})
        MIKIWAME_TRY(r.text("severities", key, *into));

    for (auto [table, per] : {std::pair{"verdicts", &w.verdicts}, std::pair{"summary", &w.summaries}}) {
        if (std::string_view(table) == "summary") {
            MIKIWAME_TRY(r.table(table, {"phishing", "spam", "suspicious", "clean", "brand", "reason", "lure", "wants", "link",
                                         "not_brand_domain", "origin", "genuine", "bounce", "conjunction"}));
        } else {
            MIKIWAME_TRY(r.table(table, {"phishing", "spam", "suspicious", "clean"}));
        }
        for (auto [key, into] : {std::pair{"phishing", &per->phishing}, {"spam", &per->spam},
                                 {"suspicious", &per->suspicious}, {"clean", &per->clean}})
            MIKIWAME_TRY(r.text(table, key, *into));
    }
    MIKIWAME_TRY(r.text("summary", "brand", w.brand_claim, true));
    MIKIWAME_TRY(r.text("summary", "reason", w.reason, true));
    Words::Narrative& n = w.narrative;
    for (auto [key, into] : {std::pair{"lure", &n.lure}, {"wants", &n.wants}, {"link", &n.link}, {"not_brand_domain", &n.not_brand_domain},
                             {"origin", &n.origin}, {"genuine", &n.genuine}})
        MIKIWAME_TRY(r.text("summary", key, *into, true));
    MIKIWAME_TRY(r.text("summary", "bounce", n.bounce));
    MIKIWAME_TRY(r.text("summary", "conjunction", n.conjunction));
    MIKIWAME_TRY(r.names("lures", w.lure_names));
    MIKIWAME_TRY(r.names("wants", w.want_phrases));
    MIKIWAME_TRY(r.line_lists("advice", w.advice));
    MIKIWAME_TRY(r.table("user", {"actions"}));
    MIKIWAME_TRY(r.text("user", "actions", w.user_actions));
    MIKIWAME_TRY(r.table("forwarded", {"attachment", "inline", "nested"}));
    MIKIWAME_TRY(r.text("forwarded", "attachment", w.forwarded.attachment, true));
    MIKIWAME_TRY(r.text("forwarded", "inline", w.forwarded.inline_body, true));
    MIKIWAME_TRY(r.text("forwarded", "nested", w.forwarded.nested, true));

    MIKIWAME_TRY(r.table("actions", {"clean", "danger"}));
    MIKIWAME_TRY(r.texts("actions", "clean", w.actions_clean));
    MIKIWAME_TRY(r.texts("actions", "danger", w.actions_danger));
    return w;
}


} // namespace

const std::string& Words::Severities::of(Severity s) const {
    switch (s) {
    case Severity::Info: return info;
    case Severity::Low: return low;
    case Severity::Medium: return medium;
    case Severity::High: return high;
    }
    return medium;
}

const std::string& Words::PerVerdict::of(Verdict v) const {
    switch (v) {
    case Verdict::Phishing: return phishing;
    case Verdict::Spam: return spam;
    case Verdict::Suspicious: return suspicious;
    case Verdict::Clean: return clean;
    }
    return clean;
}

const std::string& Words::summary_of(const Finding& finding) const {
    return summary_field == "ja" ? finding.summary.ja : finding.summary.en;
}

std::string fill_template(std::string_view text, std::string_view value) {
    const std::size_t at = text.find("{}");
    if (at == std::string_view::npos) return std::string(text);
    std::string out(text.substr(0, at));
    out += value;
    out += text.substr(at + 2);
    return out;
}

Result<Wording> Wording::load(const std::filesystem::path& dir) {
    Wording wording;
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_directory(dir, ec)) {
        for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
            if (entry.is_regular_file(ec) && !language_of_file(entry.path()).empty()) files.push_back(entry.path());
    }
    if (ec) return make_error(ErrorCode::Config, "cannot list the report wording: " + ec.message(), dir.string());
    std::sort(files.begin(), files.end());
    for (const auto& path : files) {
        const std::string origin = path.string();
        auto text = catalog::read_data_file(path, "report wording");
        if (!text) return Unexpected<Error>{text.error()};
        auto parsed = catalog::parse_toml(*text, origin);
        if (!parsed) return Unexpected<Error>{parsed.error()};
        auto words = read_words(*parsed, origin, language_of_file(path));
        if (!words) return Unexpected<Error>{words.error()};
        wording.by_language_.emplace(words->language, std::move(*words));
    }
    if (!wording.by_language_.count(kFallbackLanguage))
        return make_error(ErrorCode::Config, "no words.en.toml: English is the report's fallback language", dir.string());
    return wording;
}

const Words& Wording::words(std::string_view language) const {
    static const Words kNone; // a Wording not loaded has no words
    auto it = by_language_.find(language);
    if (it == by_language_.end()) it = by_language_.find(kFallbackLanguage);
    return it == by_language_.end() ? kNone : it->second;
}

std::vector<std::string> Wording::languages() const {
    std::vector<std::string> out;
    for (const auto& [language, words] : by_language_) out.push_back(language);
    return out;
}

} // namespace mikiwame::report

// SPDX-License-Identifier: Apache-2.0
#include "content/phrase_lists.h"

#include <hs/hs.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <system_error>

#include "base/hyperscan.h"
#include "base/line_list.h"
#include "base/text.h"
#include "catalog/toml.h"
#include "content/text_normalize.h"

namespace mikiwame::content {

namespace {

bool is_ascii_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// A literal phrase as a Hyperscan expression: ASCII letters and digits as they are, every
// other ASCII byte as \xHH (so no byte is a metacharacter), UTF-8 sequences as they are.
std::string escape_literal(std::string_view phrase) {
    std::string out;
    out.reserve(phrase.size() * 2);
    for (char ch : phrase) {
        auto byte = static_cast<unsigned char>(ch);
        if (byte >= 0x80 || is_ascii_alnum(ch)) {
            out.push_back(ch);
        } else {
            out += fmt::format("\\x{:02x}", byte);
        }
    }
    return out;
}

struct ParsedName {
    std::string list;
    std::string language;
};

// "urgency.ja.txt" → {urgency, ja}; "urgency.txt" → {urgency, ""}.
ParsedName parse_file_name(const std::filesystem::path& path) {
    std::string stem = path.stem().string();
    auto dot = stem.rfind('.');
    if (dot == std::string::npos || dot == 0) return {stem, ""};
    return {stem.substr(0, dot), base::to_lower_ascii(stem.substr(dot + 1))};
}

// A header comment "format: regex" (its '#' already removed by the line-list reader).
bool is_format_regex_comment(std::string_view comment) {
    std::string lower = base::to_lower_ascii(base::trim(comment));
    if (!lower.starts_with("format:")) return false;
    return base::trim(std::string_view(lower).substr(7)) == "regex";
}

constexpr std::pair<std::string_view, PhraseRole> kListRoles[] = {
    {"bank_details_changed", PhraseRole::BankDetails},
    {"action", PhraseRole::Action},
    {"credential_request", PhraseRole::Credential},
    {"deadline", PhraseRole::Deadline},
    {"machine_translated_ja", PhraseRole::MachineTranslated},
    {"pretext", PhraseRole::Pretext},
    {"salutation", PhraseRole::Salutation},
    {"scam", PhraseRole::Scam},
    {"spam_subject_tags", PhraseRole::SubjectTag},
    {"template_tag", PhraseRole::TemplateTag},
    {"urgency", PhraseRole::Urgency},
};

constexpr unsigned kBaseFlags = HS_FLAG_UTF8 | HS_FLAG_UCP | HS_FLAG_CASELESS;

} // namespace

std::optional<PhraseRole> phrase_role(std::string_view name) {
    for (const auto& [list, role] : kListRoles)
        if (list == name) return role;
    return std::nullopt;
}

std::vector<std::string> phrase_list_names() {
    std::vector<std::string> names;
    for (const auto& entry : kListRoles) names.emplace_back(entry.first);
    return names;
}

namespace {
// The error for a list name no stage reads, with the nearest known name.
Error unknown_list_error(std::string_view name, std::string_view where) {
    const std::string nearest = base::closest_name(name, phrase_list_names(), 3);
    return Error{ErrorCode::Config,
                 nearest.empty() ? fmt::format("unknown phrase list '{}' (known: {})", name, fmt::join(phrase_list_names(), ", "))
                                 : fmt::format("unknown phrase list '{}' (did you mean '{}'?)", name, nearest),
                 std::string(where)};
}
} // namespace

struct PhraseCatalog::Impl {
    std::vector<PhrasePattern> patterns;
    std::vector<unsigned> flags; // per pattern, as compiled
    base::HsDatabase database;
};

PhraseCatalog::PhraseCatalog() : impl_(std::make_unique<Impl>()) {}
PhraseCatalog::PhraseCatalog(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PhraseCatalog::PhraseCatalog(PhraseCatalog&&) noexcept = default;
PhraseCatalog& PhraseCatalog::operator=(PhraseCatalog&&) noexcept = default;
PhraseCatalog::~PhraseCatalog() = default;

const std::vector<PhrasePattern>& PhraseCatalog::patterns() const { return impl_->patterns; }
bool PhraseCatalog::empty() const { return impl_->patterns.empty(); }

std::vector<std::string> PhraseCatalog::lists() const {
    std::set<std::string> names;
    for (const auto& p : impl_->patterns) names.insert(p.list);
    return {names.begin(), names.end()};
}

namespace {

// tags.toml of `dir`: per list, `tags` and `required`. Absent: no rules.
Result<TagRules> load_tag_rules(const std::filesystem::path& dir) {
    TagRules rules;
    const auto path = dir / "tags.toml";
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return rules;
    const std::string origin = path.string();
    auto text = catalog::read_data_file(path, "phrase tags");
    if (!text) return Unexpected<Error>{text.error()};
    auto parsed = catalog::parse_toml(*text, origin);
    if (!parsed) return Unexpected<Error>{parsed.error()};
    for (const auto& [list, node] : *parsed) {
        const std::string where = catalog::toml_location(origin, node.source());
        const toml::table* table = node.as_table();
        if (!table) return make_error(ErrorCode::Config, fmt::format("{}: expected a table", list.str()), where);
        if (!phrase_role(list.str()))
            return Unexpected<Error>{unknown_list_error(list.str(), catalog::toml_location(origin, list.source()))};
        auto known = catalog::reject_unknown_keys(*table, {"tags", "required"}, origin, std::string(list.str()) + ".");
        if (!known) return Unexpected<Error>{known.error()};
        TagRule rule;
        auto tags = catalog::toml_string_array((*table)["tags"], fmt::format("{}.tags", list.str()), origin);
        if (!tags) return Unexpected<Error>{tags.error()};
        if (tags->empty()) return make_error(ErrorCode::Config, fmt::format("{}.tags: expected at least one tag", list.str()), where);
        rule.tags = std::move(*tags);
        rule.is_required = (*table)["required"].value_or(false);
        rules.emplace(std::string(list.str()), std::move(rule));
    }
    return rules;
}

// The error for a line of `list` whose tag `rule` does not allow, or nothing.
std::optional<std::string> tag_problem(std::string_view list, const std::string& tag, const TagRule& rule) {
    if (tag.empty() && !rule.is_required) return std::nullopt;
    if (std::find(rule.tags.begin(), rule.tags.end(), tag) != rule.tags.end()) return std::nullopt;
    if (tag.empty()) return fmt::format("{} line needs a tag, one of: {}", list, fmt::join(rule.tags, ", "));
    return fmt::format("unknown {} tag '{}' (tags.toml allows: {})", list, tag, fmt::join(rule.tags, ", "));
}

} // namespace

Result<PhraseCatalog> PhraseCatalog::load(const std::filesystem::path& dir, const base::HsCache* cache) {
    auto words = ContentWords::load(dir);
    if (!words) return Unexpected<Error>{words.error()};
    auto rules = load_tag_rules(dir);
    if (!rules) return Unexpected<Error>{rules.error()};
    auto catalog = load_lists(dir, *rules, cache);
    if (!catalog) return catalog;
    catalog->words_ = std::move(*words);
    catalog->tag_rules_ = std::move(*rules);
    return catalog;
}

const std::vector<std::string>& PhraseCatalog::allowed_tags(std::string_view list) const {
    static const std::vector<std::string> kNone;
    auto it = tag_rules_.find(list);
    return it == tag_rules_.end() ? kNone : it->second.tags;
}

Result<PhraseCatalog> PhraseCatalog::load_lists(const std::filesystem::path& dir, const TagRules& rules, const base::HsCache* cache) {
    auto impl = std::make_unique<Impl>();
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    const bool is_dir = std::filesystem::is_directory(dir, ec);
    ec.clear(); // a missing directory is an empty catalogue, not an error
    if (is_dir) {
        for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
            if (entry.is_regular_file(ec) && entry.path().extension() == ".txt") files.push_back(entry.path());
    }
    if (ec) return make_error(ErrorCode::Config, "cannot list phrase directory: " + ec.message(), dir.string());
    std::sort(files.begin(), files.end());

    for (const auto& path : files) {
        auto list = base::read_line_list(path);
        if (!list) return Unexpected<Error>{list.error()};
        const ParsedName name = parse_file_name(path);
        const std::string file = path.filename().string();
        const std::optional<PhraseRole> role = phrase_role(name.list);
        if (!role) return Unexpected<Error>{unknown_list_error(name.list, path.string() + ":1:1")};
        // Only the header (comments before the first entry) can set the format.
        const bool is_regex_file = std::any_of(list->header.begin(), list->header.end(), is_format_regex_comment);
        for (const base::ListLine& line : list->lines) {
            const std::string where = base::list_location(path, line.number);
            PhrasePattern p;
            p.list = name.list;
            p.role = *role;
            p.language = name.language;
            p.file = file;
            p.line = line.number;
            p.is_regex = is_regex_file;
            const std::string_view text = line.text;
            auto tab = text.find('\t');
            std::string_view phrase = tab == std::string_view::npos ? text : text.substr(0, tab);
            if (tab != std::string_view::npos) p.tag = std::string(base::trim(text.substr(tab + 1)));
            // A regex keeps its leading/trailing spaces only if the author escaped them.
            phrase = base::trim(phrase);
            if (phrase.empty()) return make_error(ErrorCode::Config, "empty phrase before the tag", where);
            if (auto rule = rules.find(p.list); rule != rules.end())
                if (auto problem = tag_problem(p.list, p.tag, rule->second))
                    return make_error(ErrorCode::Config, *problem, where);
            // Literal phrases go through the same normalisation as the text they are
            // searched in, so ＰａｙＰａｙ in a list still finds PayPay.
            p.phrase = p.is_regex ? std::string(phrase) : normalize_for_scan(phrase);
            if (p.phrase.empty()) return make_error(ErrorCode::Config, "phrase is empty after normalisation", where);
            impl->patterns.push_back(std::move(p));
        }
    }
    if (impl->patterns.empty()) return PhraseCatalog(std::move(impl));

    std::vector<std::string> expressions;
    expressions.reserve(impl->patterns.size());
    for (const auto& p : impl->patterns) {
        expressions.push_back(p.is_regex ? p.phrase : escape_literal(p.phrase));
        impl->flags.push_back(kBaseFlags | HS_FLAG_SOM_LEFTMOST);
    }
    std::vector<const char*> pointers;
    std::vector<unsigned> ids;
    for (std::size_t i = 0; i < expressions.size(); ++i) {
        pointers.push_back(expressions[i].c_str());
        ids.push_back(static_cast<unsigned>(i));
    }
    // Everything the compile depends on: the expressions, their flags and ids (their index).
    std::string key_material;
    for (std::size_t i = 0; i < expressions.size(); ++i)
        key_material += fmt::format("{}\x1f{}\x1e", expressions[i], impl->flags[i]);
    Impl& built = *impl;
    auto compile = [&]() -> Result<base::CompiledDatabase> {
        // Start-of-match tracking is not available for every regex; a pattern that compiles only
        // without it loses its start offset (evidence then quotes the text before its end). Each
        // retry removes SOM from one more pattern, so the loop ends.
        for (;;) {
            hs_compile_error_t* error = nullptr;
            hs_database_t* compiled = nullptr;
            if (hs_compile_multi(pointers.data(), built.flags.data(), ids.data(), static_cast<unsigned>(pointers.size()),
                                 HS_MODE_BLOCK, nullptr, &compiled, &error) == HS_SUCCESS) {
                base::CompiledDatabase out;
                out.database = base::HsDatabase(compiled);
                for (unsigned flags : built.flags) out.extra += (flags & HS_FLAG_SOM_LEFTMOST) ? '1' : '0';
                return out;
            }
            std::string message = error && error->message ? error->message : "unknown error";
            int which = error ? error->expression : -1;
            if (error) hs_free_compile_error(error);
            if (which < 0 || static_cast<std::size_t>(which) >= built.patterns.size())
                return make_error(ErrorCode::Config, "phrase lists: Hyperscan cannot build the database: " + message,
                                  dir.string());
            auto index = static_cast<std::size_t>(which);
            const PhrasePattern& p = built.patterns[index];
            const std::string where = fmt::format("{}:{}", (dir / p.file).string(), p.line);
            if (built.flags[index] & HS_FLAG_SOM_LEFTMOST) {
                hs_database_t* single = nullptr;
                hs_compile_error_t* single_error = nullptr;
                if (hs_compile(pointers[index], kBaseFlags, HS_MODE_BLOCK, nullptr, &single, &single_error) ==
                    HS_SUCCESS) {
                    hs_free_database(single);
                    built.flags[index] = kBaseFlags;
                    continue;
                }
                if (single_error) hs_free_compile_error(single_error);
            }
            return make_error(ErrorCode::Config, fmt::format("Hyperscan rejects '{}': {}", p.phrase, message), where);
        }
    };
    auto compiled = cache ? cache->get_or_compile("phrases", key_material, compile) : compile();
    if (!compiled) return Unexpected<Error>{compiled.error()};
    // The extra bytes say which patterns kept start-of-match tracking ('1') after the retries.
    if (compiled->extra.size() != built.flags.size()) return make_error(ErrorCode::Internal, "phrase database: damaged pattern flags");
    for (std::size_t i = 0; i < built.flags.size(); ++i)
        built.flags[i] = compiled->extra[i] == '1' ? (kBaseFlags | HS_FLAG_SOM_LEFTMOST) : kBaseFlags;
    built.database = std::move(compiled->database);
    return PhraseCatalog(std::move(impl));
}

Result<bool> PhraseCatalog::reserve(base::HsScratch& scratch) const {
    return scratch.reserve(impl_->database);
}

Result<std::vector<PhraseMatch>> PhraseCatalog::scan(std::string_view text, base::HsScratch& scratch) const {
    std::vector<PhraseMatch> out;
    if (impl_->database.empty() || text.empty()) return out;
    // Hyperscan's UTF-8 mode is undefined on ill-formed input; normalize_for_scan never
    // produces it, but scan() is public.
    if (!base::is_valid_utf8(text)) return out;
    struct PerPattern {
        std::size_t count = 0;
        std::size_t last_end = 0;
        bool any = false;
    };
    struct Context {
        const Impl* impl;
        std::string_view text;
        std::vector<PerPattern> seen;
        std::vector<PhraseMatch>* out;
    } ctx{impl_.get(), text, std::vector<PerPattern>(impl_->patterns.size()), &out};
    auto on_match = [](unsigned int id, unsigned long long from, unsigned long long to, void* user) -> bool {
        auto* c = static_cast<Context*>(user);
        const PhrasePattern& p = c->impl->patterns[id];
        const bool has_start = (c->impl->flags[id] & HS_FLAG_SOM_LEFTMOST) != 0;
        auto begin = static_cast<std::size_t>(has_start ? from : to);
        auto end = static_cast<std::size_t>(to);
        if (!p.is_regex) {
            // ASCII words must stand alone: "urgent" is not found inside "insurgent".
            if (is_ascii_alnum(p.phrase.front()) && begin > 0 && is_ascii_alnum(c->text[begin - 1])) return true;
            if (is_ascii_alnum(p.phrase.back()) && end < c->text.size() && is_ascii_alnum(c->text[end])) return true;
        }
        PerPattern& s = c->seen[id];
        // A regex reports every end offset of one occurrence; keep the first.
        if (s.any && has_start && begin < s.last_end) return true;
        if (c->out->size() >= kMaxMatches) return false;
        if (s.count >= kMaxMatchesPerPattern) return true;
        s.any = true;
        s.last_end = end;
        ++s.count;
        c->out->push_back({&p, begin, end, has_start});
        return true;
    };
    auto scanned = impl_->database.scan(text, scratch, on_match, &ctx);
    if (!scanned) return Unexpected<Error>{scanned.error()};
    return out;
}

} // namespace mikiwame::content

// SPDX-License-Identifier: Apache-2.0
#include "content/content_words.h"

#include <fmt/format.h>

#include <algorithm>
#include <system_error>

#include "base/text.h"
#include "catalog/toml.h"

namespace mikiwame::content {

namespace {

constexpr std::string_view kFilePrefix = "words.";

// "words.en.toml" → "en"; "" for any other name.
std::string language_of_file(const std::filesystem::path& path) {
    const std::string name = path.filename().string();
    if (!name.starts_with(kFilePrefix) || path.extension() != ".toml") return {};
    return name.substr(kFilePrefix.size(), name.size() - kFilePrefix.size() - 5);
}

// Lower-cased words of an optional string array; an empty word is an error.
Result<std::vector<std::string>> words_at(toml::node_view<const toml::node> node, std::string_view key,
                                          std::string_view origin) {
    auto values = catalog::toml_string_array(node, key, origin);
    if (!values) return values;
    for (auto& v : *values) {
        if (base::trim(v).empty())
            return make_error(ErrorCode::Config, fmt::format("{}: empty word", key),
                              catalog::toml_location(origin, node.node()->source()));
        v = base::to_lower_ascii(v);
    }
    return values;
}

// A table of word = integer in [min, max], merged into `into`; the same word with another
// value (in this file or an earlier one) is an error.
Result<bool> merge_numbers(toml::node_view<const toml::node> node, std::string_view key, std::string_view origin,
                           int min, int max, std::map<std::string, int, std::less<>>& into) {
    if (!node) return true;
    const toml::table* table = node.as_table();
    if (!table)
        return make_error(ErrorCode::Config, fmt::format("{}: expected a table of word = number", key),
                          catalog::toml_location(origin, node.node()->source()));
    for (const auto& [word, value] : *table) {
        auto number = value.value<std::int64_t>();
        const std::string where = catalog::toml_location(origin, value.source());
        if (!number || *number < min || *number > max)
            return make_error(ErrorCode::Config, fmt::format("{}.{}: expected a number from {} to {}", key, word.str(), min, max),
                              where);
        const std::string lower = base::to_lower_ascii(word.str());
        auto [it, inserted] = into.emplace(lower, static_cast<int>(*number));
        if (!inserted && it->second != *number)
            return make_error(ErrorCode::Config, fmt::format("{}.{}: already {} in another file", key, word.str(), it->second),
                              where);
    }
    return true;
}

void append(std::vector<std::string>& into, const std::vector<std::string>& words) {
    for (const auto& w : words)
        if (std::find(into.begin(), into.end(), w) == into.end()) into.push_back(w);
}

} // namespace

Result<ContentWords> ContentWords::load(const std::filesystem::path& dir) {
    ContentWords out;
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_directory(dir, ec)) {
        for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
            if (entry.is_regular_file(ec) && !language_of_file(entry.path()).empty()) files.push_back(entry.path());
        if (ec) return make_error(ErrorCode::Config, "cannot list the words files: " + ec.message(), dir.string());
    }
    std::sort(files.begin(), files.end());

    for (const auto& path : files) {
        const std::string origin = path.string();
        auto text = catalog::read_data_file(path, "words file");
        if (!text) return Unexpected<Error>{text.error()};
        auto parsed = catalog::parse_toml(*text, origin);
        if (!parsed) return Unexpected<Error>{parsed.error()};
        const toml::table& root = *parsed;
        const std::string at_top = catalog::toml_location(origin, root.source());
        auto known = catalog::reject_unknown_keys(
            root, {"language", "numeric_dates", "stop_words", "openers", "honorifics", "months", "eras", "deadline"}, origin);
        if (!known) return Unexpected<Error>{known.error()};

        const std::string language = root["language"].value<std::string>().value_or("");
        if (language != language_of_file(path))
            return make_error(ErrorCode::Config,
                              fmt::format("language: expected \"{}\", as the file name says", language_of_file(path)), at_top);
        out.languages_.push_back(language);
        const std::string dates = root["numeric_dates"].value<std::string>().value_or("month-day");
        if (dates != "month-day" && dates != "day-month")
            return make_error(ErrorCode::Config, "numeric_dates: expected \"month-day\" or \"day-month\"", at_top);
        if (dates == "day-month") out.day_first_.push_back(language);

        auto stop = words_at(root["stop_words"], "stop_words", origin);
        if (!stop) return Unexpected<Error>{stop.error()};
        if (!stop->empty()) {
            for (const auto& word : *stop) out.stop_word_index_[word].push_back(out.stop_words_.size());
            out.stop_words_.push_back({language, std::move(*stop)});
        }
        for (auto [key, into] : {std::pair{"openers", &out.openers_}, std::pair{"honorifics", &out.honorifics_}}) {
            auto words = words_at(root[key], key, origin);
            if (!words) return Unexpected<Error>{words.error()};
            append(*into, *words);
        }
        auto months = merge_numbers(root["months"], "months", origin, 1, 12, out.months_);
        if (!months) return Unexpected<Error>{months.error()};

        if (const toml::array* eras = root["eras"].as_array()) {
            for (const toml::node& node : *eras) {
                const toml::table* era = node.as_table();
                auto name = era ? (*era)["name"].value<std::string>() : std::nullopt;
                auto first_year = era ? (*era)["first_year"].value<std::int64_t>() : std::nullopt;
                if (!name || name->empty() || !first_year || *first_year < 1 || *first_year > 9999)
                    return make_error(ErrorCode::Config, "eras: expected { name = \"…\", first_year = N }",
                                      catalog::toml_location(origin, node.source()));
                out.eras_.push_back({*name, static_cast<int>(*first_year)});
            }
        } else if (root["eras"]) {
            return make_error(ErrorCode::Config, "eras: expected an array of tables", at_top);
        }

        const toml::node_view<const toml::node> deadline = root["deadline"];
        if (deadline && !deadline.as_table())
            return make_error(ErrorCode::Config, "deadline: expected a table", at_top);
        if (!deadline) continue;
        known = catalog::reject_unknown_keys(*deadline.as_table(),
                                             {"before", "after", "near", "relative_leads", "units", "day_words"}, origin,
                                             "deadline.");
        if (!known) return Unexpected<Error>{known.error()};
        for (auto [key, into] : {std::pair{"before", &out.cues_before_}, std::pair{"after", &out.cues_after_},
                                 std::pair{"near", &out.cues_near_}, std::pair{"relative_leads", &out.relative_leads_}}) {
            auto words = words_at(deadline[key], fmt::format("deadline.{}", key), origin);
            if (!words) return Unexpected<Error>{words.error()};
            append(*into, *words);
        }
        auto units = merge_numbers(deadline["units"], "deadline.units", origin, 1, 24 * 366, out.units_);
        if (!units) return Unexpected<Error>{units.error()};
        if (const toml::array* days = deadline["day_words"].as_array()) {
            for (const toml::node& node : *days) {
                const toml::table* day = node.as_table();
                auto word = day ? (*day)["word"].value<std::string>() : std::nullopt;
                auto hours = day ? (*day)["hours"].value<std::int64_t>() : std::nullopt;
                auto alone = day ? (*day)["alone"].value<bool>() : std::nullopt;
                if (!word || base::trim(*word).empty() || !hours || *hours < 0 || *hours > 24 * 7 || !alone)
                    return make_error(ErrorCode::Config,
                                      "deadline.day_words: expected { word = \"…\", hours = N, alone = true|false }",
                                      catalog::toml_location(origin, node.source()));
                out.day_words_.push_back({base::to_lower_ascii(*word), static_cast<int>(*hours), *alone});
            }
        } else if (deadline["day_words"]) {
            return make_error(ErrorCode::Config, "deadline.day_words: expected an array of tables", at_top);
        }
    }
    // A longer lead ends with a shorter one ("within the next" / "next"): the longer must win.
    std::stable_sort(out.relative_leads_.begin(), out.relative_leads_.end(),
                     [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    return out;
}

std::vector<std::string> ContentWords::languages() const {
    return languages_;
}

bool ContentWords::is_day_first(std::string_view language) const {
    return std::find(day_first_.begin(), day_first_.end(), language) != day_first_.end();
}

int ContentWords::month_of(std::string_view word) const {
    auto it = months_.find(word);
    return it == months_.end() ? 0 : it->second;
}

int ContentWords::unit_hours(std::string_view word) const {
    auto it = units_.find(word);
    return it == units_.end() ? 0 : it->second;
}

const std::vector<std::size_t>& ContentWords::stop_word_languages(std::string_view word) const {
    static const std::vector<std::size_t> none;
    auto it = stop_word_index_.find(word);
    return it == stop_word_index_.end() ? none : it->second;
}

} // namespace mikiwame::content

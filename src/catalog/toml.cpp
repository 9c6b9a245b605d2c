// SPDX-License-Identifier: Apache-2.0
#include "catalog/toml.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace mikiwame::catalog {

std::string toml_location(std::string_view origin, const toml::source_region& region) {
    return fmt::format("{}:{}:{}", origin, region.begin.line, region.begin.column);
}

Result<toml::table> parse_toml(std::string_view text, std::string_view origin) {
    const std::string escaped = escape_for_toml_parser(text);
    toml::parse_result parsed = toml::parse(escaped, std::string(origin));
    if (!parsed) {
        const auto& err = parsed.error();
        return make_error(ErrorCode::Config, std::string(err.description()), toml_location(origin, err.source()));
    }
    return std::move(parsed).table();
}

Result<std::vector<std::string>> toml_string_array(toml::node_view<const toml::node> node, std::string_view key,
                                                   std::string_view origin) {
    std::vector<std::string> out;
    if (!node) return out;
    const toml::array* array = node.as_array();
    if (!array)
        return make_error(ErrorCode::Config, fmt::format("{}: expected an array of strings", key),
                          toml_location(origin, node.node()->source()));
    for (const toml::node& element : *array) {
        auto value = element.value<std::string>();
        if (!value)
            return make_error(ErrorCode::Config, fmt::format("{}: expected an array of strings", key),
                              toml_location(origin, element.source()));
        if (!base::is_valid_utf8(*value))
            return make_error(ErrorCode::Config, fmt::format("{}: invalid UTF-8", key), toml_location(origin, element.source()));
        out.push_back(std::move(*value));
    }
    return out;
}

Result<bool> reject_unknown_keys(const toml::table& table, std::span<const std::string_view> known,
                                 std::string_view origin, std::string_view where) {
    for (const auto& [key, node] : table) {
        if (std::find(known.begin(), known.end(), key.str()) != known.end()) continue;
        const std::string suggestion =
            base::closest_name(key.str(), std::vector<std::string>(known.begin(), known.end()));
        // A key's own position is where the misspelling is; the value's is the fallback.
        const toml::source_region& region = key.source().begin ? key.source() : node.source();
        return make_error(ErrorCode::Config,
                          suggestion.empty()
                              ? fmt::format("unknown key '{}{}'", where, key.str())
                              : fmt::format("unknown key '{}{}' (did you mean '{}{}'?)", where, key.str(), where, suggestion),
                          toml_location(origin, region));
    }
    return true;
}

Result<std::string> read_data_file(const std::filesystem::path& path, std::string_view what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error(ErrorCode::Config, fmt::format("cannot read the {}", what), path.string());
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

} // namespace mikiwame::catalog

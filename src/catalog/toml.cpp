// SPDX-License-Identifier: Apache-2.0
#include "catalog/toml.h"

#include <fmt/format.h>

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

Result<std::string> read_data_file(const std::filesystem::path& path, std::string_view what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error(ErrorCode::Config, fmt::format("cannot read the {}", what), path.string());
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

} // namespace mikiwame::catalog

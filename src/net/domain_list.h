// SPDX-License-Identifier: Apache-2.0
// Lists of domain names under data/lists/ (shorteners, shared mail providers, e-mail
// services, …): one lower-case name or suffix per line, read by base::read_line_list with
// '#' comments. Every stage that judges hosts by a list loads it through here.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_set>

#include "mikiwame/result.h"

namespace mikiwame::net {

// True for one lower-case ASCII name as the lists write it: letters, digits, '-' and '.', not
// starting with '.' or '-', not ending with '.'.
[[nodiscard]] bool is_domain_list_entry(std::string_view s);

// The names of a domain list file. A missing file or a line that is not one name is an
// ErrorCode::Config error whose context is "file:line".
[[nodiscard]] Result<std::unordered_set<std::string>> read_domain_list(const std::filesystem::path& path);

} // namespace mikiwame::net

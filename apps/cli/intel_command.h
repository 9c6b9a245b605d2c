// SPDX-License-Identifier: Apache-2.0
// `mikiwame intel import|lookup`: the local phishing-URL database.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace mikiwame::cli {

int run_intel_import(const std::vector<std::string>& files, const std::filesystem::path& db_path);
int run_intel_lookup(const std::string& url, const std::filesystem::path& db_path);

} // namespace mikiwame::cli

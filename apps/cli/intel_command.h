// SPDX-License-Identifier: Apache-2.0
// `mikiwame intel`: import feeds into the local phishing-URL store, look URLs up, list, remove
// and count entries.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace mikiwame::cli {

struct IntelListArgs {
    std::string source;
    std::size_t limit = 100;
};

int run_intel_import(const std::vector<std::string>& files, const std::filesystem::path& db_path);
int run_intel_lookup(const std::string& url, const std::filesystem::path& db_path);
int run_intel_list(const IntelListArgs& args, const std::filesystem::path& db_path);
int run_intel_remove(const std::vector<std::string>& entries, const std::string& source, const std::filesystem::path& db_path);
int run_intel_stats(const std::filesystem::path& db_path);

} // namespace mikiwame::cli

// SPDX-License-Identifier: Apache-2.0
#include "intel_command.h"

#include <cstdio>

#include "mikiwame/intel.h"
#include "mikiwame/result.h"

namespace mikiwame::cli {

namespace {
int report_error(const Error& e) {
    std::fprintf(stderr, "mikiwame: %s: %s\n", e.context.c_str(), e.message.c_str());
    return exit_code_for(e.code);
}
} // namespace

int run_intel_import(const std::vector<std::string>& files, const std::filesystem::path& path) {
    auto db = IntelStore::open(path, true);
    if (!db) return report_error(db.error());
    std::size_t total_inserted = 0;
    for (const auto& file : files) {
        auto stats = db->import_file(file);
        if (!stats) return report_error(stats.error());
        total_inserted += stats->inserted;
        std::printf("%s: %zu entries read, %zu loaded, %zu already present, %zu rejected\n", file.c_str(), stats->read,
                    stats->inserted, stats->duplicates, stats->rejected_lines.size());
        for (std::size_t i = 0; i < stats->rejected_lines.size() && i < 10; ++i)
            std::fprintf(stderr, "mikiwame: %s:%zu: no URL or domain on this line\n", file.c_str(), stats->rejected_lines[i]);
    }
    std::printf("%s: %zu new entries, %zu in total\n", path.c_str(), total_inserted, db->count());
    return 0;
}

int run_intel_lookup(const std::string& url, const std::filesystem::path& path) {
    auto db = IntelStore::open(path, false);
    if (!db) return report_error(db.error());
    auto entries = db->lookup(url);
    if (entries.empty()) {
        std::printf("not listed\n");
        return 1;
    }
    for (const auto& e : entries)
        std::printf("%s match: %s (%s, %s, %s)\n", e.match.c_str(), e.listed.c_str(), e.source.c_str(), e.listed_at.c_str(),
                    e.description.c_str());
    return 0;
}

} // namespace mikiwame::cli

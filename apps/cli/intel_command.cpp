// SPDX-License-Identifier: Apache-2.0
#include "intel_command.h"

#include <fmt/format.h>

#include <cstdio>
#include <map>

#include "mikiwame/intel.h"
#include "mikiwame/result.h"
#include "output.h"
#include "mikiwame/visible.h"

namespace mikiwame::cli {

namespace {

int report_error(const Error& e) {
    if (e.context.empty()) {
        std::fprintf(stderr, "mikiwame: %s\n", e.message.c_str());
    } else {
        std::fprintf(stderr, "mikiwame: %s: %s\n", make_visible(e.context).c_str(), e.message.c_str());
    }
    return exit_code_for(e.code);
}

int emit(const std::string& text) {
    return write_stdout(text) && flush_stdout() ? 0 : write_failed();
}

} // namespace

int run_intel_import(const std::vector<std::string>& files, const std::filesystem::path& path) {
    auto db = IntelStore::open(path, true);
    if (!db) return report_error(db.error());
    std::size_t total_inserted = 0, total_rejected = 0;
    std::string out;
    for (const auto& file : files) {
        auto stats = db->import_file(file);
        if (!stats) return report_error(stats.error());
        total_inserted += stats->inserted;
        total_rejected += stats->rejected_lines.size();
        out += fmt::format("{}: {} entries read, {} loaded, {} already present, {} rejected\n", make_visible(file), stats->read,
                           stats->inserted, stats->duplicates, stats->rejected_lines.size());
        for (std::size_t i = 0; i < stats->rejected_lines.size() && i < 10; ++i)
            std::fprintf(stderr, "mikiwame: %s:%zu: not a URL or domain, line rejected\n", make_visible(file).c_str(),
                         stats->rejected_lines[i]);
        if (stats->rejected_lines.size() > 10)
            std::fprintf(stderr, "mikiwame: %s: %zu more lines rejected\n", make_visible(file).c_str(), stats->rejected_lines.size() - 10);
    }
    out += fmt::format("{}: {} loaded, {} rejected, {} entries in total\n", make_visible(path.string()), total_inserted, total_rejected,
                       db->count());
    return emit(out);
}

int run_intel_lookup(const std::string& url, const std::filesystem::path& path) {
    auto db = IntelStore::open(path, false);
    if (!db) return report_error(db.error());
    auto entries = db->lookup(url);
    if (entries.empty()) {
        int rc = emit("not listed\n");
        return rc == 0 ? 1 : rc;
    }
    std::string out;
    for (const auto& e : entries)
        out += fmt::format("{} match: {} ({}, {}, {})\n", e.match, make_visible(e.listed), make_visible(e.source), make_visible(e.listed_at),
                           make_visible(e.description));
    return emit(out);
}

int run_intel_list(const IntelListArgs& args, const std::filesystem::path& path) {
    auto db = IntelStore::open(path, false);
    if (!db) return report_error(db.error());
    auto entries = db->list(args.source, args.limit);
    if (!entries) return report_error(entries.error());
    std::string out;
    for (const auto& e : *entries)
        out += fmt::format("{}\t{}\t{}\t{}\n", make_visible(e.listed_at), make_visible(e.source), make_visible(e.listed), make_visible(e.description));
    return emit(out);
}

int run_intel_remove(const std::vector<std::string>& entries, const std::string& source, const std::filesystem::path& path) {
    if (entries.empty() && source.empty()) {
        std::fprintf(stderr, "mikiwame: intel remove: name entries to remove, or --source FEED\n");
        return 64;
    }
    auto db = IntelStore::open(path, true);
    if (!db) return report_error(db.error());
    std::size_t removed = 0;
    for (const auto& entry : entries) {
        auto n = db->remove(entry);
        if (!n) return report_error(n.error());
        if (*n == 0) std::fprintf(stderr, "mikiwame: %s: not in the database\n", make_visible(entry).c_str());
        removed += *n;
    }
    if (!source.empty()) {
        auto n = db->remove_source(source);
        if (!n) return report_error(n.error());
        if (*n == 0) std::fprintf(stderr, "mikiwame: %s: no entries from this feed\n", make_visible(source).c_str());
        removed += *n;
    }
    return emit(fmt::format("{} entries removed, {} left\n", removed, db->count()));
}

int run_intel_stats(const std::filesystem::path& path) {
    auto db = IntelStore::open(path, false);
    if (!db) return report_error(db.error());
    auto months = db->stats();
    if (!months) return report_error(months.error());
    std::map<std::string, std::size_t> per_source;
    std::string out = "source\tmonth\tentries\n";
    for (const auto& m : *months) {
        out += fmt::format("{}\t{}\t{}\n", make_visible(m.source), m.month.empty() ? "-" : make_visible(m.month), m.entries);
        per_source[m.source] += m.entries;
    }
    for (const auto& [source, n] : per_source) out += fmt::format("{}\ttotal\t{}\n", make_visible(source), n);
    out += fmt::format("all\ttotal\t{}\n", db->count());
    return emit(out);
}

} // namespace mikiwame::cli

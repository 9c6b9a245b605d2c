// SPDX-License-Identifier: Apache-2.0
#include "scan_summary.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "mikiwame/visible.h"

namespace mikiwame::cli {

namespace {

constexpr std::size_t kTop = 10;
constexpr std::array<Verdict, 4> kVerdicts{Verdict::Phishing, Verdict::Suspicious, Verdict::Spam, Verdict::Clean};

// The most frequent first; ties by name, so the summary is the same on every run.
std::vector<std::pair<std::string, std::uint64_t>> top(const std::map<std::string, std::uint64_t>& counts) {
    std::vector<std::pair<std::string, std::uint64_t>> out(counts.begin(), counts.end());
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    if (out.size() > kTop) out.resize(kTop);
    return out;
}

double per_second(double amount, double seconds) { return seconds > 0 ? amount / seconds : 0; }

} // namespace

void ScanSummary::add(const Report& r) {
    ++analysed_;
    ++verdicts_[static_cast<std::size_t>(r.verdict)];
    if (r.verdict != Verdict::Phishing && r.verdict != Verdict::Suspicious) return;
    // Each counted once per mail: "in how many mails", not "how often".
    std::set<std::string> once;
    for (const auto& f : r.findings)
        if (once.insert(f.id).second) ++findings_[f.id];
    for (const auto& b : r.brands)
        if (!b.is_genuine) ++brands_[b.id];
    if (r.origin) {
        if (r.origin->country) ++countries_[*r.origin->country];
        if (r.origin->asn) ++networks_[fmt::format("AS{}{}", *r.origin->asn, r.origin->as_org ? " " + *r.origin->as_org : "")];
    }
    once.clear();
    for (const auto& u : r.urls)
        if (!u.registrable_domain.empty() && once.insert(u.registrable_domain).second) ++link_domains_[u.registrable_domain];
}

std::string ScanSummary::text(const ScanRun& run) const {
    std::string out = fmt::format("Scanned {} mail{}{}: {} analysed", run.listed, run.listed == 1 ? "" : "s",
                                  run.interrupted ? " (interrupted)" : "", analysed_);
    if (run.unchanged > 0) out += fmt::format(", {} unchanged since the last scan", run.unchanged);
    if (run.failed > 0) out += fmt::format(", {} unreadable", run.failed);
    if (run.problems > 0) out += fmt::format(", {} file{} or folder{} left out", run.problems, run.problems == 1 ? "" : "s", run.problems == 1 ? "" : "s");
    out += "\n";
    for (Verdict v : kVerdicts) out += fmt::format("  {:<11} {:>8}\n", to_string(v), count(v));
    const std::uint64_t flagged = count(Verdict::Phishing) + count(Verdict::Suspicious);
    auto section = [&](const char* title, const std::map<std::string, std::uint64_t>& counts) {
        if (counts.empty()) return;
        out += fmt::format("\n{} (in the {} phishing and suspicious mail{}):\n", title, flagged, flagged == 1 ? "" : "s");
        for (const auto& [name, n] : top(counts)) out += fmt::format("  {:>8}  {}\n", n, make_visible(name, false));
    };
    section("Top findings", findings_);
    section("Top impersonated brands", brands_);
    section("Top origin countries", countries_);
    section("Top origin networks", networks_);
    section("Top link domains", link_domains_);
    const double mb = static_cast<double>(run.bytes) / 1e6;
    out += fmt::format("\nThroughput: {:.1f} s, {} job{}, {:.0f} messages/s, {:.1f} MB/s; CPU {:.2f} ms per message\n",
                       run.wall_seconds, run.jobs, run.jobs == 1 ? "" : "s", per_second(static_cast<double>(analysed_), run.wall_seconds),
                       per_second(mb, run.wall_seconds), analysed_ > 0 ? run.cpu_seconds * 1000 / static_cast<double>(analysed_) : 0.0);
    return out;
}

std::string ScanSummary::json(const ScanRun& run) const {
    using nlohmann::ordered_json;
    auto list = [](const std::map<std::string, std::uint64_t>& counts, const char* key) {
        ordered_json a = ordered_json::array();
        for (const auto& [name, n] : top(counts)) a.push_back({{key, name}, {"mails", n}});
        return a;
    };
    ordered_json verdicts = ordered_json::object();
    for (Verdict v : kVerdicts) verdicts[to_string(v)] = count(v);
    const double mb = static_cast<double>(run.bytes) / 1e6;
    ordered_json j = {
        {"schema", "mikiwame.scan-summary/1"},
        {"interrupted", run.interrupted},
        {"listed", run.listed},
        {"analysed", analysed_},
        {"unchanged", run.unchanged},
        {"unreadable", run.failed},
        {"left_out", run.problems},
        {"verdicts", verdicts},
        {"top_findings", list(findings_, "id")},
        {"top_brands", list(brands_, "brand")},
        {"top_origin_countries", list(countries_, "country")},
        {"top_origin_networks", list(networks_, "network")},
        {"top_link_domains", list(link_domains_, "domain")},
        {"throughput",
         {{"jobs", run.jobs},
          {"wall_seconds", run.wall_seconds},
          {"cpu_seconds", run.cpu_seconds},
          {"bytes", run.bytes},
          {"messages_per_second", per_second(static_cast<double>(analysed_), run.wall_seconds)},
          {"mb_per_second", per_second(mb, run.wall_seconds)},
          {"cpu_ms_per_message", analysed_ > 0 ? run.cpu_seconds * 1000 / static_cast<double>(analysed_) : 0.0}}},
    };
    return j.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

} // namespace mikiwame::cli

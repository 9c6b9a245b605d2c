// SPDX-License-Identifier: Apache-2.0
// Finding cases (STYLE 7.8): tests/cases/<namespace>/<case>.eml with <case>.expect holding
// `has <id>` and `lacks <id>` lines (and `# why:` comments; `verdict`, `brand`, `nobrand`,
// `provider` and `forwarded <kind> [<style>]|none` lines for the report's other facts). Each case is checked through
// the whole engine, and a meta-test requires every id of data/findings.toml to have at
// least one `has` and one `lacks` case, so that every rule is shown to fire and not to.
#include <gtest/gtest.h>

#include "auth/local_dns.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "catalog/finding_catalog.h"
#include "intel/geoip.h"
#include "intel/phish_feed.h"
#include "mikiwame/engine.h"
#include "support/corpus.h"

namespace mikiwame {
namespace {

namespace fs = std::filesystem;

struct Expectation {
    bool present = true;
    std::string id;
};

struct Case {
    fs::path eml;
    std::vector<Expectation> expectations;
    std::string verdict; // optional `verdict <v>` line
    std::string brand;   // optional `brand <id>`: the first brand the mail claims
    std::vector<std::string> no_brands; // `nobrand <id>`: neither claimed nor mentioned
    std::string provider;               // optional `provider <id>`: the sender's mailbox provider
    // Optional `forwarded <kind> [<style>]`: the report is the analysis of a forwarded message
    // of that kind (Report::forwarded); `forwarded none`: it is not.
    std::string forwarded_kind;
    std::string forwarded_style;
    // `online`: analysed with AnalyzeRequest::online against tests/fixtures/auth/zones.conf on a
    // private unbound (scripts/dns-test.sh), for the findings only online checks give.
    bool online = false;
};

std::vector<Case> load_cases() {
    std::vector<Case> cases;
    fs::path root = fs::path(MIKIWAME_SOURCE_DIR) / "tests/cases";
    for (const auto& eml : testing::files_under(root, ".eml")) {
        Case c{eml, {}, {}, {}, {}, {}, {}, {}, false};
        fs::path expect = eml;
        expect.replace_extension(".expect");
        std::ifstream in(expect);
        std::string line;
        while (std::getline(in, line)) {
            std::istringstream words(line);
            std::string verb, id;
            words >> verb >> id;
            if (verb == "has" || verb == "lacks") c.expectations.push_back({verb == "has", id});
            if (verb == "verdict") c.verdict = id;
            if (verb == "brand") c.brand = id;
            if (verb == "nobrand") c.no_brands.push_back(id);
            if (verb == "provider") c.provider = id;
            if (verb == "online") c.online = true;
            if (verb == "forwarded") {
                c.forwarded_kind = id;
                words >> c.forwarded_style;
            }
        }
        cases.push_back(std::move(c));
    }
    return cases;
}

// The engine of the cases sees a phishing-URL database holding tests/cases/intel-feed.csv, so
// that url.known_phish can be shown to fire (and not to).
fs::path case_intel_db() {
    fs::path db = fs::temp_directory_path() / ("mikiwame-cases-" + std::to_string(::getpid()) + ".sqlite");
    fs::remove(db);
    auto opened = intel::PhishDatabase::open(db, true);
    if (opened) (void)opened->import_file(fs::path(MIKIWAME_SOURCE_DIR) / "tests/cases/intel-feed.csv");
    return db;
}

TEST(FindingCases, EveryCaseHoldsThroughTheEngine) {
    EngineOptions options;
    options.intel_db = case_intel_db();
    const GeoIpFiles geoip = find_geoip_files(default_geoip_dir());
    options.geoip_country = geoip.country;
    options.geoip_asn = geoip.asn;
    std::string why;
    auto dns = test::LocalDns::start(testing::read_file(fs::path(MIKIWAME_SOURCE_DIR) / "tests/fixtures/auth/zones.conf"), &why);
    if (dns) {
        options.online.resolver = dns->resolver();
        options.online.dnssec = false;
        options.online.timeout_ms = 500;
        options.online.fcrdns = true;
        options.online.dnsbl = {"bl.example"};
        options.online.uribl = {"uribl.example"};
    } else {
        std::printf("finding cases: local unbound did not start (%s); online cases skipped\n", why.c_str());
    }
    auto engine = Engine::load(options);
    ASSERT_TRUE(engine) << engine.error().message;
    auto cases = load_cases();
    std::size_t checked = 0;
    // The country of an origin needs the IP databases scripts/install-geoip.sh installs.
    const bool has_geoip = !options.geoip_country.empty();
    if (!has_geoip) std::printf("finding cases: IP databases absent; received.foreign_origin positives skipped\n");
    for (const auto& c : cases) {
        EXPECT_FALSE(c.expectations.empty() && c.verdict.empty() && c.brand.empty() && c.no_brands.empty() && c.forwarded_kind.empty())
            << c.eml << ": no .expect lines";
        if (c.online && !dns) continue;
        const std::string raw = testing::read_file(c.eml);
        AnalyzeRequest request;
        request.raw = raw;
        request.online = c.online;
        AnalysisContext context;
        auto report = (*engine)->analyze(request, context);
        ASSERT_TRUE(report) << c.eml;
        std::set<std::string> ids;
        for (const auto& f : report->findings) ids.insert(f.id);
        if (!c.verdict.empty()) {
            EXPECT_EQ(to_string(report->verdict), c.verdict) << fs::relative(c.eml, MIKIWAME_SOURCE_DIR).string();
        }
        const std::string name = fs::relative(c.eml, MIKIWAME_SOURCE_DIR).string();
        if (!c.brand.empty()) {
            EXPECT_FALSE(report->brands.empty()) << name << ": claims no brand, expected " << c.brand;
            if (!report->brands.empty()) {
                EXPECT_EQ(report->brands.front().id, c.brand) << name;
            }
        }
        for (const auto& id : c.no_brands) {
            auto is = [&](const BrandInfo& b) { return b.id == id; };
            EXPECT_TRUE(std::none_of(report->brands.begin(), report->brands.end(), is)) << name << ": claims " << id;
            EXPECT_TRUE(std::none_of(report->mentioned_brands.begin(), report->mentioned_brands.end(), is)) << name << ": mentions " << id;
        }
        if (!c.provider.empty()) {
            EXPECT_TRUE(report->sender.provider) << name << ": no provider, expected " << c.provider;
            if (report->sender.provider) {
                EXPECT_EQ(report->sender.provider->id, c.provider) << name;
            }
        }
        if (c.forwarded_kind == "none") {
            EXPECT_FALSE(report->forwarded) << name << ": read as a forward (" << report->forwarded->kind << ")";
        } else if (!c.forwarded_kind.empty()) {
            EXPECT_TRUE(report->forwarded) << name << ": not read as a forward, expected " << c.forwarded_kind;
            if (report->forwarded) {
                EXPECT_EQ(report->forwarded->kind, c.forwarded_kind) << name;
                if (!c.forwarded_style.empty()) {
                    EXPECT_EQ(report->forwarded->style, c.forwarded_style) << name;
                }
            }
        }
        for (const auto& e : c.expectations) {
            if (!has_geoip && e.present && e.id == "received.foreign_origin") continue;
            bool found = ids.count(e.id) > 0;
            EXPECT_EQ(found, e.present) << fs::relative(c.eml, MIKIWAME_SOURCE_DIR).string() << ": "
                                        << (e.present ? "expected " : "did not expect ") << e.id;
            ++checked;
        }
    }
    std::printf("finding cases: %zu files, %zu expectations\n", cases.size(), checked);
    fs::remove(options.intel_db);
}

TEST(FindingCases, EveryFindingIdHasAPositiveAndANegativeCase) {
    auto catalog = catalog::FindingCatalog::load(fs::path(MIKIWAME_SOURCE_DIR) / "data/findings.toml");
    ASSERT_TRUE(catalog);
    std::map<std::string, std::pair<int, int>> counts;
    for (const auto& c : load_cases())
        for (const auto& e : c.expectations) (e.present ? counts[e.id].first : counts[e.id].second)++;
    std::vector<std::string> missing;
    for (const auto& [id, def] : catalog->all()) {
        auto it = counts.find(id);
        if (it == counts.end() || it->second.first == 0 || it->second.second == 0)
            missing.push_back(id + (it == counts.end() ? " (none)" : it->second.first == 0 ? " (no has)" : " (no lacks)"));
    }
    std::printf("finding ids with both a has and a lacks case: %zu of %zu\n", catalog->all().size() - missing.size(),
                catalog->all().size());
    for (const auto& m : missing) std::printf("  missing: %s\n", m.c_str());
    EXPECT_TRUE(missing.empty());
    for (const auto& [id, c] : counts) EXPECT_TRUE(catalog->find(id)) << "case names unknown id " << id;
}

// Every id in data/findings.toml is one of SPEC §3's ids (read from ../shared/SPEC.md).
TEST(FindingCatalog, IdsMatchTheSpecList) {
    fs::path spec = testing::corpus_dir().parent_path() / "SPEC.md";
    if (!fs::exists(spec)) GTEST_SKIP() << "SPEC.md not found beside the corpus (" << spec << "); skipping";
    std::string text = testing::read_file(spec);
    auto catalog = catalog::FindingCatalog::load(fs::path(MIKIWAME_SOURCE_DIR) / "data/findings.toml");
    ASSERT_TRUE(catalog);
    // Ids marked `extension = true` are mikiwame's own additions and must not be in SPEC (when
    // SPEC adopts one, drop the mark); every other id must be.
    for (const auto& [id, def] : catalog->all()) {
        bool in_spec = text.find("`" + id + "`") != std::string::npos;
        EXPECT_EQ(in_spec, !def.is_extension) << id << (def.is_extension ? ": extension listed in SPEC" : ": not in SPEC");
    }
    // And the other way round: every backquoted dotted id of SPEC §3 that names a namespace we
    // know is in the catalogue.
    std::set<std::string> namespaces;
    for (const auto& [id, def] : catalog->all()) namespaces.insert(id.substr(0, id.find('.')));
    std::size_t pos = text.find("### Finding ids");
    ASSERT_NE(pos, std::string::npos);
    std::string section = text.substr(pos, text.find("## 4.", pos) - pos);
    for (std::size_t i = section.find('`'); i != std::string::npos; i = section.find('`', i + 1)) {
        std::size_t end = section.find('`', i + 1);
        if (end == std::string::npos) break;
        std::string token = section.substr(i + 1, end - i - 1);
        i = end;
        std::size_t dot = token.find('.');
        if (dot == std::string::npos || token.find(' ') != std::string::npos) continue;
        if (!namespaces.count(token.substr(0, dot))) continue;
        if (token.find('/') != std::string::npos || token.find('(') != std::string::npos) continue;
        if (token.find_first_not_of("abcdefghijklmnopqrstuvwxyz_.") != std::string::npos) continue;
        EXPECT_TRUE(catalog->find(token)) << "SPEC id missing from data/findings.toml: " << token;
    }
}

} // namespace
} // namespace mikiwame

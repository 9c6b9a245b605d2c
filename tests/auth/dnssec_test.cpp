// SPDX-License-Identifier: Apache-2.0
// DNSSEC through the libunbound resolver (online.dnssec): two lab zones are signed at test time
// (ldnsutils' ldns-keygen and ldns-signzone, into a temporary directory) and served by the
// private unbound (scripts/dns-test.sh) as auth-zones; the resolver gets their DS records as its
// trust anchor. signed.example is served as signed: its answers validate (secure). In
// forged.example the SPF record was changed after signing (an attacker's record under a stale
// signature): with validation the lookup is bogus, so SPF is temperror and nothing of the forged
// record is used; with online.dnssec = false the same answer is taken as it comes.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "auth/local_dns.h"
#include "auth/spf.h"
#include "auth/unbound_resolver.h"

namespace mikiwame::auth {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

bool run(const std::string& command) { return std::system(command.c_str()) == 0; }

bool has_ldns_tools() { return run("command -v ldns-keygen >/dev/null 2>&1 && command -v ldns-signzone >/dev/null 2>&1"); }

// Writes and signs `zone` in `dir` (a KSK and a ZSK, ECDSA P-256); appends the KSK's DS to
// `anchors`. Returns the signed zone file, "" on failure.
fs::path sign_zone(const fs::path& dir, const std::string& zone, const std::string& txt, std::ofstream& anchors) {
    const fs::path file = dir / (zone + ".zone");
    std::ofstream(file) << "$ORIGIN " << zone << ".\n$TTL 300\n"
                        << "@ IN SOA ns." << zone << ". hostmaster." << zone << ". 1 3600 600 86400 300\n"
                        << "@ IN NS ns." << zone << ".\nns IN A 127.0.0.1\n"
                        << "@ IN TXT \"" << txt << "\"\n";
    const std::string cd = "cd '" + dir.string() + "' && ";
    const fs::path names = dir / (zone + ".keys");
    if (!run(cd + "ldns-keygen -a ECDSAP256SHA256 -k " + zone + " > '" + names.string() + "' && ldns-keygen -a ECDSAP256SHA256 " + zone +
             " >> '" + names.string() + "'"))
        return {};
    std::ifstream keys(names);
    std::string ksk, zsk;
    keys >> ksk >> zsk;
    if (ksk.empty() || zsk.empty()) return {};
    if (!run(cd + "ldns-signzone '" + file.string() + "' " + zsk + " " + ksk)) return {};
    anchors << read(dir / (ksk + ".ds"));
    return fs::path(file.string() + ".signed");
}

std::string auth_zone(const std::string& zone, const fs::path& file) {
    // The fixture server's root is static (every other name NXDOMAIN): the lab zone is made
    // transparent there so that its auth-zone answers, with RRSIGs when asked with DO.
    return "local-zone: \"" + zone + ".\" transparent\nauth-zone:\n  name: \"" + zone + ".\"\n  zonefile: \"" + file.string() +
           "\"\n  for-downstream: yes\n  for-upstream: no\n  fallback-enabled: no\nserver:\n";
}

class Dnssec : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        if (!has_ldns_tools()) {
            why_ = "ldns-keygen/ldns-signzone not installed (ldnsutils, scripts/install-deps.sh)";
            return;
        }
        char templ[] = "/tmp/mikiwame-dnssec-XXXXXX";
        if (!mkdtemp(templ)) return;
        dir_ = templ;
        std::ofstream anchors(dir_ / "anchors.ds");
        const fs::path good = sign_zone(dir_, "signed.example", "v=spf1 -all", anchors);
        const fs::path forged = sign_zone(dir_, "forged.example", "v=spf1 -all", anchors);
        anchors.close();
        if (good.empty() || forged.empty()) {
            why_ = "signing the lab zones failed";
            return;
        }
        // The record changed after signing: the attacker's SPF letting its address pass.
        std::string text = read(forged);
        const std::string original = "\"v=spf1 -all\"";
        const std::size_t at = text.find(original);
        if (at == std::string::npos) {
            why_ = "the signed zone has no TXT record to change";
            return;
        }
        text.replace(at, original.size(), "\"v=spf1 ip4:93.184.216.34 -all\"");
        std::ofstream(forged, std::ios::binary | std::ios::trunc) << text;
        dns_ = test::LocalDns::start(auth_zone("signed.example", good) + auth_zone("forged.example", forged), &why_).release();
    }
    static void TearDownTestSuite() {
        delete dns_;
        dns_ = nullptr;
        std::error_code ec;
        if (!dir_.empty()) fs::remove_all(dir_, ec);
    }
    void SetUp() override {
        if (!dns_) GTEST_SKIP() << "lab DNSSEC server not started: " << why_;
    }
    static std::unique_ptr<UnboundResolver> resolver(bool dnssec) {
        UnboundOptions options;
        options.resolver = dns_->resolver();
        options.dnssec = dnssec;
        options.trust_anchor = dir_ / "anchors.ds";
        options.timeout = std::chrono::milliseconds(2000);
        auto r = UnboundResolver::create(options);
        EXPECT_TRUE(r) << r.error().message;
        return r ? std::move(r.value()) : nullptr;
    }
    static SpfCheck spf(Resolver& dns, const std::string& domain) {
        return check_spf(SpfQuery{*net::parse_ip("93.184.216.34"), "user@" + domain, "mail." + domain}, dns);
    }
    static inline fs::path dir_;
    static inline test::LocalDns* dns_ = nullptr;
    static inline std::string why_;
};

TEST_F(Dnssec, ASignedZoneValidatesAndItsAnswerIsUsed) {
    auto dns = resolver(true);
    ASSERT_TRUE(dns);
    DnsAnswer txt = dns->query("signed.example", RrType::TXT);
    EXPECT_EQ(txt.status, DnsStatus::Answer) << txt.error;
    EXPECT_TRUE(txt.secure);
    ASSERT_EQ(txt.records.size(), 1u);
    EXPECT_EQ(txt.records[0], "v=spf1 -all");
    EXPECT_EQ(spf(*dns, "signed.example").result, AuthResult::Fail);
    // A name the signed zone proves absent (NSEC) is a validated NXDOMAIN, not an error.
    DnsAnswer missing = dns->query("nothing.signed.example", RrType::TXT);
    EXPECT_EQ(missing.status, DnsStatus::NxDomain) << missing.error;
}

TEST_F(Dnssec, ABogusSignatureIsATemperrorNotAnAnswer) {
    auto dns = resolver(true);
    ASSERT_TRUE(dns);
    DnsAnswer txt = dns->query("forged.example", RrType::TXT);
    EXPECT_EQ(txt.status, DnsStatus::ServFail);
    EXPECT_NE(txt.error.find("DNSSEC bogus"), std::string::npos) << txt.error;
    EXPECT_TRUE(txt.records.empty());
    const SpfCheck check = spf(*dns, "forged.example");
    EXPECT_EQ(check.result, AuthResult::TempError) << check.mechanism;
}

TEST_F(Dnssec, WithoutValidationTheSameAnswerIsTakenAsItComes) {
    auto dns = resolver(false);
    ASSERT_TRUE(dns);
    DnsAnswer txt = dns->query("forged.example", RrType::TXT);
    EXPECT_EQ(txt.status, DnsStatus::Answer) << txt.error;
    EXPECT_FALSE(txt.secure);
    ASSERT_EQ(txt.records.size(), 1u);
    EXPECT_EQ(txt.records[0], "v=spf1 ip4:93.184.216.34 -all");
    EXPECT_EQ(spf(*dns, "forged.example").result, AuthResult::Pass);
}

} // namespace
} // namespace mikiwame::auth

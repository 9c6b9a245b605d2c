// SPDX-License-Identifier: Apache-2.0
// DMARC on the project's zones (tests/fixtures/auth/zones.conf) served by a private unbound:
// aligned pass, relaxed vs strict, subdomain policy, missing record, temperror.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "auth/dmarc.h"
#include "auth/local_dns.h"
#include "auth/unbound_resolver.h"

namespace mikiwame::auth {
namespace {

TEST(DmarcRecordParse, Policies) {
    std::string err;
    auto r = parse_dmarc_record("v=DMARC1; p=reject; sp=none; adkim=s; pct=20", &err);
    ASSERT_TRUE(r) << err;
    EXPECT_EQ(r->policy, "reject");
    EXPECT_EQ(*r->subdomain_policy, "none");
    EXPECT_TRUE(r->strict_dkim);
    EXPECT_FALSE(r->strict_spf);
    EXPECT_EQ(r->pct, 20);
    EXPECT_FALSE(parse_dmarc_record("p=reject; v=DMARC1"));           // v= not first
    EXPECT_FALSE(parse_dmarc_record("v=DMARC1; p=maybe"));            // bad p=, no rua
    EXPECT_EQ(parse_dmarc_record("v=DMARC1; p=maybe; rua=mailto:x@y")->policy, "none");
    EXPECT_FALSE(parse_dmarc_record("v=DMARC1; p=none; pct=101"));
}

TEST(DmarcOrgDomain, Libpsl) {
    EXPECT_EQ(organizational_domain("a.b.example.co.jp"), "example.co.jp");
    EXPECT_EQ(organizational_domain("mail.sender.example"), "sender.example");
}

class DmarcZones : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        std::ifstream in(std::string(MIKIWAME_SOURCE_DIR) + "/tests/fixtures/auth/zones.conf");
        std::stringstream zones;
        zones << in.rdbuf();
        dns_ = test::LocalDns::start(zones.str(), &why_).release();
        if (!dns_) return;
        resolver_ = test::lab_resolver(*dns_).release();
    }
    static void TearDownTestSuite() {
        delete resolver_;
        delete dns_;
    }
    void SetUp() override {
        if (!dns_) GTEST_SKIP() << "local unbound did not start: " << why_;
        ASSERT_NE(resolver_, nullptr);
    }
    static DkimVerification passing(const std::string& domain) {
        DkimVerification v;
        v.domain = domain;
        v.result = AuthResult::Pass;
        return v;
    }
    static inline test::LocalDns* dns_ = nullptr;
    static inline Resolver* resolver_ = nullptr;
    static inline std::string why_;
};

TEST_F(DmarcZones, AlignedPassRelaxed) {
    auto spf = check_dmarc("sender.example", AuthResult::Pass, "bounce.sender.example", {}, *resolver_);
    EXPECT_EQ(spf.result, AuthResult::Pass) << spf.reason;
    EXPECT_TRUE(spf.spf_aligned);
    EXPECT_EQ(spf.policy, "reject");
    auto dkim = check_dmarc("sender.example", AuthResult::Fail, "other.example", {passing("mail.sender.example")}, *resolver_);
    EXPECT_EQ(dkim.result, AuthResult::Pass) << dkim.reason;
    EXPECT_TRUE(dkim.dkim_aligned);
    auto none = check_dmarc("sender.example", AuthResult::Pass, "other.example", {passing("other.example")}, *resolver_);
    EXPECT_EQ(none.result, AuthResult::Fail) << none.reason;
}

TEST_F(DmarcZones, StrictNeedsTheExactDomain) {
    auto sub = check_dmarc("strict.example", AuthResult::Pass, "bounce.strict.example", {passing("mail.strict.example")}, *resolver_);
    EXPECT_EQ(sub.result, AuthResult::Fail) << sub.reason;
    auto exact = check_dmarc("strict.example", AuthResult::Fail, "x.example", {passing("strict.example")}, *resolver_);
    EXPECT_EQ(exact.result, AuthResult::Pass) << exact.reason;
}

TEST_F(DmarcZones, SubdomainPolicyFromTheOrganisationalDomain) {
    auto r = check_dmarc("news.sender.example", AuthResult::None, "", {}, *resolver_);
    EXPECT_EQ(r.result, AuthResult::Fail);
    EXPECT_EQ(r.record_domain, "sender.example");
    EXPECT_EQ(r.policy, "quarantine"); // sp=, not p=reject
}

TEST_F(DmarcZones, MissingRecordIsNone) {
    auto r = check_dmarc("nodmarc.example", AuthResult::Pass, "nodmarc.example", {}, *resolver_);
    EXPECT_EQ(r.result, AuthResult::None);
    EXPECT_TRUE(r.policy.empty());
}

TEST_F(DmarcZones, ServerFailureIsTempError) {
    auto r = check_dmarc("tempfail.example", AuthResult::Pass, "tempfail.example", {}, *resolver_);
    EXPECT_EQ(r.result, AuthResult::TempError) << r.reason;
}

// pct= (RFC 7489 §6.6.4): a message outside the sample gets the next lower policy. The draw is
// the message's own (its Message-ID's hash), so the same message is always judged alike.
TEST(DmarcSample, BucketIsTheMessagesOwnAndStable) {
    // Fixed values: a change here changes which messages are sampled, hence old reports.
    EXPECT_EQ(dmarc_sample_bucket("1@sender.example"), dmarc_sample_bucket("1@sender.example"));
    // Checked with Python: int(hashlib.sha256(key).hexdigest()[:16], 16) % 100.
    EXPECT_EQ(dmarc_sample_bucket(""), 52);    // SHA-256("") = e3b0c44298fc1c14…
    EXPECT_EQ(dmarc_sample_bucket("abc"), 74); // SHA-256("abc") = ba7816bf8f01cfea…
    int below_half = 0;
    for (int i = 0; i < 1000; ++i) {
        const int bucket = dmarc_sample_bucket(std::to_string(i) + "@sender.example");
        ASSERT_GE(bucket, 0);
        ASSERT_LT(bucket, 100);
        if (bucket < 50) ++below_half;
    }
    EXPECT_GT(below_half, 430); // about half of the messages fall in a pct=50 sample
    EXPECT_LT(below_half, 570);
    EXPECT_EQ(next_lower_policy("reject"), "quarantine");
    EXPECT_EQ(next_lower_policy("quarantine"), "none");
    EXPECT_EQ(next_lower_policy("none"), "none");
}

TEST_F(DmarcZones, PctZeroAppliesTheNextLowerPolicyToEveryMessage) {
    for (int i = 0; i < 20; ++i) {
        const std::string key = std::to_string(i) + "@pct0.example";
        auto r = check_dmarc("pct0.example", AuthResult::Fail, "pct0.example", {}, *resolver_, key);
        EXPECT_EQ(r.result, AuthResult::Fail);
        EXPECT_EQ(r.pct, 0);
        EXPECT_EQ(r.policy, "reject");
        EXPECT_FALSE(r.sampled) << key;
        EXPECT_EQ(r.applied_policy, "quarantine") << key;
        auto q = check_dmarc("pct0q.example", AuthResult::Fail, "pct0q.example", {}, *resolver_, key);
        EXPECT_EQ(q.applied_policy, "none") << key;
    }
}

TEST_F(DmarcZones, PctHundredAppliesThePolicyToEveryMessage) {
    for (int i = 0; i < 20; ++i) {
        const std::string key = std::to_string(i) + "@pct100.example";
        auto r = check_dmarc("pct100.example", AuthResult::Fail, "pct100.example", {}, *resolver_, key);
        EXPECT_TRUE(r.sampled) << key;
        EXPECT_EQ(r.applied_policy, "reject") << key;
    }
    // No pct= at all is 100.
    auto plain = check_dmarc("strict.example", AuthResult::Fail, "x.example", {}, *resolver_, "any");
    EXPECT_EQ(plain.pct, 100);
    EXPECT_EQ(plain.applied_policy, "reject");
}

TEST_F(DmarcZones, PctFiftyChoosesTheSameForTheSameMessage) {
    int sampled = 0;
    for (int i = 0; i < 40; ++i) {
        const std::string key = std::to_string(i) + "@pct50.example";
        auto first = check_dmarc("pct50.example", AuthResult::Fail, "pct50.example", {}, *resolver_, key);
        auto again = check_dmarc("pct50.example", AuthResult::Fail, "pct50.example", {}, *resolver_, key);
        EXPECT_EQ(first.sampled, again.sampled) << key;
        EXPECT_EQ(first.sample_bucket, dmarc_sample_bucket(key));
        EXPECT_EQ(first.sampled, first.sample_bucket < 50);
        EXPECT_EQ(first.applied_policy, first.sampled ? "reject" : "quarantine") << key;
        if (first.sampled) ++sampled;
    }
    EXPECT_GT(sampled, 0); // both outcomes occur among 40 messages
    EXPECT_LT(sampled, 40);
}

} // namespace
} // namespace mikiwame::auth

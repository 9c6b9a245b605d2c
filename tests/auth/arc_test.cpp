// SPDX-License-Identifier: Apache-2.0
// ARC chain validation (src/auth/arc.cpp) on the project's fixtures: mails sealed by one and
// two forwarders with dkimpy's arc_sign (scripts/make-arc-fixtures.py, which also checked each
// with dkimpy's arc_verify), their keys served by a private unbound (scripts/dns-test.sh).
#include "auth/arc.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "auth/local_dns.h"
#include "auth/unbound_resolver.h"

namespace mikiwame::auth {
namespace {

const std::filesystem::path kArc = std::filesystem::path(MIKIWAME_SOURCE_DIR) / "tests" / "fixtures" / "auth" / "arc";

std::string read(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Removes the first field whose text starts with `prefix` (name through its folded lines).
std::string without_field(const std::string& raw, const std::string& prefix) {
    const std::size_t at = raw.find(prefix);
    if (at == std::string::npos) return raw;
    std::size_t end = raw.find("\r\n", at);
    while (end != std::string::npos && end + 2 < raw.size() && (raw[end + 2] == ' ' || raw[end + 2] == '\t')) end = raw.find("\r\n", end + 2);
    return raw.substr(0, at) + raw.substr(end + 2);
}

TEST(ArcSealTags, ParsesAndRejects) {
    std::string err;
    auto s = parse_arc_seal_tags(" i=2; cv=Pass; a=rsa-sha256; d=Fwd.Example; s=sel;\r\n t=1704067200;\r\n b=AB\r\n CD==", &err);
    ASSERT_TRUE(s) << err;
    EXPECT_EQ(s->instance, 2);
    EXPECT_EQ(s->cv, "pass");
    EXPECT_EQ(s->domain, "fwd.example");
    EXPECT_EQ(s->signature, "ABCD==");
    EXPECT_EQ(s->timestamp.value_or(0), 1704067200);
    EXPECT_FALSE(parse_arc_seal_tags("i=0; cv=none; a=rsa-sha256; d=x.example; s=s; b=AA", &err));
    EXPECT_EQ(err, "i= is not an ARC instance 1-50");
    EXPECT_FALSE(parse_arc_seal_tags("i=51; cv=none; a=rsa-sha256; d=x.example; s=s; b=AA"));
    EXPECT_FALSE(parse_arc_seal_tags("i=1; cv=maybe; a=rsa-sha256; d=x.example; s=s; b=AA", &err));
    EXPECT_EQ(err, "cv= is not none, pass or fail");
    EXPECT_FALSE(parse_arc_seal_tags("i=1; cv=none; a=rsa-sha256; d=x.example; s=s; h=from; b=AA", &err));
    EXPECT_EQ(err, "h= is not allowed in an ARC-Seal");
    EXPECT_FALSE(parse_arc_seal_tags("i=1; cv=none; a=rsa-sha256; s=s; b=AA", &err));
}

TEST(ArcMessageSignatureTags, InstanceInsteadOfIdentity) {
    std::string err;
    auto t = parse_arc_message_signature_tags("i=3; a=rsa-sha256; c=relaxed/relaxed; d=fwd.example; s=s; h=from : to; bh=AA; b=AA", &err);
    ASSERT_TRUE(t) << err;
    EXPECT_EQ(t->arc_instance.value_or(0), 3);
    EXPECT_TRUE(t->identity.empty());
    EXPECT_FALSE(parse_arc_message_signature_tags("a=rsa-sha256; d=fwd.example; s=s; h=from; bh=AA; b=AA", &err));
    EXPECT_EQ(err, "i= is missing");
    EXPECT_FALSE(parse_arc_message_signature_tags("i=1; a=rsa-sha256; d=fwd.example; s=s; h=from:arc-seal; bh=AA; b=AA", &err));
    EXPECT_EQ(err, "h= signs ARC-Seal");
    // A DKIM-Signature's i= is an identity, not an instance: the two readers differ there.
    EXPECT_FALSE(parse_dkim_signature_tags("i=1; a=rsa-sha256; d=fwd.example; s=s; h=from; bh=AA; b=AA"));
}

// Every lookup fails as a server that does not answer would.
class DeadResolver : public Resolver {
public:
    using Resolver::query;
    DnsAnswer query(std::string_view, RrType, Clock::time_point) override {
        ++count;
        DnsAnswer a;
        a.status = DnsStatus::ServFail;
        a.error = "no answer";
        return a;
    }
    int count = 0;
};

TEST(ArcChain, NoArcFieldIsNoneWithoutLookups) {
    DeadResolver dns;
    auto v = verify_arc("From: a@b.example\r\nSubject: x\r\n\r\nbody\r\n", dns, DkimOptions{});
    EXPECT_EQ(v.result, AuthResult::None);
    EXPECT_EQ(v.instances, 0);
    EXPECT_EQ(dns.count, 0);
}

TEST(ArcChain, StructuralFaultsFailWithoutLookups) {
    DeadResolver dns;
    const std::string two = read(kArc / "arc-2.eml");
    ASSERT_FALSE(two.empty());
    struct Row {
        const char* label;
        std::string raw;
        const char* reason;
    } rows[] = {
        {"missing seal", without_field(two, "ARC-Seal: i=1;"), "ARC set i=1 has no ARC-Seal"},
        {"duplicate AAR", "ARC-Authentication-Results: i=2; fwd9.example; arc=pass\r\n" + two,
         "two ARC-Authentication-Results fields with i=2"},
        {"no instance", "ARC-Seal: cv=none; a=rsa-sha256; d=x.example; s=s; b=AA\r\n" + two, "an ARC-Seal has no valid i= (1-50)"},
        {"instance 51", "ARC-Message-Signature: i=51; a=rsa-sha256; d=x.example; s=s; h=from; bh=AA; b=AA\r\n" + two,
         "an ARC-Message-Signature has no valid i= (1-50)"},
        {"newest cv=fail", read(kArc / "arc-cv-fail.eml"), "the newest ARC-Seal (i=3, d=fwd3.example) says cv=fail"},
    };
    for (const auto& row : rows) {
        auto v = verify_arc(row.raw, dns, DkimOptions{});
        EXPECT_EQ(v.result, AuthResult::Fail) << row.label;
        EXPECT_EQ(v.reason, row.reason) << row.label;
    }
    EXPECT_EQ(dns.count, 0);
    // The first set must say cv=none: a seal claiming a chain before it where there is none.
    std::string first_pass = read(kArc / "arc-1.eml");
    const std::size_t cv = first_pass.find("cv=none");
    ASSERT_NE(cv, std::string::npos);
    first_pass.replace(cv, 7, "cv=pass");
    auto v = verify_arc(first_pass, dns, DkimOptions{});
    EXPECT_EQ(v.result, AuthResult::Fail);
    EXPECT_EQ(v.reason, "ARC-Seal i=1 says cv=pass (want none)");
}

TEST(ArcChain, KeyLookupFailureIsTemperror) {
    DeadResolver dns;
    auto v = verify_arc(read(kArc / "arc-1.eml"), dns, DkimOptions{});
    EXPECT_EQ(v.result, AuthResult::TempError);
    EXPECT_EQ(v.reason, "ARC-Message-Signature i=1: key lookup arc1._domainkey.fwd1.example: SERVFAIL");
}

class ArcFixtures : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dns_ = test::LocalDns::start(read(kArc / "zones.conf"), &why_).release();
        if (!dns_) return;
        resolver_ = test::lab_resolver(*dns_).release();
    }
    static void TearDownTestSuite() {
        delete resolver_;
        delete dns_;
        resolver_ = nullptr;
        dns_ = nullptr;
    }
    void SetUp() override {
        if (!dns_) GTEST_SKIP() << "local unbound did not start: " << why_;
        ASSERT_NE(resolver_, nullptr);
    }
    static ArcVerification verify(const std::string& name) {
        const std::string raw = read(kArc / name);
        EXPECT_FALSE(raw.empty()) << name;
        return verify_arc(raw, *resolver_, DkimOptions{});
    }
    static inline test::LocalDns* dns_ = nullptr;
    static inline Resolver* resolver_ = nullptr;
    static inline std::string why_;
};

TEST_F(ArcFixtures, OneSetPasses) {
    auto v = verify("arc-1.eml");
    EXPECT_EQ(v.result, AuthResult::Pass) << v.reason;
    EXPECT_EQ(v.instances, 1);
    EXPECT_EQ(v.oldest_pass, 0);
    EXPECT_EQ(v.domain, "fwd1.example");
    EXPECT_EQ(v.reason, "1 ARC set verify");
    ASSERT_EQ(v.sets.size(), 1u);
    EXPECT_EQ(v.sets[0].seal, AuthResult::Pass);
    EXPECT_EQ(v.sets[0].message_signature, AuthResult::Pass);
}

TEST_F(ArcFixtures, TwoSetsPass) {
    auto v = verify("arc-2.eml");
    EXPECT_EQ(v.result, AuthResult::Pass) << v.reason;
    EXPECT_EQ(v.instances, 2);
    EXPECT_EQ(v.oldest_pass, 0);
    EXPECT_EQ(v.domain, "fwd2.example");
    ASSERT_EQ(v.sets.size(), 2u);
    for (const auto& set : v.sets) {
        EXPECT_EQ(set.seal, AuthResult::Pass) << set.instance << ": " << set.seal_reason;
        EXPECT_EQ(set.message_signature, AuthResult::Pass) << set.instance << ": " << set.message_signature_reason;
    }
    EXPECT_EQ(v.sets[0].cv, "pass");
    EXPECT_EQ(v.sets[1].cv, "none");
}

TEST_F(ArcFixtures, ListFooterAfterTheFirstHopPassesWithOldestPassTwo) {
    auto v = verify("arc-2-footer.eml");
    EXPECT_EQ(v.result, AuthResult::Pass) << v.reason;
    EXPECT_EQ(v.oldest_pass, 2);
    ASSERT_EQ(v.sets.size(), 2u);
    EXPECT_EQ(v.sets[1].message_signature, AuthResult::Fail);
    EXPECT_EQ(v.sets[1].message_signature_reason, "body hash does not match (bh=)");
    EXPECT_EQ(v.sets[1].seal, AuthResult::Pass); // seals do not cover the body
}

TEST_F(ArcFixtures, BodyChangedAfterTheLastSealFails) {
    auto v = verify("arc-tampered-body.eml");
    EXPECT_EQ(v.result, AuthResult::Fail);
    EXPECT_EQ(v.reason, "the newest ARC-Message-Signature (i=2, d=fwd2.example) does not verify: body hash does not match (bh=)");
}

TEST_F(ArcFixtures, ChangedResultsOfAnEarlierHopBreakTheSeal) {
    auto v = verify("arc-broken-seal.eml");
    EXPECT_EQ(v.result, AuthResult::Fail);
    EXPECT_EQ(v.reason, "the ARC-Seal i=2 (d=fwd2.example) does not verify: signature does not verify");
}

TEST_F(ArcFixtures, CvFailOfTheNewestSealPropagates) {
    auto v = verify("arc-cv-fail.eml");
    EXPECT_EQ(v.result, AuthResult::Fail);
    EXPECT_EQ(v.instances, 3);
    EXPECT_EQ(v.domain, "fwd3.example");
    EXPECT_EQ(v.reason, "the newest ARC-Seal (i=3, d=fwd3.example) says cv=fail");
}

TEST_F(ArcFixtures, BareLfFileReadsAsCrlf) {
    std::string raw = read(kArc / "arc-2.eml"), lf;
    for (std::size_t i = 0; i < raw.size(); ++i)
        if (!(raw[i] == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n')) lf += raw[i];
    auto v = verify_arc(lf, *resolver_, DkimOptions{});
    EXPECT_EQ(v.result, AuthResult::Pass) << v.reason;
}

} // namespace
} // namespace mikiwame::auth

// SPDX-License-Identifier: Apache-2.0
// DKIM verification: the tag-list parser and canonicalisation alone, then the corpus vectors
// (dkimpy, MimeKit, RFC 8463) with their keys served by a private unbound on 127.0.0.1
// (scripts/dns-test.sh), as ../shared/corpus/README.md says they verify.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <fstream>
#include <limits>
#include <sstream>

#include "auth/dkim.h"
#include "auth/unbound_resolver.h"
#include "auth/local_dns.h"
#include "base/base64.h"

namespace mikiwame::auth {
namespace {

const std::filesystem::path kDkim = std::filesystem::path(MIKIWAME_CORPUS_DIR) / "suites" / "dkim";

std::string read(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string one_line(std::string s) {
    std::string out;
    for (char c : s)
        if (c != '\n' && c != '\r') out += c;
    return out;
}

TEST(DkimTagList, ParsesAndRejects) {
    auto tags = parse_tag_list(" v=1; a=rsa-sha256 ;\r\n d=example.com; b=ab\r\n cd ;");
    ASSERT_TRUE(tags);
    ASSERT_EQ(tags->size(), 4u);
    EXPECT_EQ((*tags)[1].second, "rsa-sha256");
    EXPECT_EQ((*tags)[3].second, "ab\r\n cd");
    EXPECT_FALSE(parse_tag_list("v=1; v=1"));       // duplicate
    EXPECT_FALSE(parse_tag_list("v=1; novalue"));   // no '='
    EXPECT_FALSE(parse_tag_list("v=1; 9x=2"));      // bad name
}

TEST(DkimSignatureTags, RequiredTagsAndPolicy) {
    std::string err;
    EXPECT_TRUE(parse_dkim_signature_tags("v=1; a=rsa-sha256; d=example.com; s=sel; h=from:to; bh=AAAA; b=AAAA", &err)) << err;
    EXPECT_FALSE(parse_dkim_signature_tags("v=1; a=rsa-sha256; d=example.com; s=sel; h=to; bh=AAAA; b=AAAA", &err));
    EXPECT_EQ(err, "h= does not sign From");
    EXPECT_FALSE(parse_dkim_signature_tags("v=1; a=rsa-sha256; d=example.com; s=sel; h=from; bh=AAAA; b=AAAA; i=@evil.example", &err));
    EXPECT_EQ(err, "i= is not within d=");
    EXPECT_FALSE(parse_dkim_signature_tags("v=2; a=rsa-sha256; d=example.com; s=sel; h=from; bh=AAAA; b=AAAA", &err));
    auto z = parse_dkim_signature_tags("v=1; a=ed25519-sha256; d=example.com; s=sel; h=from; bh=AAAA; b=AAAA; l=12; z=From:a=20b|To:c", &err);
    ASSERT_TRUE(z) << err;
    EXPECT_EQ(*z->body_length, 12u);
    ASSERT_EQ(z->copied_headers.size(), 2u);
    EXPECT_EQ(z->copied_headers[0], "From:a b");
    // l= may have 76 digits (RFC 6376 §3.5): beyond 64 bits it saturates instead of throwing
    // (std::out_of_range ended the analysis; fuzz_dkim_signature found it), and is then longer
    // than any body.
    auto huge = parse_dkim_signature_tags("v=1; a=rsa-sha256; d=example.com; s=sel; h=from; bh=AAAA; b=AAAA; l=107777107777777777777774", &err);
    ASSERT_TRUE(huge) << err;
    EXPECT_EQ(*huge->body_length, std::numeric_limits<std::uint64_t>::max());
    EXPECT_EQ(*parse_dkim_signature_tags("v=1; a=rsa-sha256; d=example.com; s=sel; h=from; bh=AAAA; b=AAAA; l=18446744073709551615")->body_length,
              18446744073709551615u);
    EXPECT_FALSE(parse_dkim_signature_tags("v=1; a=rsa-sha256; d=example.com; s=sel; h=from; bh=AAAA; b=AAAA; l=1" + std::string(76, '0')));
}

TEST(DkimCanonical, BodyAndHeader) {
    EXPECT_EQ(canonical_body("", false), "\r\n");
    EXPECT_EQ(canonical_body("", true), "");
    EXPECT_EQ(canonical_body("a  b \t\r\n\r\n\r\n", true), "a b\r\n");
    EXPECT_EQ(canonical_body("a  b \r\n\r\n", false), "a  b \r\n");
    EXPECT_EQ(canonical_header("SubJect :  Hello\r\n   World  \r\n", true), "subject:Hello World\r\n");
}

// The corpus vectors, keys served by the local unbound.
class DkimVectors : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        if (!std::filesystem::exists(kDkim)) return;
        std::string zones;
        // RFC 8463 A.2: brisbane (ed25519) and test (rsa) of football.example.com.
        std::istringstream rfc(read(kDkim / "rfc8463-dns.txt"));
        for (std::string line; std::getline(rfc, line);) {
            if (line.empty() || line[0] == ';') continue;
            const std::size_t q1 = line.find('"'), q2 = line.rfind('"');
            zones += test::txt_line(line.substr(0, line.find(". ")), line.substr(q1 + 1, q2 - q1 - 1));
        }
        std::string pem = read(kDkim / "mimekit" / "gmail.pub"), body;
        std::istringstream pl(pem);
        for (std::string line; std::getline(pl, line);)
            if (line.rfind("-----", 0) != 0) body += one_line(line);
        zones += test::txt_line("20120113._domainkey.gmail.com", "k=rsa; p=" + body);
        zones += test::txt_line("test._domainkey.example.com", one_line(read(kDkim / "dkimpy" / "test.txt")));
        zones += test::txt_line("bad._domainkey.example.com", one_line(read(kDkim / "dkimpy" / "test_bad.txt")));
        zones += test::txt_line("badversion._domainkey.example.com", one_line(read(kDkim / "dkimpy" / "badversion.txt")));
        zones += test::txt_line("badk._domainkey.example.com", one_line(read(kDkim / "dkimpy" / "badk.txt")));
        zones += test::txt_line("ed._domainkey.example.com", one_line(read(kDkim / "dkimpy" / "ed25519test.dns")));
        zones += test::txt_line("revoked._domainkey.example.com", "v=DKIM1; k=rsa; p=");
        zones += "local-zone: \"down.example.com.\" transparent\n";
        dns_ = test::LocalDns::start(zones, &why_).release();
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
        if (!std::filesystem::exists(kDkim)) GTEST_SKIP() << "corpus absent: " << kDkim;
        if (!dns_) GTEST_SKIP() << "local unbound did not start: " << why_;
        ASSERT_NE(resolver_, nullptr);
    }
    static std::vector<DkimVerification> verify(const std::string& raw) { return verify_dkim(raw, *resolver_, DkimOptions{}); }

    // Signs `raw` as a signer would, with our canonicalisation (round trips of the vectors' keys).
    static std::string sign(const std::string& raw, EVP_PKEY* key, bool ed25519, const std::string& selector, const std::string& canon,
                            std::optional<std::size_t> length = std::nullopt) {
        SplitMessage msg = split_message(raw);
        const bool relaxed_body = canon.substr(canon.find('/') + 1) == "relaxed";
        const bool relaxed_header = canon.substr(0, canon.find('/')) == "relaxed";
        std::string body = canonical_body(msg.body, relaxed_body);
        if (length) body.resize(std::min(*length, body.size()));
        unsigned char md[32];
        unsigned int len = 0;
        EVP_Digest(body.data(), body.size(), md, &len, EVP_sha256(), nullptr);
        std::string field = "DKIM-Signature: v=1; a=" + std::string(ed25519 ? "ed25519-sha256" : "rsa-sha256") + "; c=" + canon +
                            "; d=example.com; s=" + selector + "; h=from:to:subject:subject; " +
                            (length ? "l=" + std::to_string(*length) + "; " : std::string()) +
                            "bh=" + base::encode_base64(std::string(reinterpret_cast<char*>(md), len)) + "; b=";
        std::string data = signed_header_data(msg, {"from", "to", "subject", "subject"}, field + "\r\n", relaxed_header);
        EVP_MD_CTX* ctx = EVP_MD_CTX_new();
        std::string to_sign = data;
        if (ed25519) {
            EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
            to_sign.assign(reinterpret_cast<char*>(md), len);
        }
        EVP_DigestSignInit(ctx, nullptr, ed25519 ? nullptr : EVP_sha256(), nullptr, key);
        std::size_t siglen = 0;
        EVP_DigestSign(ctx, nullptr, &siglen, reinterpret_cast<const unsigned char*>(to_sign.data()), to_sign.size());
        std::string sig(siglen, '\0');
        EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &siglen, reinterpret_cast<const unsigned char*>(to_sign.data()),
                       to_sign.size());
        EVP_MD_CTX_free(ctx);
        sig.resize(siglen);
        return field + base::encode_base64(sig) + "\r\n" + raw;
    }
    static EVP_PKEY* rsa_key() {
        const std::string pem = read(kDkim / "dkimpy" / "test.private");
        BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
        EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
        BIO_free(bio);
        return key;
    }
    static EVP_PKEY* ed_key() {
        const std::string raw = base::decode_base64_lenient(one_line(read(kDkim / "dkimpy" / "ed25519test.key")));
        return EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
    }

    static inline test::LocalDns* dns_ = nullptr;
    static inline Resolver* resolver_ = nullptr;
    static inline std::string why_;
};

TEST_F(DkimVectors, Rfc6376SignedSimpleBothPass) {
    auto r = verify(read(kDkim / "dkimpy" / "rfc6376.signed.msg"));
    ASSERT_EQ(r.size(), 2u);
    for (const auto& v : r) EXPECT_EQ(v.result, AuthResult::Pass) << v.algorithm << ": " << v.reason;
    EXPECT_EQ(combine_dkim(r), AuthResult::Pass);
}

TEST_F(DkimVectors, Rfc8463RelaxedBothPassAndFailWhenBodyChanges) {
    const std::string raw = read(kDkim / "mimekit" / "rfc8463-example.msg");
    auto r = verify(raw);
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0].algorithm, "ed25519-sha256");
    for (const auto& v : r) EXPECT_EQ(v.result, AuthResult::Pass) << v.algorithm << ": " << v.reason;
    std::string changed = raw;
    const std::size_t at = changed.find("We lost the game");
    ASSERT_NE(at, std::string::npos);
    changed[at + 3] = 'L';
    auto f = verify(changed);
    ASSERT_EQ(f.size(), 2u);
    for (const auto& v : f) {
        EXPECT_EQ(v.result, AuthResult::Fail);
        EXPECT_EQ(v.reason, "body hash does not match (bh=)");
    }
}

TEST_F(DkimVectors, GmailMessagesPass) {
    for (auto file : {kDkim / "dkimpy" / "test2.message", kDkim / "mimekit" / "gmail.msg"}) {
        auto r = verify(read(file));
        ASSERT_EQ(r.size(), 1u) << file;
        EXPECT_EQ(r[0].result, AuthResult::Pass) << file << ": " << r[0].reason;
        EXPECT_EQ(r[0].key_bits, 2048u);
    }
}

TEST_F(DkimVectors, RsaRoundTripAndBadKeyRecords) {
    EVP_PKEY* key = rsa_key();
    ASSERT_NE(key, nullptr);
    const std::string msg = read(kDkim / "dkimpy" / "test.message");
    for (const char* canon : {"simple/simple", "relaxed/relaxed", "relaxed/simple"}) {
        auto r = verify(sign(msg, key, false, "test", canon));
        ASSERT_EQ(r.size(), 1u);
        EXPECT_EQ(r[0].result, AuthResult::Pass) << canon << ": " << r[0].reason;
    }
    for (const char* selector : {"bad", "badversion", "badk", "revoked", "missing"}) {
        auto r = verify(sign(msg, key, false, selector, "relaxed/simple"));
        ASSERT_EQ(r.size(), 1u);
        EXPECT_NE(r[0].result, AuthResult::Pass) << selector;
    }
    // A key server that does not answer is a temporary error, not a failure.
    std::string down = sign(msg, key, false, "x", "relaxed/simple");
    down.replace(down.find("d=example.com"), 13, "d=down.example.com");
    auto t = verify(down);
    EXPECT_EQ(t[0].result, AuthResult::TempError) << t[0].reason;
    // l=: text appended after the signed length keeps the signature; a changed signed part does not.
    std::string limited = sign(msg, key, false, "test", "simple/simple", 10);
    EXPECT_EQ(verify(limited + "appended by a list\r\n")[0].result, AuthResult::Pass);
    // Over-signing: h= names Subject twice, so a second Subject added later breaks it.
    std::string signed_msg = sign(msg, key, false, "test", "relaxed/relaxed");
    EXPECT_EQ(verify(signed_msg)[0].result, AuthResult::Pass);
    EXPECT_EQ(verify("Subject: added\r\n" + signed_msg)[0].result, AuthResult::Fail);
    EVP_PKEY_free(key);
}

TEST_F(DkimVectors, Ed25519RoundTrip) {
    EVP_PKEY* key = ed_key();
    ASSERT_NE(key, nullptr);
    const std::string msg = read(kDkim / "dkimpy" / "test.message");
    auto r = verify(sign(msg, key, true, "ed", "relaxed/relaxed"));
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].result, AuthResult::Pass) << r[0].reason;
    // The ed25519 key under an RSA signature's algorithm does not fit.
    EVP_PKEY* rsa = rsa_key();
    auto wrong = verify(sign(msg, rsa, false, "ed", "relaxed/relaxed"));
    EXPECT_EQ(wrong[0].result, AuthResult::PermError);
    EVP_PKEY_free(rsa);
    EVP_PKEY_free(key);
}

} // namespace
} // namespace mikiwame::auth

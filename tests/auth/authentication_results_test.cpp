// SPDX-License-Identifier: Apache-2.0
// The authentication field parsers (src/auth/authentication_results.cpp): RFC 8601
// Authentication-Results in its standard and Microsoft 365 forms, ARC-Authentication-Results,
// Received-SPF and the d=/s= of DKIM-Signature. Values are project-written.
#include "auth/authentication_results.h"

#include <gtest/gtest.h>

namespace {

using namespace mikiwame;

std::string text_of(const std::optional<AuthResult>& r) {
    return r ? to_string(*r) : "";
}

TEST(AuthenticationResults, ParsesRfc8601AndMicrosoftForms) {
    auto ar = auth::parse_authentication_results(
        "mx.example.jp 1; spf=softfail (domain of x) smtp.mailfrom=a@b.example; dkim=pass "
        "header.d=b.example header.s=sel; dmarc = fail (p=reject) header.from=b.example");
    ASSERT_TRUE(ar.authserv_id);
    EXPECT_EQ(*ar.authserv_id, "mx.example.jp");
    ASSERT_EQ(ar.results.size(), 3u);
    EXPECT_EQ(ar.results[0].method, "spf");
    EXPECT_EQ(ar.results[0].result, "softfail");
    EXPECT_EQ(ar.results[2].method, "dmarc");
    EXPECT_EQ(ar.results[2].result, "fail");

    auto ms = auth::parse_authentication_results(
        "spf=pass (sender IP is 40.107.78.117) smtp.mailfrom=t.example; dkim=none (message not "
        "signed) header.d=none;dmarc=bestguesspass action=none header.from=t.example;compauth=pass reason=109");
    EXPECT_FALSE(ms.authserv_id);
    ASSERT_EQ(ms.results.size(), 4u);
    EXPECT_EQ(text_of(auth::normalize_auth_result(ms.results[2].result)), "none");
    EXPECT_EQ(ms.results[3].reason, "109");

    EXPECT_TRUE(auth::parse_authentication_results("mx.example.jp; none").is_none);
    auto arc = auth::parse_arc_authentication_results("i=2; mx.example.jp; spf=pass smtp.mailfrom=x.example");
    EXPECT_EQ(arc.arc_instance.value_or(0), 2);
    EXPECT_EQ(text_of(auth::parse_received_spf("SoftFail (protection.outlook.com: domain …) client-ip=1.2.3.4")), "softfail");
    auto sig = auth::parse_dkim_signature("v=1; a=rsa-sha256; d=Example.COM; s=sel1;\r\n h=from; bh=x; b=y");
    ASSERT_TRUE(sig);
    EXPECT_EQ(sig->domain, "example.com");
    EXPECT_EQ(sig->selector, "sel1");
    EXPECT_FALSE(auth::parse_dkim_signature("v=1; s=x"));
}

TEST(AuthenticationResults, CommentsAndQuotedStringsDoNotSplitResults) {
    auto ar = auth::parse_authentication_results(
        "mx.example.jp (a comment; with a semicolon); dkim=fail reason=\"bad; signature\" header.d=x.example; spf=pass");
    EXPECT_EQ(ar.authserv_id.value_or(""), "mx.example.jp");
    ASSERT_EQ(ar.results.size(), 2u);
    EXPECT_EQ(ar.results[0].reason, "bad; signature");
    EXPECT_EQ(ar.results[1].method, "spf");
}

} // namespace

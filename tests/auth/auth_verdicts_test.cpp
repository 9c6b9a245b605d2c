// SPDX-License-Identifier: Apache-2.0
// Which authentication fields are believed (src/auth/auth_verdicts.cpp): the receiver's
// fields above its Received field or directly below it (Gmail, Proton, Microsoft 365,
// Postfix with milters), merged per authserv-id; the sender's look-alikes ignored and listed
// with their reason; the field parsers (src/auth/authentication_results.cpp) and the auth.*
// findings. Header blocks are project-written; addresses are public on purpose (documentation
// ranges such as 198.51.100.0/24 are not routable, so origin detection treats them as internal).
#include "auth/auth_verdicts.h"

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "headers/header_forensics.h"
#include "headers/test_lists.h"
#include "message/parser.h"

namespace {

using namespace mikiwame;

std::string text_of(const std::optional<AuthResult>& r) {
    return r ? to_string(*r) : "-";
}

// The headers stage's trust boundary, then the auth stage's reading on it.
struct Read {
    headers::HeaderFacts header_facts;
    auth::AuthVerdicts auth;
    std::vector<base::FindingHit> hits; // auth.*
};

Read analyze(const std::string& header_block, const Envelope* envelope = nullptr) {
    auto msg = message::parse_message(header_block + "\r\n\r\nbody\r\n", Limits{});
    headers::HeaderOptions options;
    options.envelope = envelope;
    Read out;
    out.header_facts = headers::analyze_headers(msg, headers::testing::shipped_lists(), options, Limits{});
    auth::AuthFacts facts = auth::read_authentication(msg, out.header_facts, envelope);
    out.auth = std::move(facts.verdicts);
    out.hits = std::move(facts.hits);
    return out;
}

bool has_hit(const Read& read, std::string_view id) {
    return std::any_of(read.hits.begin(), read.hits.end(), [&](const auto& h) { return h.id == id; });
}

std::string verdicts(const auth::AuthVerdicts& auth) {
    return "spf=" + text_of(auth.spf) + " dkim=" + text_of(auth.dkim) + " dmarc=" + text_of(auth.dmarc);
}

// "Name@index" of each listed field, in order.
std::string fields(const std::vector<auth::AuthFieldUse>& list) {
    std::string out;
    for (const auto& f : list) out += (out.empty() ? "" : " ") + f.field + "@" + std::to_string(f.header_index);
    return out;
}

const auth::AuthFieldUse* find_at(const std::vector<auth::AuthFieldUse>& list, std::size_t index) {
    auto it = std::find_if(list.begin(), list.end(), [&](const auto& f) { return f.header_index == index; });
    return it == list.end() ? nullptr : &*it;
}

// ---- Received-SPF reporter ---------------------------------------------------------------

TEST(ReceivedSpfReporter, ReadsReceiverKeyThenLeadingComment) {
    struct Row {
        const char* label;
        const char* value;
        const char* want; // "" = none
    } rows[] = {
        {"gmail comment", "pass (google.com: domain of a@b.example designates 45.33.100.7 as permitted sender) client-ip=45.33.100.7;", "google.com"},
        {"microsoft receiver=", "Fail (protection.outlook.com: domain of b.example does not designate 45.33.100.7 as permitted sender) receiver=protection.outlook.com; client-ip=45.33.100.7;", "protection.outlook.com"},
        {"rfc 7208 receiver=", "SoftFail identity=mailfrom; client-ip=45.33.100.7; envelope-from=<a@b.example>; receiver=mx.example.jp;", "mx.example.jp"},
        {"policy server address", "Pass (mailfrom) identity=mailfrom; client-ip=45.33.100.7; receiver=user@example.jp", "example.jp"},
        {"unknown receiver", "Pass (mailfrom) identity=mailfrom; client-ip=45.33.100.7; receiver=<UNKNOWN>", ""},
        {"no reporter", "none", ""},
        {"comment without host", "softfail (transitioning domain) client-ip=45.33.100.7", ""},
        {"not a key", "pass xreceiver=mx.evil.example (mx.example.jp: ok)", ""},
    };
    for (const auto& row : rows)
        EXPECT_EQ(auth::received_spf_reporter(row.value).value_or(""), row.want) << row.label;
}

// ---- receivers' layouts ------------------------------------------------------------------

// Gmail: ARC-Authentication-Results above its Received field, Received-SPF and
// Authentication-Results directly below it.
const char* kGmail =
    "Received: by 2002:a05:7300:5a0e:b0:1a2:bcd:ef01 with SMTP id x1csp123; Mon, 1 Jan 2024 00:00:02 -0800 (PST)\r\n"
    "ARC-Authentication-Results: i=1; mx.google.com; dkim=none; spf=softfail (google.com: domain of transitioning support@bank.example does not designate 45.33.100.77 as permitted sender) smtp.mailfrom=support@bank.example; dmarc=fail (p=NONE sp=NONE dis=NONE) header.from=bank.example\r\n"
    "Return-Path: <support@bank.example>\r\n"
    "Received: from vps.hosting.example (vps.hosting.example. [45.33.100.77]) by mx.google.com with ESMTPS id z; Mon, 01 Jan 2024 00:00:01 -0800 (PST)\r\n"
    "Received-SPF: softfail (google.com: domain of transitioning support@bank.example does not designate 45.33.100.77 as permitted sender) client-ip=45.33.100.77;\r\n"
    "Authentication-Results: mx.google.com; spf=softfail (google.com: domain of transitioning support@bank.example does not designate 45.33.100.77 as permitted sender) smtp.mailfrom=support@bank.example; dmarc=fail (p=NONE sp=NONE dis=NONE) header.from=bank.example\r\n";

TEST(AuthLayouts, GmailResultsBelowItsReceivedFieldAreRead) {
    auto facts = analyze(std::string(kGmail) + "From: Bank <support@bank.example>\r\nSubject: x");
    EXPECT_EQ(verdicts(facts.auth), "spf=softfail dkim=- dmarc=fail");
    EXPECT_EQ(facts.auth.authserv_id.value_or(""), "mx.google.com");
    EXPECT_EQ(fields(facts.auth.used), "Received-SPF@4 Authentication-Results@5");
    ASSERT_NE(find_at(facts.auth.used, 5), nullptr);
    EXPECT_EQ(find_at(facts.auth.used, 5)->reason, "directly below the Received field of mx.google.com");
    EXPECT_EQ(fields(facts.auth.ignored), "ARC-Authentication-Results@1");
    EXPECT_EQ(facts.auth.ignored[0].reason, "ARC results are read only when no Authentication-Results is trusted");
}

TEST(AuthLayouts, GmailWithoutArcStillReadsTheFieldsBelow) {
    auto facts = analyze(
        "Received: from vps.hosting.example (vps.hosting.example. [45.33.100.77]) by mx.google.com with ESMTPS id z; Mon, 01 Jan 2024 00:00:01 -0800 (PST)\r\n"
        "Received-SPF: fail (google.com: domain of support@bank.example does not designate 45.33.100.77 as permitted sender) client-ip=45.33.100.77;\r\n"
        "Authentication-Results: mx.google.com; spf=fail smtp.mailfrom=support@bank.example; dmarc=fail header.from=bank.example\r\n"
        "From: Bank <support@bank.example>\r\nSubject: x");
    EXPECT_EQ(verdicts(facts.auth), "spf=fail dkim=- dmarc=fail");
    EXPECT_EQ(facts.auth.spf_domain.value_or(""), "bank.example");
    EXPECT_TRUE(facts.auth.ignored.empty());
}

TEST(AuthLayouts, ProtonFieldsOfOneAuthservIdAreMerged) {
    const std::string proton_fields =
        "Authentication-Results: mailin042.protonmail.ch; dmarc=fail (p=reject dis=none) header.from=bank.example\r\n"
        "Authentication-Results: mailin042.protonmail.ch; spf=fail smtp.mailfrom=bank.example\r\n"
        "Authentication-Results: mailin042.protonmail.ch; arc=none smtp.remote-ip=45.33.100.78\r\n"
        "Authentication-Results: mailin042.protonmail.ch; dkim=none\r\n";
    const std::string received =
        "Received: from mail.hosting.example (mail.hosting.example [45.33.100.78]) (using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)) (No client certificate requested) by mailin042.protonmail.ch (Postfix) with ESMTPS id 4Abc for <u@proton.me>; Mon,  1 Jan 2024 00:00:01 +0000 (UTC)\r\n";
    const std::string tail = "From: Bank <info@bank.example>\r\nSubject: x";
    // Above its Received field (as Proton writes them) and below it: the same reading.
    for (const std::string& block : {proton_fields + received + tail, received + proton_fields + tail}) {
        auto facts = analyze(block);
        EXPECT_EQ(verdicts(facts.auth), "spf=fail dkim=none dmarc=fail") << block;
        EXPECT_EQ(facts.auth.used.size(), 4u) << block;
        EXPECT_TRUE(facts.auth.ignored.empty()) << block;
    }
}

TEST(AuthLayouts, Microsoft365IdLessFieldAboveTheOriginHop) {
    auto facts = analyze(
        "Received: from AM6EUR05FT050.eop-eur05.prod.protection.outlook.com (2603:10a6:209:85:cafe::33) by AM6P193CA0139.outlook.office365.com (2603:10a6:209:85::44) with Microsoft SMTP Server id 15.20.6652.33 via Frontend Transport; Tue, 15 Aug 2023 10:05:29 +0000\r\n"
        "Authentication-Results: spf=fail (sender IP is 45.33.100.79) smtp.mailfrom=bank.example; dkim=none (message not signed) header.d=none;dmarc=fail action=quarantine header.from=bank.example;compauth=fail reason=000\r\n"
        "Received-SPF: Fail (protection.outlook.com: domain of bank.example does not designate 45.33.100.79 as permitted sender) receiver=protection.outlook.com; client-ip=45.33.100.79; helo=vps.hosting.example;\r\n"
        "Received: from vps.hosting.example (45.33.100.79) by AM6EUR05FT050.mail.protection.outlook.com (10.233.241.171) with Microsoft SMTP Server id 15.20.6699.14 via Frontend Transport; Tue, 15 Aug 2023 10:05:29 +0000\r\n"
        "Authentication-Results: mx.microsoft.com 1; spf=pass smtp.mailfrom=bank.example; dkim=pass header.d=bank.example; dmarc=pass header.from=bank.example\r\n"
        "From: Bank <info@bank.example>\r\nSubject: x");
    EXPECT_EQ(verdicts(facts.auth), "spf=fail dkim=none dmarc=fail");
    EXPECT_EQ(fields(facts.auth.used), "Authentication-Results@1 Received-SPF@2");
    // The sender's own tenant result below the receiver's Received field names another id.
    ASSERT_EQ(facts.auth.ignored.size(), 1u);
    EXPECT_EQ(facts.auth.ignored[0].authserv_id.value_or(""), "mx.microsoft.com");
    EXPECT_EQ(facts.auth.ignored[0].reason,
              "directly below the Received field of am6eur05ft050.mail.protection.outlook.com, but mx.microsoft.com is not the receiver's authserv-id");
}

TEST(AuthLayouts, PostfixMilterFieldsBelowThePostfixReceivedField) {
    auto facts = analyze(
        "Received-SPF: Softfail (mailfrom) identity=mailfrom; client-ip=45.33.100.80; helo=vps.hosting.example; envelope-from=info@bank.example; receiver=<UNKNOWN>\r\n"
        "Received: from vps.hosting.example (vps.hosting.example [45.33.100.80]) by mx.example.jp (Postfix) with ESMTPS id 4Xk2; Mon, 1 Jan 2024 00:00:01 +0900 (JST)\r\n"
        "Authentication-Results: mx.example.jp; dkim=fail reason=\"signature verification failed\" header.d=bank.example header.s=s1\r\n"
        "Authentication-Results: mx.example.jp; dmarc=fail (p=reject dis=none) header.from=bank.example\r\n"
        "DKIM-Signature: v=1; a=rsa-sha256; d=bank.example; s=s1; h=from; bh=x; b=y\r\n"
        "From: Bank <info@bank.example>\r\nSubject: x");
    EXPECT_EQ(verdicts(facts.auth), "spf=softfail dkim=fail dmarc=fail");
    EXPECT_EQ(facts.auth.spf_domain.value_or(""), "bank.example");
    EXPECT_EQ(fields(facts.auth.used), "Received-SPF@0 Authentication-Results@2 Authentication-Results@3");
}

// ---- the defence ---------------------------------------------------------------------------

TEST(AuthDefence, ReceiversIdBelowTheSendersOwnHopsIsIgnored) {
    auto facts = analyze(
        "Authentication-Results: mx.example.jp; spf=softfail smtp.mailfrom=bank.example; dkim=none; dmarc=fail header.from=bank.example\r\n"
        "Received: from vps.hosting.example (vps.hosting.example [45.33.100.81]) by mx.example.jp (Postfix) with ESMTP id A; Mon, 1 Jan 2024 00:00:01 +0900\r\n"
        "Received: from [10.1.2.3] (unknown [10.1.2.3]) by vps.hosting.example (Postfix) with ESMTP id B; Mon, 1 Jan 2024 00:00:00 +0900\r\n"
        "Authentication-Results: mx.example.jp; spf=pass smtp.mailfrom=bank.example; dkim=pass header.d=bank.example; dmarc=pass header.from=bank.example\r\n"
        "From: Bank <info@bank.example>\r\nSubject: x");
    EXPECT_EQ(verdicts(facts.auth), "spf=softfail dkim=none dmarc=fail");
    ASSERT_EQ(facts.auth.ignored.size(), 1u);
    EXPECT_EQ(facts.auth.ignored[0].header_index, 3u);
    EXPECT_EQ(facts.auth.ignored[0].authserv_id.value_or(""), "mx.example.jp");
    EXPECT_EQ(facts.auth.ignored[0].reason, "has the receiver's authserv-id but sits below the sender's own Received fields");
    EXPECT_EQ(facts.auth.ignored_count, 1u);
}

TEST(AuthDefence, APassBelowTheReceiverContradictingItsResultIsIgnored) {
    // The receiver (Gmail) wrote softfail/fail; the sender's header block starts with a copy of
    // a genuine mail's pass under the same authserv-id.
    auto facts = analyze(std::string(kGmail) +
                         "Authentication-Results: mx.google.com; dkim=pass header.i=@bank.example; spf=pass smtp.mailfrom=support@bank.example; dmarc=pass header.from=bank.example\r\n"
                         "From: Bank <support@bank.example>\r\nSubject: x");
    EXPECT_EQ(verdicts(facts.auth), "spf=softfail dkim=- dmarc=fail");
    const auto* forged = find_at(facts.auth.ignored, 6);
    ASSERT_NE(forged, nullptr) << fields(facts.auth.ignored);
    EXPECT_EQ(forged->reason, "claims dkim=pass where the ARC-Authentication-Results at headers[1] says none");
}

TEST(AuthDefence, APassBelowMatchingTheReceiversAboveIsKept) {
    // The same field directly below, agreeing with what the receiver wrote above: merged, not dropped.
    auto facts = analyze(
        "Authentication-Results: mx.example.jp; spf=pass smtp.mailfrom=shop.example\r\n"
        "Received: from mail.shop.example (mail.shop.example [45.33.100.82]) by mx.example.jp (Postfix) with ESMTP id A; Mon, 1 Jan 2024 00:00:01 +0900\r\n"
        "Authentication-Results: mx.example.jp; dkim=pass header.d=shop.example; dmarc=pass header.from=shop.example\r\n"
        "From: Shop <info@shop.example>\r\nSubject: x");
    EXPECT_EQ(verdicts(facts.auth), "spf=pass dkim=pass dmarc=pass");
    EXPECT_TRUE(facts.auth.ignored.empty());
}

TEST(AuthDefence, AnotherIdDirectlyBelowIsNotTheReceivers) {
    auto facts = analyze(
        "Received: from vps.hosting.example (vps.hosting.example [45.33.100.83]) by mx.example.jp (Postfix) with ESMTP id A; Mon, 1 Jan 2024 00:00:01 +0900\r\n"
        "Authentication-Results: mx.bank.example; spf=pass smtp.mailfrom=bank.example; dkim=pass header.d=bank.example; dmarc=pass\r\n"
        "Received-SPF: pass (mx.bank.example: domain of bank.example designates 45.33.100.83 as permitted sender)\r\n"
        "From: Bank <info@bank.example>\r\nSubject: x");
    EXPECT_EQ(verdicts(facts.auth), "spf=- dkim=- dmarc=-");
    EXPECT_EQ(fields(facts.auth.ignored), "Authentication-Results@1 Received-SPF@2");
    EXPECT_FALSE(auth::alignment_with(facts.auth, "bank.example").dkim_pass);
}

TEST(AuthDefence, ResultsAfterTheSendersFirstOtherFieldAreNotDirectlyBelow) {
    auto facts = analyze(
        "Received: from vps.hosting.example (vps.hosting.example [45.33.100.84]) by mx.example.jp (Postfix) with ESMTP id A; Mon, 1 Jan 2024 00:00:01 +0900\r\n"
        "Message-ID: <1@bank.example>\r\n"
        "Authentication-Results: mx.example.jp; spf=pass smtp.mailfrom=bank.example; dmarc=pass\r\n"
        "From: Bank <info@bank.example>\r\nSubject: x");
    EXPECT_FALSE(facts.auth.spf);
    ASSERT_EQ(facts.auth.ignored.size(), 1u);
    EXPECT_EQ(facts.auth.ignored[0].reason, "has the receiver's authserv-id but is not directly below the receiver's Received field");
}

TEST(AuthDefence, WithTheSmtpEnvelopeNoHeaderFieldIsTheReceivers) {
    Envelope envelope;
    envelope.client_ip = "45.33.100.85";
    envelope.receiving_host = "mx.example.jp";
    envelope.mail_from = "bounce@Mail.Bank.example";
    auto facts = analyze("Authentication-Results: mx.example.jp; spf=pass smtp.mailfrom=bank.example; dmarc=pass\r\n"
                         "From: Bank <info@bank.example>\r\nSubject: x",
                         &envelope);
    EXPECT_FALSE(facts.auth.spf);
    ASSERT_EQ(facts.auth.ignored.size(), 1u);
    EXPECT_EQ(facts.auth.ignored[0].reason, "written before the mail reached the receiving server");
    // SPF's identity is the envelope's MAIL FROM, which the milter saw itself.
    EXPECT_EQ(facts.auth.spf_domain.value_or(""), "mail.bank.example");
    auto without = analyze("From: Bank <info@bank.example>\r\nSubject: x");
    EXPECT_FALSE(without.auth.spf_domain);
}

TEST(AuthDefence, ListsStayBoundedWhateverTheFieldCount) {
    std::string block = "Received: from vps.hosting.example (vps.hosting.example [45.33.100.86]) by mx.example.jp (Postfix) with ESMTP id A; Mon, 1 Jan 2024 00:00:01 +0900\r\n"
                        "Received: from [10.1.2.3] (unknown [10.1.2.3]) by vps.hosting.example (Postfix) with ESMTP id B; Mon, 1 Jan 2024 00:00:00 +0900\r\n";
    for (int i = 0; i < 200; ++i) block += "Authentication-Results: mx.example.jp; spf=pass\r\n";
    auto facts = analyze(block + "From: a@bank.example\r\nSubject: x");
    EXPECT_FALSE(facts.auth.spf);
    EXPECT_EQ(facts.auth.ignored.size(), auth::kMaxListedAuthFields);
    EXPECT_EQ(facts.auth.ignored_count, 200u);
}

// ---- trusted fields above the boundary, and the auth.* findings --------------------------

const char* kReceiverChain =
    "Received: from attacker.example (attacker.example [45.33.100.66]) by mx.example.jp (Postfix) with ESMTP id A; Mon, 1 Jan 2024 00:00:00 +0900\r\n";

TEST(AuthVerdicts, IgnoresAttackerInsertedPassBelowTheBoundary) {
    // The receiver wrote softfail above its Received field; the sender's own "pass" sits in
    // the submitted header block below it and must not count.
    auto facts = analyze(std::string("Authentication-Results: mx.example.jp; spf=softfail smtp.mailfrom=bank.example\r\n") +
                         kReceiverChain +
                         "Authentication-Results: mx.example.jp; spf=pass smtp.mailfrom=bank.example; dkim=pass header.d=bank.example; dmarc=pass\r\n"
                         "From: a@bank.example\r\nSubject: x");
    EXPECT_EQ(text_of(facts.auth.spf), "softfail");
    EXPECT_FALSE(facts.auth.dkim);
    EXPECT_EQ(facts.auth.ignored_count, 1u);
    EXPECT_TRUE(has_hit(facts, "auth.spf_softfail"));

    // Below the sender's own hop, the receiver's authserv-id proves nothing.
    auto only_forged = analyze(std::string(kReceiverChain) +
                               "Received: from [10.0.0.5] (unknown [10.0.0.5]) by attacker.example (Postfix) with ESMTP id B; Mon, 1 Jan 2024 00:00:00 +0900\r\n"
                               "Authentication-Results: mx.example.jp; spf=pass smtp.mailfrom=bank.example\r\n"
                               "From: a@bank.example\r\nSubject: x");
    EXPECT_FALSE(only_forged.auth.spf);
    EXPECT_FALSE(has_hit(only_forged, "auth.none"));
    ASSERT_EQ(only_forged.auth.ignored.size(), 1u);
    EXPECT_EQ(only_forged.auth.ignored[0].reason, "has the receiver's authserv-id but sits below the sender's own Received fields");
}

TEST(AuthVerdicts, PrefersTheReceiversAuthservIdAndFallsBackToReceivedSpf) {
    auto facts = analyze(std::string("Authentication-Results: other.example; spf=pass\r\n"
                                     "Authentication-Results: mx.example.jp; spf=fail; dkim=fail header.d=x; dkim=pass header.d=y\r\n") +
                         kReceiverChain + "From: a@bank.example\r\nSubject: x");
    EXPECT_EQ(text_of(facts.auth.spf), "fail");
    EXPECT_EQ(text_of(facts.auth.dkim), "pass"); // any passing signature is enough
    EXPECT_EQ(facts.auth.authserv_id.value_or(""), "mx.example.jp");

    auto spf_only = analyze(std::string("Received-SPF: Fail (mailfrom) identity=mailfrom; client-ip=45.33.100.66\r\n") +
                            kReceiverChain + "From: a@bank.example\r\nSubject: x");
    EXPECT_EQ(text_of(spf_only.auth.spf), "fail");
    EXPECT_EQ(spf_only.auth.source, "header");
}

TEST(AuthFindings, EachIdHasAPositiveAndANegativeCase) {
    const std::string rx = kReceiverChain;
    const std::string clean_from = "From: Alice <alice@sender.example>\r\n";
    const struct {
        const char* id;
        std::string positive;
        std::string negative;
    } cases[] = {
        {"auth.spf_fail", "Authentication-Results: mx.example.jp; spf=fail\r\n" + rx + clean_from + "Subject: x", "Authentication-Results: mx.example.jp; spf=pass\r\n" + rx + clean_from + "Subject: x"},
        {"auth.spf_softfail", "Authentication-Results: mx.example.jp; spf=softfail\r\n" + rx + clean_from + "Subject: x", "Authentication-Results: mx.example.jp; spf=neutral\r\n" + rx + clean_from + "Subject: x"},
        {"auth.dkim_fail", "Authentication-Results: mx.example.jp; dkim=fail header.d=x.example\r\n" + rx + clean_from + "Subject: x", "Authentication-Results: mx.example.jp; dkim=pass header.d=x.example\r\n" + rx + clean_from + "Subject: x"},
        {"auth.dmarc_fail", "Authentication-Results: mx.example.jp; dmarc=fail header.from=x.example\r\n" + rx + clean_from + "Subject: x", "Authentication-Results: mx.example.jp; dmarc=pass header.from=x.example\r\n" + rx + clean_from + "Subject: x"},
        {"auth.none", "Authentication-Results: mx.example.jp; spf=none; dkim=none; dmarc=none\r\n" + rx + clean_from + "Subject: x", "Authentication-Results: mx.example.jp; spf=none; dkim=pass header.d=sender.example\r\n" + rx + clean_from + "Subject: x"},
    };
    for (const auto& c : cases) {
        EXPECT_TRUE(has_hit(analyze(c.positive), c.id)) << c.id << " should fire on:\n" << c.positive;
        EXPECT_FALSE(has_hit(analyze(c.negative), c.id)) << c.id << " should not fire on:\n" << c.negative;
    }
}

} // namespace

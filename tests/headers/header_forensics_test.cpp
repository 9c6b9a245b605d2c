// SPDX-License-Identifier: Apache-2.0
// Origin detection per server family, and a positive and a negative case for every finding id
// this stage emits (the auth.* ids are the auth stage's: tests/auth/auth_verdicts_test.cpp). Messages are small
// project-written header blocks read with message::parse_message.
#include "headers/header_forensics.h"

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "message/parser.h"
#include "test_lists.h"

namespace {

using namespace mikiwame;

// Addresses are public on purpose (45.33.100.0/24): documentation ranges such as
// 198.51.100.0/24 are not routable, so origin detection rightly treats them as internal.
message::Message parse(const std::string& headers) {
    return message::parse_message(headers + "\r\n\r\nbody\r\n", Limits{});
}

headers::HeaderFacts analyze(const std::string& headers, const headers::HeaderOptions& options = {}) {
    return headers::analyze_headers(parse(headers), headers::testing::shipped_lists(), options, Limits{});
}

bool has_hit(const headers::HeaderFacts& facts, std::string_view id) {
    return std::any_of(facts.hits.begin(), facts.hits.end(), [&](const auto& h) { return h.id == id; });
}

std::string origin_ip(const headers::HeaderFacts& facts) { return facts.origin_ip.value_or("-"); }

// ---- origin detection, one chain per server family -------------------------------------

TEST(Origin, Microsoft365SkipsInternalIpv6RelaysAndLoopback) {
    auto facts = analyze(
        "Received: from CY5PR19MB6410.namprd19.prod.outlook.com (::1) by DM4PR19MB6317.namprd19.prod.outlook.com with HTTPS; Tue, 15 Aug 2023 10:05:31 +0000\r\n"
        "Received: from AM6P193CA0139.EURP193.PROD.OUTLOOK.COM (2603:10a6:209:85::44) by CY5PR19MB6410.namprd19.prod.outlook.com (2603:10b6:930:21::22) with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.6678.26; Tue, 15 Aug 2023 10:05:30 +0000\r\n"
        "Received: from AM6EUR05FT050.eop-eur05.prod.protection.outlook.com (2603:10a6:209:85:cafe::33) by AM6P193CA0139.outlook.office365.com (2603:10a6:209:85::44) with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.6652.33 via Frontend Transport; Tue, 15 Aug 2023 10:05:29 +0000\r\n"
        "Authentication-Results: spf=softfail (sender IP is 80.96.157.86) smtp.mailfrom=winner-win.example; dkim=none (message not signed) header.d=none;dmarc=fail action=none header.from=newsletter.example;\r\n"
        "Received: from qktfxzq.whstt5 (80.96.157.86) by AM6EUR05FT050.mail.protection.outlook.com (10.233.241.171) with Microsoft SMTP Server id 15.20.6699.14 via Frontend Transport; Tue, 15 Aug 2023 10:05:29 +0000\r\n"
        "From: Shop <news@newsletter.example>\r\nSubject: hi");
    EXPECT_EQ(origin_ip(facts), "80.96.157.86");
    EXPECT_EQ(facts.origin_index.value_or(99), 3u);
}

TEST(Origin, Microsoft365OutboundOfAnotherTenantIsExternal) {
    auto facts = analyze(
        "Received: from BN6PR17CA0051.namprd17.prod.outlook.com (2603:10b6:405:75::40) by MN0PR19MB5779.namprd19.prod.outlook.com (2603:10b6:208:377::15) with Microsoft SMTP Server id 15.20.6678.31; Thu, 17 Aug 2023 14:11:54 +0000\r\n"
        "Received: from POL01-WA2-obe.outbound.protection.outlook.com (40.107.78.117) by BN8NAM12FT110.mail.protection.outlook.com (10.13.182.171) with Microsoft SMTP Server id 15.20.6723.6 via Frontend Transport; Thu, 17 Aug 2023 14:11:52 +0000\r\n"
        "Received: from WA0P291MB0103.POLP291.PROD.OUTLOOK.COM (2603:10a6:1d0:b::6) by WA2P291MB0209.POLP291.PROD.OUTLOOK.COM (2603:10a6:1d0:1c::17) with Microsoft SMTP Server id 15.20.6678.31; Thu, 17 Aug 2023 14:11:46 +0000\r\n"
        "From: a@tenant.example\r\nSubject: x");
    EXPECT_EQ(origin_ip(facts), "40.107.78.117");
}

TEST(Origin, GoogleSkipsPrivateAndAddresslessHops) {
    auto facts = analyze(
        "Received: by 2002:a05:6a10:1234:b0:4a1:aaaa:bbbb with SMTP id x; Mon, 1 Jan 2024 00:00:02 -0800 (PST)\r\n"
        "Received: from mx.google.com (10.1.2.3) by mx.google.com with ESMTPS id y; Mon, 01 Jan 2024 00:00:01 -0800 (PST)\r\n"
        "Received: from mail.sender.example (mail.sender.example [45.33.100.77]) by mx.google.com with ESMTPS id z for <u@gmail.com>; Mon, 01 Jan 2024 00:00:00 -0800 (PST)\r\n"
        "From: a@sender.example\r\nSubject: x");
    EXPECT_EQ(origin_ip(facts), "45.33.100.77");
}

TEST(Origin, PostfixOrganisationWithTwoTiersStopsAtFirstOutsideClient) {
    auto facts = analyze(
        "Received: from mx1.example.jp (mx1.example.jp [192.0.2.1]) by mbox.example.jp (Postfix) with ESMTP id A; Mon, 1 Jan 2024 00:00:02 +0900\r\n"
        "Received: from 104-250-145-186.clients.gorillaservers.com (104-250-145-186.clients.gorillaservers.com [104.250.145.186]) by mx1.example.jp (Postfix) with ESMTP id B; Mon, 1 Jan 2024 00:00:01 +0900\r\n"
        "Received: from [10.0.0.5] (unknown [10.0.0.5]) by forged.example (Postfix) with ESMTP id C; Mon, 1 Jan 2024 00:00:00 +0900\r\n"
        "From: \"Kagoya.net\" <akazawa@cymis.jp>\r\nSubject: [spam] KAGOYA JAPAN");
    EXPECT_EQ(origin_ip(facts), "104.250.145.186");
    EXPECT_EQ(facts.origin_rdns.value_or(""), "104-250-145-186.clients.gorillaservers.com");
}

TEST(Origin, QmailSendmailEximCommunigateMdaemonIisDominoCourierYahoo) {
    struct Case {
        const char* family;
        const char* received;
        const char* want;
    } cases[] = {
        {"qmail", "from unknown (HELO ?127.0.0.1?) (akazawa@cymis.jp@52.170.140.114) by mail.example.jp with SMTP; 1 Jan 2024 00:00:00 -0000", "52.170.140.114"},
        {"sendmail", "from pc (dsl.example.net [45.33.100.5]) by smtp.example.jp (8.15.2/8.15.2) with ESMTP id x; Mon, 1 Jan 2024 00:00:00 +0000", "45.33.100.5"},
        {"exim", "from h.example.org ([45.33.100.6] helo=c.example.org) by mx.example.jp with esmtp (Exim 4.94) id 1a; Mon, 1 Jan 2024 00:00:00 +0000", "45.33.100.6"},
        {"communigate", "from [45.33.100.7] (HELO c.example.org) by cgp.example.jp (CommuniGate Pro SMTP 6.2) with ESMTP id 1; Mon, 01 Jan 2024 00:00:00 +0000", "45.33.100.7"},
        {"mdaemon", "from w.example.com ([45.33.100.8]) by list.example.jp (MDaemon PRO v9.0.1) with ESMTP id md1.msg; Mon, 1 Jan 2024 00:00:00 +0000", "45.33.100.8"},
        {"iis", "from pc42 ([45.33.100.9]) by mail.example.jp with Microsoft SMTPSVC(6.0.3790.4675); Mon, 1 Jan 2024 00:00:00 +0000", "45.33.100.9"},
        {"domino", "from r.example.org ([45.33.100.10]) by notes.example.jp (Lotus Domino Release 8.5.3) with ESMTP id 1; Mon, 1 Jan 2024 00:00:00 +0900", "45.33.100.10"},
        {"courier", "from c.example.org (c.example.org [::ffff:45.33.100.11]) by courier.example.jp with ESMTP; Mon, 01 Jan 2024 00:00:00 +0000", "45.33.100.11"},
        {"yahoo", "from s.example.com (EHLO s.example.com) (45.33.100.12) by mta4012.mail.gq1.yahoo.com with SMTP; Mon, 01 Jan 2024 00:00:00 +0000", "45.33.100.12"},
    };
    for (const auto& c : cases) {
        auto facts = analyze(std::string("Received: from localhost (localhost [127.0.0.1]) by mbox.example.jp (Postfix) with ESMTP id L; Mon, 1 Jan 2024 00:00:01 +0000\r\nReceived: ") +
                             c.received + "\r\nFrom: a@example.org\r\nSubject: x");
        EXPECT_EQ(origin_ip(facts), c.want) << c.family;
    }
}

TEST(Origin, OptionsOverrideTheHeuristics) {
    const std::string chain =
        "Received: from gw.partner.co.jp (gw.partner.co.jp [45.33.100.20]) by mx.example.jp with ESMTP id 1; Mon, 1 Jan 2024 00:00:01 +0000\r\n"
        "Received: from evil.example (evil.example [45.33.100.21]) by gw.partner.co.jp with ESMTP id 2; Mon, 1 Jan 2024 00:00:00 +0000\r\n"
        "From: a@example.org\r\nSubject: x";
    EXPECT_EQ(origin_ip(analyze(chain)), "45.33.100.20");
    headers::HeaderOptions by_network;
    by_network.origin.trusted_networks = {*net::parse_cidr("45.33.100.20/32")};
    EXPECT_FALSE(net::parse_cidr("not a cidr"));
    EXPECT_FALSE(net::parse_cidr("45.33.100.20/33"));
    EXPECT_TRUE(net::cidr_contains(*net::parse_cidr("2001:db8::/32"), *net::parse_ip("2001:db8:1::5")));
    EXPECT_EQ(origin_ip(analyze(chain, by_network)), "45.33.100.21");
    headers::HeaderOptions by_domain;
    by_domain.origin.internal_domains = {"example.jp", "partner.co.jp"};
    EXPECT_EQ(origin_ip(analyze(chain, by_domain)), "45.33.100.21");
}

TEST(Origin, CapsHopsAtTheLimitAndReportsIt) {
    auto chain_of = [](std::size_t n) {
        std::string h;
        for (std::size_t i = 0; i < n; ++i)
            h += "Received: from localhost (localhost [127.0.0.1]) by h" + std::to_string(i) + ".example.jp with SMTP id " + std::to_string(i) + "; Mon, 1 Jan 2024 00:00:00 +0000\r\n";
        return h + "From: a@example.org\r\nSubject: x";
    };
    Limits limits;
    for (std::size_t n : {limits.max_received_hops - 1, limits.max_received_hops, limits.max_received_hops + 1}) {
        auto facts = analyze(chain_of(n));
        EXPECT_EQ(facts.hops.size(), std::min(n, limits.max_received_hops));
        EXPECT_EQ(facts.received_field_count, n);
        auto it = std::find_if(facts.hits.begin(), facts.hits.end(), [](const auto& h) { return h.id == "message.limit_exceeded"; });
        if (n > limits.max_received_hops) {
            ASSERT_NE(it, facts.hits.end());
            EXPECT_EQ(it->evidence.front(), "max_received_hops=50");
        } else {
            EXPECT_EQ(it, facts.hits.end()) << n;
        }
    }
}

const char* kReceiverChain =
    "Received: from attacker.example (attacker.example [45.33.100.66]) by mx.example.jp (Postfix) with ESMTP id A; Mon, 1 Jan 2024 00:00:00 +0900\r\n";

// ---- findings: positive and negative ---------------------------------------------------

struct FindingCase {
    const char* id;
    std::string positive;
    std::string negative;
};

TEST(Findings, EachIdHasAPositiveAndANegativeCase) {
    const std::string rx = kReceiverChain;
    const std::string clean_from = "From: Alice <alice@sender.example>\r\n";
    const FindingCase cases[] = {
        {"upstream.spam_flag", rx + clean_from + "X-Spam-Flag: YES\r\nSubject: x", rx + clean_from + "X-Spam-Flag: NO\r\nSubject: x"},
        {"upstream.spam_flag", rx + clean_from + "X-Spam-Score: 49\r\nSubject: x", rx + clean_from + "X-Spam-Score: 1.2\r\nSubject: x"},
        {"upstream.spam_flag", rx + clean_from + "X-MS-Exchange-Organization-SCL: 5\r\nSubject: x", rx + clean_from + "X-MS-Exchange-Organization-SCL: 1\r\nSubject: x"},
        {"upstream.spam_flag", rx + clean_from + "X-Forefront-Antispam-Report: CIP:1.2.3.4;CTRY:US;SFV:SPM;\r\nSubject: x", rx + clean_from + "X-Forefront-Antispam-Report: CIP:1.2.3.4;SFV:NSPM;SCL:1;\r\nSubject: x"},
        {"sender.display_domain_mismatch", rx + "From: \"Kagoya.net\" <akazawa@cymis.jp>\r\nSubject: x", rx + "From: \"Amazon.co.jp\" <shipment@amazon.co.jp>\r\nSubject: x"},
        {"sender.reply_to_divergent", rx + clean_from + "Reply-To: payments@unrelated.example\r\nSubject: x", rx + clean_from + "Reply-To: help@sender.example\r\nSubject: x"},
        {"sender.reply_to_divergent", rx + clean_from + "Reply-To: me@gmail.com\r\nSubject: x", rx + clean_from + "Reply-To: t@support.zendesk.com\r\nSubject: x"},
        // A list without List-* fields: its bounce box is the envelope sender at the Reply-To's domain.
        {"sender.reply_to_divergent", rx + clean_from + "Return-Path: <someone@groups.example>\r\nReply-To: list@groups.example\r\nSubject: x",
         rx + clean_from + "Return-Path: <list-bounce@groups.example>\r\nReply-To: list@groups.example\r\nSubject: x"},
        {"sender.return_path_divergent", rx + clean_from + "Return-Path: <return@winner-win.example>\r\nSubject: x", rx + clean_from + "Return-Path: <0100018c-abc@us-west-2.amazonses.com>\r\nSubject: x"},
        {"sender.return_path_divergent", rx + clean_from + "Return-Path: <x@cymis.jp>\r\nSubject: x", rx + clean_from + "Return-Path: <bounce-12-alice=sender.example@mail.esp.example>\r\nSubject: x"},
        {"sender.message_id_divergent", rx + clean_from + "Message-ID: <123@cymis.jp>\r\nSubject: x", rx + clean_from + "Message-ID: <123@mail.sender.example>\r\nSubject: x"},
        {"sender.message_id_divergent", rx + clean_from + "Message-ID: <123@cymis.jp>\r\nSubject: x", rx + clean_from + "Message-ID: <123@attacker.example>\r\nSubject: x"},
        {"received.suspicious_helo",
         "Received: from unknown (HELO ?127.0.0.1?) (akazawa@cymis.jp@52.170.140.114) by mail.example.jp with SMTP; 1 Jan 2024 00:00:00 -0000\r\n" + clean_from + "Subject: x",
         "Received: from mail.sender.co.jp (mail.sender.co.jp [52.170.140.114]) by mail.example.jp with SMTP; 1 Jan 2024 00:00:00 -0000\r\n" + clean_from + "Subject: x"},
        {"received.suspicious_helo",
         "Received: from KRYPTIK ([45.33.100.9]) by mail.example.jp with SMTP; 1 Jan 2024 00:00:00 -0000\r\n" + clean_from + "Subject: x",
         "Received: from [192.168.1.2] (p1.example.net [45.33.100.9]) (authenticated bits=0) by mail.example.jp with ESMTPSA; 1 Jan 2024 00:00:00 -0000\r\n" + clean_from + "Subject: x"},
        {"received.generic_rdns",
         "Received: from x.example (104-250-145-186.clients.gorillaservers.com [104.250.145.186]) by mx.example.jp with ESMTP; 1 Jan 2024 00:00:00 -0000\r\n" + clean_from + "Subject: x",
         "Received: from mail.example.org (mail.example.org [104.250.145.186]) by mx.example.jp with ESMTP; 1 Jan 2024 00:00:00 -0000\r\n" + clean_from + "Subject: x"},
        {"received.generic_rdns",
         "Received: from x.example (unknown [45.33.100.3]) by mx.example.jp with ESMTP; 1 Jan 2024 00:00:00 -0000\r\n" + clean_from + "Subject: x",
         "Received: from x.example ([45.33.100.3]) by mx.example.jp with Microsoft SMTPSVC; 1 Jan 2024 00:00:00 -0000\r\n" + clean_from + "Subject: x"},
        {"received.chain_anomaly",
         rx + "Received: from a.example (a.example [192.0.2.9]) by attacker.example with SMTP; Mon, 8 Jan 2024 00:00:00 +0900\r\n" + clean_from + "Subject: x",
         rx + "Received: from a.example (a.example [192.0.2.9]) by attacker.example with SMTP; Sun, 31 Dec 2023 23:59:00 +0900\r\n" + clean_from + "Subject: x"},
        {"received.chain_anomaly",
         rx + "Received: from a.example (a.example [192.0.2.9]) by mx.example.jp (Postfix) with SMTP; Sun, 31 Dec 2023 23:59:00 +0900\r\n" + clean_from + "Subject: x",
         rx + "Received: (qmail 123 invoked by uid 0); 31 Dec 2023 23:59:00 -0000\r\n" + clean_from + "Subject: x"},
    };
    for (const auto& c : cases) {
        auto pos = analyze(c.positive);
        auto neg = analyze(c.negative);
        EXPECT_TRUE(has_hit(pos, c.id)) << c.id << " should fire on:\n" << c.positive;
        EXPECT_FALSE(has_hit(neg, c.id)) << c.id << " should not fire on:\n" << c.negative;
    }
}

TEST(Findings, FactsCarrySenderOriginAndChain) {
    auto facts = analyze(
        "Received: from 104-250-145-186.clients.gorillaservers.com (104-250-145-186.clients.gorillaservers.com [104.250.145.186]) by mx1.example.jp (Postfix) with ESMTP id B; Mon, 1 Jan 2024 00:00:01 +0900\r\n"
        "From: \"KAGOYA\" <akazawa@Cymis.JP>\r\nReturn-Path: <akazawa@cymis.jp>\r\nReply-To: r@cymis.jp\r\nMessage-ID: <1@cymis.jp>\r\nSubject: x");
    ASSERT_TRUE(facts.sender.from);
    EXPECT_EQ(facts.sender.from->address, "akazawa@cymis.jp");
    EXPECT_EQ(facts.sender.from->registrable_domain, "cymis.jp");
    ASSERT_TRUE(facts.sender.return_path);
    EXPECT_EQ(facts.sender.return_path->address, "akazawa@cymis.jp");
    ASSERT_TRUE(facts.sender.reply_to);
    EXPECT_EQ(facts.sender.reply_to->address, "r@cymis.jp");
    EXPECT_EQ(facts.sender.message_id_domain.value_or(""), "cymis.jp");
    EXPECT_EQ(facts.origin_ip.value_or(""), "104.250.145.186");
    EXPECT_FALSE(facts.origin_from_envelope);
    ASSERT_EQ(facts.hops.size(), 1u);
    EXPECT_EQ(facts.hops[0].by.value_or(""), "mx1.example.jp");
}

} // namespace

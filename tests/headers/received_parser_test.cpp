// SPDX-License-Identifier: Apache-2.0
// Table tests for parse_received_hop over the server families met in real mail, plus
// hostile-input properties (linear time, no crash on unbalanced comments).
#include "headers/received_parser.h"

#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace {

using mikiwame::headers::parse_received_hop;
using mikiwame::headers::ReceivedHop;

struct Row {
    const char* label;
    const char* value;
    const char* ip;
    const char* helo;
    const char* rdns;
    const char* by;
};

std::string opt(const std::optional<std::string>& s) { return s.value_or(""); }

TEST(ReceivedParser, ReadsEachServerFamily) {
    const Row rows[] = {
        {"postfix", "from mail.example.org (mail.example.org [192.0.2.10]) by mx.example.net (Postfix) with ESMTPS id 4AB12 for <u@example.net>; Tue, 15 Aug 2023 10:05:31 +0900",
         "192.0.2.10", "mail.example.org", "mail.example.org", "mx.example.net"},
        {"postfix unknown", "from kagoya.net (unknown [104.250.145.186]) by mx.example.jp (Postfix) with ESMTP id 1; Mon, 1 Jan 2024 00:00:00 +0900",
         "104.250.145.186", "kagoya.net", "", "mx.example.jp"},
        {"sendmail", "from pc1 (dsl-1-2-3-4.example.net [1.2.3.4]) (authenticated bits=0) by smtp.example.com (8.15.2/8.15.2) with ESMTP id x1; Mon, 1 Jan 2024 00:00:00 +0000",
         "1.2.3.4", "pc1", "dsl-1-2-3-4.example.net", "smtp.example.com"},
        {"exim", "from host.example.org ([198.51.100.7] helo=client.example.org) by mx.example.com with esmtps (TLS1.2) (Exim 4.94) id 1abc-00; Mon, 1 Jan 2024 00:00:00 +0000",
         "198.51.100.7", "client.example.org", "host.example.org", "mx.example.com"},
        {"qmail", "from unknown (HELO ?127.0.0.1?) (akazawa@cymis.jp@52.170.140.114) by mail.example.jp with SMTP; 1 Jan 2024 00:00:00 -0000",
         "52.170.140.114", "?127.0.0.1?", "", "mail.example.jp"},
        {"exchange online", "from qktfxzq.whstt5 (80.96.157.86) by AM6EUR05FT050.mail.protection.outlook.com (10.233.241.171) with Microsoft SMTP Server id 15.20.6699.14 via Frontend Transport; Tue, 15 Aug 2023 10:05:29 +0000",
         "80.96.157.86", "qktfxzq.whstt5", "", "AM6EUR05FT050.mail.protection.outlook.com"},
        {"exchange internal v6", "from AM6P193CA0139.EURP193.PROD.OUTLOOK.COM (2603:10a6:209:85::44) by CY5PR19MB6410.namprd19.prod.outlook.com (2603:10b6:930:21::22) with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.6678.26; Tue, 15 Aug 2023 10:05:30 +0000",
         "2603:10a6:209:85::44", "AM6P193CA0139.EURP193.PROD.OUTLOOK.COM", "", "CY5PR19MB6410.namprd19.prod.outlook.com"},
        {"gmail", "from mail-sor-f41.google.com (mail-sor-f41.google.com. [209.85.220.41]) by mx.google.com with SMTPS id a1sor; Mon, 01 Jan 2024 00:00:00 -0800 (PST)",
         "209.85.220.41", "mail-sor-f41.google.com", "mail-sor-f41.google.com", "mx.google.com"},
        {"yahoo", "from sender.example.com (EHLO sender.example.com) (203.0.113.9) by mta4012.mail.gq1.yahoo.com with SMTP; Mon, 01 Jan 2024 00:00:00 +0000",
         "203.0.113.9", "sender.example.com", "sender.example.com", "mta4012.mail.gq1.yahoo.com"},
        {"courier", "from client.example.org (client.example.org [::ffff:198.51.100.20]) (AUTH: LOGIN user, TLS: TLSv1/SSLv3,256bits,AES256-SHA) by courier.example.com with ESMTPSA; Mon, 01 Jan 2024 00:00:00 +0000",
         "198.51.100.20", "client.example.org", "client.example.org", "courier.example.com"},
        {"communigate", "from [198.51.100.30] (account user@example.com HELO laptop.example.com) by cgp.example.com (CommuniGate Pro SMTP 6.2) with ESMTPSA id 1234; Mon, 01 Jan 2024 00:00:00 +0000",
         "198.51.100.30", "laptop.example.com", "", "cgp.example.com"},
        {"mdaemon", "from web01.example.com ([198.51.100.40]) by list.example.org (MDaemon PRO v9.0.1) with ESMTP id md50000050056.msg for <a@example.org>; Mon, 01 Jan 2024 00:00:00 +0000",
         "198.51.100.40", "web01.example.com", "", "list.example.org"},
        {"iis", "from pc42 ([198.51.100.50]) by mail.example.com with Microsoft SMTPSVC(6.0.3790.4675); Mon, 1 Jan 2024 00:00:00 +0000",
         "198.51.100.50", "pc42", "", "mail.example.com"},
        {"domino", "from relay.example.org ([198.51.100.60]) by notes.example.com (Lotus Domino Release 8.5.3FP6) with ESMTP id 2024010100000001-1; Mon, 1 Jan 2024 00:00:00 +0900",
         "198.51.100.60", "relay.example.org", "", "notes.example.com"},
    };
    for (const auto& row : rows) {
        ReceivedHop hop = parse_received_hop(row.value);
        EXPECT_EQ(opt(hop.from_ip), row.ip) << row.label;
        EXPECT_EQ(opt(hop.from_helo), row.helo) << row.label;
        EXPECT_EQ(opt(hop.from_rdns), row.rdns) << row.label;
        EXPECT_EQ(opt(hop.by), row.by) << row.label;
    }
}

TEST(ReceivedParser, RecordsTlsAuthenticationIdentAndEnvelope) {
    auto hop = parse_received_hop(
        "from client.example.org (client.example.org [192.0.2.1]) (using TLSv1.3 with cipher "
        "TLS_AES_256_GCM_SHA384 (256/256 bits)) (Authenticated sender: alice) by "
        "mx.example.net (Postfix) with ESMTPSA id ABC for <bob@example.net>; Mon, 1 Jan 2024 "
        "00:00:00 +0000 (envelope-from alice@example.org)");
    EXPECT_TRUE(hop.tls);
    EXPECT_TRUE(hop.authenticated);
    EXPECT_EQ(opt(hop.auth_method), "Postfix");
    EXPECT_EQ(opt(hop.envelope_from), "alice@example.org");
    EXPECT_EQ(opt(hop.for_address), "bob@example.net");
    EXPECT_EQ(opt(hop.id), "ABC");
    EXPECT_EQ(opt(hop.with), "ESMTPSA");
    EXPECT_EQ(opt(hop.date), "Mon, 1 Jan 2024 00:00:00 +0000");

    auto plain = parse_received_hop("from a.example (a.example [192.0.2.2]) by b.example with SMTP id 1; Mon, 1 Jan 2024 00:00:00 +0000");
    EXPECT_FALSE(plain.tls);
    EXPECT_FALSE(plain.authenticated);
}

TEST(ReceivedParser, MarksUnknownReverseDns) {
    EXPECT_TRUE(parse_received_hop("from x (unknown [192.0.2.3]) by y.example").rdns_unknown);
    EXPECT_TRUE(parse_received_hop("from unknown (HELO x) (192.0.2.3) by y.example").rdns_unknown);
    EXPECT_FALSE(parse_received_hop("from x (x.example [192.0.2.3]) by y.example").rdns_unknown);
}

TEST(ReceivedParser, KeepsCommentOnlyAndEmptyFieldsEmpty) {
    auto qmail = parse_received_hop("(qmail 123 invoked from network); 1 Jan 2024 00:00:00 -0000");
    EXPECT_FALSE(qmail.from_ip);
    EXPECT_FALSE(qmail.by);
    auto empty = parse_received_hop("");
    EXPECT_FALSE(empty.by);
    EXPECT_EQ(empty.raw, "");
}

TEST(ReceivedParser, NormalisesAddressForms) {
    using mikiwame::headers::parse_received_ip;
    EXPECT_EQ(parse_received_ip("[IPv6:2001:4f8:3:bb::25]").value_or(""), "2001:4f8:3:bb::25");
    EXPECT_EQ(parse_received_ip("::ffff:64.235.238.165").value_or(""), "64.235.238.165");
    EXPECT_EQ(parse_received_ip("63.146.189.86:23198").value_or(""), "63.146.189.86");
    EXPECT_EQ(parse_received_ip("10.0.8.6.13219").value_or(""), "10.0.8.6");
    EXPECT_FALSE(parse_received_ip("mail.example.com"));
    EXPECT_FALSE(parse_received_ip("1.2.3"));
}

// Hostile input: 100 KB of unbalanced comments, brackets and keywords must parse quickly.
// Linear time is the property; the bound is loose so a sanitizer build passes easily.
TEST(ReceivedParser, StaysLinearOnHostileInput) {
    const std::vector<std::string> units{"(", "[", "from (", "by ", "((a) ", "HELO ", ";", "(x [1.2.3.4] "};
    for (const auto& unit : units) {
        std::string value;
        while (value.size() < 100 * 1024) value += unit;
        auto start = std::chrono::steady_clock::now();
        auto hop = parse_received_hop(value);
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
        EXPECT_LT(ms, 2000) << "unit '" << unit << "'";
        EXPECT_EQ(hop.raw.size(), value.size());
    }
}

} // namespace

// SPDX-License-Identifier: Apache-2.0
#include "findings/qr_lure.h"

#include <gtest/gtest.h>

#include "urls/url_parser.h"

namespace mikiwame::findings {
namespace {

urls::UrlFact fact(const std::string& url, const std::string& found_in, const std::string& element, const std::string& source = "") {
    urls::UrlFact f;
    f.parsed = *urls::parse_url(url);
    f.url = url;
    f.found_in = found_in;
    f.element = element;
    f.source = source;
    return f;
}

TEST(QrLure, QrCodeAloneFires) {
    urls::UrlFacts facts;
    facts.urls.push_back(fact("https://login.example/x", "qr", "qr", "code.png"));
    facts.urls.push_back(fact("https://cdn.example/logo.png", "html", "img"));
    facts.urls.push_back(fact("https://list.example/unsub", "header", "list-unsubscribe"));
    auto hit = check_qr_code_lure(facts);
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->id, "content.qr_code_lure");
    EXPECT_EQ(hit->evidence.at(0), "a QR code in image \"code.png\" leads to hxxps://login[.]example/x; the mail has no other link");
}

TEST(QrLure, OtherActionOrNoWebCodeStaysSilent) {
    urls::UrlFacts with_anchor;
    with_anchor.urls.push_back(fact("https://login.example/x", "qr", "qr"));
    with_anchor.urls.push_back(fact("https://shop.example/", "html", "a"));
    EXPECT_FALSE(check_qr_code_lure(with_anchor));
    urls::UrlFacts with_text_link;
    with_text_link.urls.push_back(fact("https://login.example/x", "qr", "qr"));
    with_text_link.urls.push_back(fact("https://shop.example/", "text", "text"));
    EXPECT_FALSE(check_qr_code_lure(with_text_link));
    urls::UrlFacts none;
    none.urls.push_back(fact("https://shop.example/", "html", "img"));
    EXPECT_FALSE(check_qr_code_lure(none));
}

} // namespace
} // namespace mikiwame::findings

// SPDX-License-Identifier: Apache-2.0
// unwrap_url: one case per redirector in data/lists/redirectors.txt (a redirector added to
// the list without a case here fails the test), generic parameters, nesting and loops.
#include "urls/unwrap.h"

#include <map>

#include <gtest/gtest.h>

#include "base/base64.h"
#include "test_catalog.h"
#include "urls/url_parser.h"

namespace {

using mikiwame::urls::parse_url;
using mikiwame::urls::unwrap_url;
using mikiwame::urls::testing::shipped_catalog;

struct Case {
    std::string link;
    const char* want_target; // nullptr: nothing to unwrap
};

mikiwame::urls::UnwrapResult unwrap(const std::string& link) {
    auto url = parse_url(link);
    EXPECT_TRUE(url) << link;
    if (!url) return {};
    return unwrap_url(*url, shipped_catalog());
}

TEST(Unwrap, ReadsEveryListedRedirector) {
    const std::string bing_payload = "a1" + mikiwame::base::encode_base64("https://target.example/bing");
    const std::map<std::string, Case> cases{
        {"google", {"https://www.google.com/url?sa=t&q=https%3A%2F%2Ftarget.example%2Fg&usg=x", "https://target.example/g"}},
        {"google-amp", {"https://www.google.co.jp/amp/s/target.example/amp-page", "https://target.example/amp-page"}},
        {"bing", {"https://www.bing.com/ck/a?!&&p=abc&u=" + bing_payload + "&ntb=1", "https://target.example/bing"}},
        {"facebook", {"https://l.facebook.com/l.php?u=https%3A%2F%2Ftarget.example%2Ffb&h=AT0", "https://target.example/fb"}},
        {"facebook-mobile", {"https://lm.facebook.com/l.php?u=https%3A%2F%2Ftarget.example%2Ffbm", "https://target.example/fbm"}},
        {"instagram", {"https://l.instagram.com/?u=https%3A%2F%2Ftarget.example%2Fig&e=x", "https://target.example/ig"}},
        {"linkedin", {"https://www.linkedin.com/redir/redirect?url=https%3A%2F%2Ftarget.example%2Fli", "https://target.example/li"}},
        {"youtube", {"https://www.youtube.com/redirect?event=video&q=https%3A%2F%2Ftarget.example%2Fyt", "https://target.example/yt"}},
        {"slack", {"https://slack-redir.net/link?url=https%3A%2F%2Ftarget.example%2Fsl", "https://target.example/sl"}},
        {"twitter-tco", {"https://t.co/AbCdEf123", nullptr}},
        {"outlook-safelinks", {"https://nam02.safelinks.protection.outlook.com/?url=https%3A%2F%2Ftarget.example%2Fsafe&data=05%7C01", "https://target.example/safe"}},
        {"proofpoint-v1", {"https://urldefense.proofpoint.com/v1/url?u=https://target.example/pp1&k=abc", "https://target.example/pp1"}},
        {"proofpoint-v2", {"https://urldefense.proofpoint.com/v2/url?u=https-3A__target.example_pp2-3Fa-3D1&d=DwMF&c=x", "https://target.example/pp2?a=1"}},
        {"proofpoint-v3", {"https://urldefense.com/v3/__https://target.example/pp3*a__;Iw!!ABC123!xyz$", "https://target.example/pp3#a"}},
        {"mimecast", {"https://protect-eu.mimecast.com/s/AbCdEfGh?domain=target.example", "https://target.example/"}},
        {"barracuda", {"https://linkprotect.cudasvc.com/url?a=https%3A%2F%2Ftarget.example%2Fbc&c=E,1", "https://target.example/bc"}},
        {"sophos", {"https://eu-central-1.protection.sophos.com/?d=target.example&u=aHR0cHM6Ly90YXJnZXQuZXhhbXBsZS9zcA%3D%3D&i=x", "https://target.example/sp"}},
        {"trendmicro", {"https://imsva91-ctp.trendmicro.com/wis/clicktime/v1/query?url=https%3A%2F%2Ftarget.example%2Ftm&umid=x", "https://target.example/tm"}},
        {"facebook-share", {"https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fnews.example%2Fa", nullptr}},
        {"twitter-intent", {"https://twitter.com/intent/tweet?url=https%3A%2F%2Fnews.example%2Fa", nullptr}},
        {"x-intent", {"https://x.com/intent/post?url=https%3A%2F%2Fnews.example%2Fa", nullptr}},
        {"linkedin-share", {"https://www.linkedin.com/shareArticle?url=https%3A%2F%2Fnews.example%2Fa", nullptr}},
        {"pinterest-pin", {"https://www.pinterest.com/pin/create/button/?url=https%3A%2F%2Fnews.example%2Fa", nullptr}},
        {"line-share", {"https://line.me/R/msg/text/?https%3A%2F%2Fnews.example%2Fa", nullptr}},
    };
    for (const auto& r : shipped_catalog().redirectors()) {
        const auto it = cases.find(r.name);
        if (it == cases.end()) {
            ADD_FAILURE() << "no unwrap case for redirector " << r.name;
            continue;
        }
        auto url = parse_url(it->second.link);
        ASSERT_TRUE(url) << r.name;
        const auto* found = shipped_catalog().find_redirector(*url);
        ASSERT_NE(found, nullptr) << r.name << ": not recognised";
        EXPECT_EQ(found->name, r.name);
        const auto result = unwrap_url(*url, shipped_catalog());
        if (it->second.want_target == nullptr) {
            EXPECT_FALSE(result.redirect_target) << r.name << ": got " << *result.redirect_target;
        } else {
            ASSERT_TRUE(result.redirect_target) << r.name << ": nothing unwrapped";
            EXPECT_EQ(*result.redirect_target, it->second.want_target) << r.name;
            EXPECT_EQ(result.steps.front().via, "redirector:" + r.name);
        }
    }
}

TEST(Unwrap, MarksProtectionWrappersApartFromRedirects) {
    EXPECT_FALSE(unwrap("https://nam02.safelinks.protection.outlook.com/?url=https%3A%2F%2Ft.example%2F").has_redirect());
    EXPECT_TRUE(unwrap("https://www.google.com/url?q=https://t.example/").has_redirect());
    EXPECT_EQ(unwrap("https://t.co/abc").opaque_redirector, "twitter-tco");
}

TEST(Unwrap, FollowsThreeNestedLevelsToTheInnermost) {
    // A SafeLinks wrapper around a Google redirect around an open redirect with base64.
    const std::string inner = "https://phish.example/login?id=1";
    const std::string level3 = "https://open.example/go?next=" + mikiwame::base::encode_base64(inner);
    auto encode = [](const std::string& s) {
        std::string out;
        for (unsigned char c : s) {
            if (std::isalnum(c) || c == '-' || c == '.' || c == '_') {
                out.push_back(static_cast<char>(c));
            } else {
                static const char* hex = "0123456789ABCDEF";
                out += {'%', hex[c >> 4], hex[c & 15]};
            }
        }
        return out;
    };
    const std::string level2 = "https://www.google.com/url?q=" + encode(level3);
    const std::string level1 = "https://eur01.safelinks.protection.outlook.com/?url=" + encode(level2) + "&data=x";
    const auto result = unwrap(level1);
    ASSERT_EQ(result.steps.size(), 3u);
    EXPECT_EQ(result.steps[0].via, "redirector:outlook-safelinks");
    EXPECT_EQ(result.steps[1].via, "redirector:google");
    EXPECT_EQ(result.steps[2].via, "param:next");
    ASSERT_TRUE(result.redirect_target);
    EXPECT_EQ(*result.redirect_target, inner);
    EXPECT_TRUE(result.has_redirect());
}

TEST(Unwrap, FindsUrlsInPathsFragmentsAndDoubleEncoding) {
    EXPECT_EQ(unwrap("https://r.example/https://t.example/x").redirect_target.value_or(""), "https://t.example/x");
    EXPECT_EQ(unwrap("https://r.example/#/go?u=https%3A%2F%2Ft.example%2Ff").redirect_target.value_or(""),
              "https://t.example/f");
    EXPECT_EQ(unwrap("https://r.example/c?redirect=https%253A%252F%252Ft.example%252Fd").redirect_target.value_or(""),
              "https://t.example/d");
    EXPECT_EQ(unwrap("https://r.example/c?goto=www.t.example/w").redirect_target.value_or(""), "http://www.t.example/w");
}

TEST(Unwrap, LeavesOrdinaryLinksAlone) {
    for (const char* link : {"https://shop.example/item?id=42&ref=mail", "https://news.example/2024/01/article.html",
                             "https://cdn.example/img.png?v=abcdefghijklmnop", "https://x.example/?q=hello+world"}) {
        const auto result = unwrap(link);
        EXPECT_TRUE(result.steps.empty()) << link << " → " << result.redirect_target.value_or("");
    }
}

TEST(Unwrap, StopsOnLoopsAndDepth) {
    const auto result = unwrap("https://a.example/?u=https://a.example/?u=https://a.example/");
    EXPECT_LE(result.steps.size(), mikiwame::urls::kMaxUnwrapDepth);
    std::string deep = "https://t.example/end";
    for (int i = 0; i < 20; ++i) deep = "https://r" + std::to_string(i) + ".example/?url=" + mikiwame::base::encode_base64(deep);
    EXPECT_EQ(unwrap(deep).steps.size(), mikiwame::urls::kMaxUnwrapDepth);
}

} // namespace

// SPDX-License-Identifier: Apache-2.0
#include "brands/brand_analysis.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace mikiwame::brands {
namespace {

class BrandAnalysis : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        auto loaded = catalog::BrandCatalog::load(std::string(MIKIWAME_SOURCE_DIR) + "/tests/fixtures/catalog/brands", true);
        ASSERT_TRUE(loaded) << loaded.error().message;
        catalog_ = new catalog::BrandCatalog(std::move(loaded.value()));
        auto m = BrandMatcher::build(*catalog_);
        ASSERT_TRUE(m) << m.error().message;
        matcher_ = new BrandMatcher(std::move(m.value()));
    }
    static void TearDownTestSuite() {
        delete matcher_;
        delete catalog_;
    }
    BrandFacts run(const BrandInputs& in) {
        base::HsScratch scratch;
        EXPECT_TRUE(matcher_->reserve(scratch));
        BrandFacts facts = analyze_brands(in, *catalog_, *matcher_, scratch);
        EXPECT_TRUE(facts.notes.empty());
        return facts;
    }
    static bool has(const BrandFacts& f, std::string_view id) {
        return std::any_of(f.hits.begin(), f.hits.end(), [&](const base::FindingHit& h) { return h.id == id; });
    }
    static catalog::BrandCatalog* catalog_;
    static BrandMatcher* matcher_;
};
catalog::BrandCatalog* BrandAnalysis::catalog_ = nullptr;
BrandMatcher* BrandAnalysis::matcher_ = nullptr;

BrandInputs genuine_mail() {
    BrandInputs in;
    in.from_display_name = "ExampleHost サポート";
    in.from_domain = "examplehost.example";
    in.subject = "【ExampleHost】メンテナンスのお知らせ";
    in.body_text = "いつもExampleHostをご利用いただきありがとうございます。\nCopyright ExampleHost Japan Inc.";
    in.spf = AuthResult::Pass;
    in.dkim = AuthResult::Pass;
    in.dmarc = AuthResult::Pass;
    in.has_aligned_dkim_pass = true;
    in.origin_ip = "192.0.2.10";
    in.origin_rdns = "mx1.examplehost-mail.example";
    in.origin_asn = 64500;
    in.origin_country = "JP";
    in.links.push_back({"https://www.examplehost.example/news", "www.examplehost.example", "examplehost.example", "/news", ""});
    return in;
}

TEST_F(BrandAnalysis, GenuineMailFromTheBrandHasNoBrandFinding) {
    BrandFacts f = run(genuine_mail());
    EXPECT_TRUE(f.hits.empty()) << f.hits.front().id;
    ASSERT_FALSE(f.brands.empty());
    EXPECT_EQ(f.brands.front().id, "examplehost");
}

TEST_F(BrandAnalysis, FullWidthDisplayNameOnForeignAddressIsAMismatch) {
    BrandInputs in;
    in.from_display_name = "ＥＸＡＭＰＬＥＨＯＳＴカスタマーサポート";
    in.from_domain = "wlssmee.example";
    in.origin_ip = "203.0.113.5";
    in.origin_country = "US";
    BrandFacts f = run(in);
    EXPECT_TRUE(has(f, "sender.display_brand_mismatch"));
    EXPECT_TRUE(has(f, "received.origin_not_brand"));
    EXPECT_TRUE(has(f, "received.foreign_origin"));
    EXPECT_FALSE(has(f, "sender.brand_domain_spoofed"));
}

TEST_F(BrandAnalysis, OfficialDomainWithFailingSpfIsSpoofed) {
    BrandInputs in = genuine_mail();
    in.spf = AuthResult::SoftFail;
    in.dkim = AuthResult::None;
    in.dmarc = AuthResult::None;
    in.has_aligned_dkim_pass = false;
    in.origin_rdns = "104-250-145-186.clients.hosting.example";
    in.origin_asn = 53850;
    in.origin_country = "US";
    BrandFacts f = run(in);
    EXPECT_TRUE(has(f, "sender.brand_domain_spoofed"));
    EXPECT_TRUE(has(f, "received.origin_not_brand"));
    EXPECT_FALSE(has(f, "sender.display_brand_mismatch"));
}

// No receiver recorded any authentication result: the origin decides (SPEC §3 "origin outside
// the brand's infrastructure"), unless it is the brand's network or a sending service.
BrandInputs unauthenticated_official_mail() {
    BrandInputs in = genuine_mail();
    in.spf.reset();
    in.dkim.reset();
    in.dmarc.reset();
    in.has_aligned_dkim_pass = false;
    in.origin_ip = "203.0.113.77";
    in.origin_rdns = "203-0-113-77.clients.hosting.example";
    in.origin_asn = 53850;
    in.origin_as_org = "Hosting Inc.";
    in.origin_country = "US";
    return in;
}

const base::FindingHit* hit_of(const BrandFacts& f, std::string_view id) {
    auto it = std::find_if(f.hits.begin(), f.hits.end(), [&](const base::FindingHit& h) { return h.id == id; });
    return it == f.hits.end() ? nullptr : &*it;
}

TEST_F(BrandAnalysis, OfficialDomainWithoutAnyResultFromAForeignOriginIsSpoofed) {
    BrandFacts f = run(unauthenticated_official_mail());
    const base::FindingHit* hit = hit_of(f, "sender.brand_domain_spoofed");
    ASSERT_NE(hit, nullptr);
    ASSERT_EQ(hit->evidence.size(), 2u);
    EXPECT_EQ(hit->evidence[0], "From uses ExampleHost's domain examplehost.example, but no receiver recorded SPF, DKIM or DMARC for it");
    EXPECT_EQ(hit->evidence[1],
              "sent from 203.0.113.77 (203-0-113-77.clients.hosting.example; US, AS53850 Hosting Inc.), outside ExampleHost's network");
    EXPECT_TRUE(has(f, "received.origin_not_brand"));
    EXPECT_TRUE(has(f, "received.foreign_origin"));
    // The brand's own evidence no longer calls the From domain simply official.
    ASSERT_FALSE(f.brands.empty());
    const auto& evidence = f.brands.front().evidence;
    EXPECT_NE(std::find(evidence.begin(), evidence.end(), "From forges the official domain examplehost.example"), evidence.end());
}

TEST_F(BrandAnalysis, WithoutAnyResultTheBrandsNetworksAndSendingServicesAreNoForgery) {
    BrandInputs own_asn = unauthenticated_official_mail();
    own_asn.origin_asn = 64500;
    EXPECT_FALSE(has(run(own_asn), "sender.brand_domain_spoofed"));
    BrandInputs own_rdns = unauthenticated_official_mail();
    own_rdns.origin_rdns = "mx2.examplehost-mail.example";
    EXPECT_FALSE(has(run(own_rdns), "sender.brand_domain_spoofed"));
    BrandInputs brand_service = unauthenticated_official_mail();
    brand_service.origin_rdns = "o17.out.mailer-esp.example";
    EXPECT_FALSE(has(run(brand_service), "sender.brand_domain_spoofed"));
    BrandInputs any_service = unauthenticated_official_mail();
    any_service.origin_is_email_service = true;
    EXPECT_FALSE(has(run(any_service), "sender.brand_domain_spoofed"));
    BrandInputs no_origin = unauthenticated_official_mail();
    no_origin.origin_ip.reset();
    EXPECT_FALSE(has(run(no_origin), "sender.brand_domain_spoofed"));
}

TEST_F(BrandAnalysis, WithoutAnyResultAForwardedMailOfTheBrandIsNoForgery) {
    // The hop below the origin (a forwarder) received the mail from the brand's own server, by
    // its reverse DNS and address; the brand's internal hops below that name the brand too.
    BrandInputs forwarded = unauthenticated_official_mail();
    forwarded.sender_hops = {{"mx2.examplehost-mail.example", "mx2.examplehost-mail.example", "forwarder.example", true},
                             {"localhost", "", "mx2.examplehost-mail.example", false}};
    EXPECT_FALSE(has(run(forwarded), "sender.brand_domain_spoofed"));
    // A brand host named only in a HELO, from a client elsewhere, is no such hand-over.
    BrandInputs claimed = unauthenticated_official_mail();
    claimed.sender_hops = {{"mx2.examplehost-mail.example", "vps.hosting.example", "forwarder.example", true}};
    EXPECT_TRUE(has(run(claimed), "sender.brand_domain_spoofed"));
}

TEST_F(BrandAnalysis, TheBrandsDomainOnlyInForgedFormIsSpoofed) {
    // A sending service origin with no result, so only the forged forms can convict.
    BrandInputs via_service = unauthenticated_official_mail();
    via_service.origin_rdns = "o17.out.mailer-esp.example";
    BrandInputs hop = via_service;
    hop.sender_hops = {{"mail.examplehost.example", "vps.hosting.example", "relay.hosting.example", true}};
    BrandFacts by_hop_facts = run(hop);
    const base::FindingHit* by_hop = hit_of(by_hop_facts, "sender.brand_domain_spoofed");
    ASSERT_NE(by_hop, nullptr);
    EXPECT_EQ(by_hop->evidence.back(), "a Received field the sender wrote has HELO mail.examplehost.example from vps.hosting.example");
    BrandInputs embedded = via_service;
    embedded.sender_hops = {{"", "", "examplehost.example.relay.example", false}};
    EXPECT_TRUE(has(run(embedded), "sender.brand_domain_spoofed"));

    BrandInputs message_id = via_service;
    message_id.message_id_domain = "examplehost.example.bulk-sender.example";
    BrandFacts f = run(message_id);
    const base::FindingHit* by_id = hit_of(f, "sender.brand_domain_spoofed");
    ASSERT_NE(by_id, nullptr);
    EXPECT_EQ(by_id->evidence.back(), "Message-ID domain examplehost.example.bulk-sender.example imitates ExampleHost's domain examplehost.example");

    BrandInputs helo = via_service;
    helo.origin_helo = "smtp.examplehost.example";
    EXPECT_TRUE(has(run(helo), "sender.brand_domain_spoofed"));

    // The brand's own Message-ID domain and an aligned pass are no forgery.
    BrandInputs own_id = via_service;
    own_id.message_id_domain = "mail.examplehost.example";
    EXPECT_FALSE(has(run(own_id), "sender.brand_domain_spoofed"));
    BrandInputs aligned = hop;
    aligned.dkim = AuthResult::Pass;
    aligned.has_aligned_dkim_pass = true;
    EXPECT_FALSE(has(run(aligned), "sender.brand_domain_spoofed"));
}

TEST_F(BrandAnalysis, LookalikeSenderDomains) {
    for (const char* domain : {"examp1ehost.example", "examplehost-support.example", "exarnplehost.example"}) {
        BrandInputs in;
        in.from_domain = domain;
        EXPECT_TRUE(has(run(in), "sender.lookalike_domain")) << domain;
    }
    BrandInputs unrelated;
    unrelated.from_domain = "newsletter.example";
    EXPECT_FALSE(has(run(unrelated), "sender.lookalike_domain"));
    // The same name under another suffix is deliberately not judged: global brands own many
    // country domains and the catalogue cannot list them all.
    BrandInputs other_suffix;
    other_suffix.from_domain = "examplehost.xyz";
    EXPECT_FALSE(has(run(other_suffix), "sender.lookalike_domain"));
}

TEST_F(BrandAnalysis, SubjectClaimCountsAgainstTheOriginOnlyWhenTheSenderFailsItsOwnAuthentication) {
    BrandInputs in;
    in.from_display_name = "noreply";
    in.from_domain = "town-office.example";
    in.subject = "PayBank";
    in.origin_ip = "203.0.113.9";
    in.origin_country = "PE";
    in.spf = AuthResult::Fail;
    EXPECT_TRUE(has(run(in), "received.origin_not_brand")) << "the sender forges its own domain and names the brand";
    in.spf = AuthResult::Pass;
    EXPECT_FALSE(has(run(in), "received.origin_not_brand")) << "a third party writing about the brand from its own domain";
    in.spf = std::nullopt;
    EXPECT_FALSE(has(run(in), "received.origin_not_brand"));
}

TEST_F(BrandAnalysis, AnyBrandOwnsADomainAndItsSubdomainsOnly) {
    EXPECT_TRUE(catalog_->any_brand_owns("examplehost.example"));
    EXPECT_TRUE(catalog_->any_brand_owns("WWW.ExampleHost.example."));
    EXPECT_FALSE(catalog_->any_brand_owns("examplehost.example.evil.example"));
    EXPECT_FALSE(catalog_->any_brand_owns("notexamplehost.example"));
    EXPECT_FALSE(catalog_->any_brand_owns(""));
}

TEST_F(BrandAnalysis, CommonWordBrandsAreImitatedOnlyByLookAlikeCharacters) {
    for (const char* domain : {"lantern-festival.example", "lanterns.example"}) {
        BrandInputs in;
        in.from_domain = domain;
        EXPECT_FALSE(has(run(in), "sender.lookalike_domain")) << domain << " is another name with a common word";
    }
    BrandInputs confusable;
    confusable.from_domain = "1antern.example";
    EXPECT_TRUE(has(run(confusable), "sender.lookalike_domain")) << "look-alike characters still imitate";
}

TEST_F(BrandAnalysis, BrandTokenInForeignLinkHostOrPath) {
    BrandInputs in;
    in.from_domain = "cymis.example";
    in.from_display_name = "ExampleHost";
    in.links.push_back({"https://su-samplemail-examplehost-jp.es/mail/login.html", "su-samplemail-examplehost-jp.es",
                        "su-samplemail-examplehost-jp.es", "/mail/login.html", ""});
    in.links.push_back({"https://blog.other.example/wp/examplehost-support/?1", "blog.other.example", "other.example",
                        "/wp/examplehost-support/?1", ""});
    BrandFacts f = run(in);
    std::size_t count = std::count_if(f.hits.begin(), f.hits.end(), [](const auto& h) { return h.id == "url.brand_in_foreign_link"; });
    EXPECT_EQ(count, 2u);
    EXPECT_TRUE(has(f, "url.lookalike_domain"));
    BrandFacts genuine = run(genuine_mail());
    EXPECT_FALSE(has(genuine, "url.brand_in_foreign_link"));
    EXPECT_FALSE(has(genuine, "url.lookalike_domain"));
}

// The evidence lines of finding `id`.
std::vector<std::string> evidence_of(const BrandFacts& f, std::string_view id) {
    std::vector<std::string> lines;
    for (const auto& h : f.hits)
        if (h.id == id) lines.insert(lines.end(), h.evidence.begin(), h.evidence.end());
    return lines;
}

bool any_line_has(const std::vector<std::string>& lines, std::string_view text) {
    return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(text) != std::string::npos; });
}

LinkView link_to(const std::string& host, const std::string& registrable, const std::string& path = "/") {
    LinkView link;
    link.url = "https://" + host + path;
    link.host = host;
    link.registrable_domain = registrable;
    link.path = path;
    return link;
}

BrandInputs unclaimed_mail(const std::vector<LinkView>& links) {
    BrandInputs in;
    in.from_display_name = "Support";
    in.from_domain = "notice-center.example";
    in.links = links;
    return in;
}

TEST_F(BrandAnalysis, BrandLabelLeftOfAForeignRegistrableDomainNamesLabelAndDomain) {
    BrandFacts f = run(unclaimed_mail({link_to("examplehost-jp.secure-login.other.example", "other.example")}));
    const auto lines = evidence_of(f, "url.brand_in_foreign_link");
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines.front(), "examplehost in the label examplehost-jp of examplehost-jp.secure-login.other.example; "
                             "the registrable domain is other.example");
}

TEST_F(BrandAnalysis, OfficialDomainWrittenLeftOfAForeignRegistrableDomain) {
    // "go" is a common word and too short for a token: the official domain written whole still
    // dresses the link as the brand's site.
    BrandFacts f = run(unclaimed_mail({link_to("www.go-corp.example.verify.other.example", "other.example")}));
    EXPECT_TRUE(any_line_has(evidence_of(f, "url.brand_in_foreign_link"),
                             "go-corp.example (GO) written in www.go-corp.example.verify.other.example; the registrable domain is other.example"));
    // Once per link and brand: the token check already reported examplehost's.
    BrandFacts token = run(unclaimed_mail({link_to("www.examplehost.example.verify.other.example", "other.example")}));
    EXPECT_EQ(evidence_of(token, "url.brand_in_foreign_link").size(), 1u);
}

TEST_F(BrandAnalysis, MisspeltBrandLabelLeftOfAForeignRegistrableDomain) {
    BrandFacts confusable = run(unclaimed_mail({link_to("examp1ehost.account.other.example", "other.example")}));
    EXPECT_TRUE(any_line_has(evidence_of(confusable, "url.lookalike_domain"),
                             "label examp1ehost of examp1ehost.account.other.example imitates examplehost.example with look-alike "
                             "characters; the registrable domain is other.example"));
    BrandFacts one_letter = run(unclaimed_mail({link_to("examplehust.account.other.example", "other.example")}));
    EXPECT_TRUE(any_line_has(evidence_of(one_letter, "url.lookalike_domain"), "label examplehust of"));
    EXPECT_TRUE(any_line_has(evidence_of(one_letter, "url.lookalike_domain"), "is one letter away from examplehost.example"));
    // Another word, a brand's own label, a short label, a word one letter away but with another
    // first letter ("finance." is no binance): nothing.
    for (const char* host : {"account.secure.other.example", "paybank.account.other.example", "mail.other.example",
                             "fxamplehost.account.other.example"})
        EXPECT_FALSE(has(run(unclaimed_mail({link_to(host, "other.example")})), "url.lookalike_domain")) << host;
}

TEST_F(BrandAnalysis, BrandLabelsOnTheSendersOwnOrTheReceiversHostsAreSilent) {
    // A genuine (authenticated) sender's own host, whatever its labels.
    BrandInputs own = unclaimed_mail({link_to("examplehust.notice-center.example", "notice-center.example")});
    own.has_aligned_dkim_pass = true;
    EXPECT_FALSE(has(run(own), "url.lookalike_domain"));
    own.has_aligned_dkim_pass = false;
    EXPECT_TRUE(has(run(own), "url.lookalike_domain")) << "unauthenticated, the sender's domain proves nothing";
    // The receiving side's host.
    BrandInputs receiver = unclaimed_mail({link_to("examplehust.mail.example-shop.jp", "example-shop.jp")});
    receiver.receiver_domains = {"example-shop.jp"};
    EXPECT_FALSE(has(run(receiver), "url.lookalike_domain"));
    // The brand's family's host, and a genuine brand mail linking its own domains.
    EXPECT_FALSE(has(run(unclaimed_mail({link_to("paybank.example.paycard.example", "paycard.example")})), "url.brand_in_foreign_link"));
    BrandInputs genuine = genuine_mail();
    genuine.links.push_back(link_to("examplehost.example.cdn.examplehost-mail.example", "examplehost-mail.example"));
    EXPECT_TRUE(run(genuine).hits.empty());
}

TEST_F(BrandAnalysis, LureWrittenInTheQueryOrFragment) {
    LinkView brand_word = link_to("docs.other.example", "other.example", "/view?brand=examplehost&id=3");
    brand_word.query = "brand=examplehost&id=3";
    LinkView login = link_to("storage.other.example", "other.example", "/index.html#/signin");
    login.fragment = "/signin";
    login.login_in_query = "/signin";
    login.login_in_query_component = "fragment";
    BrandFacts f = run(unclaimed_mail({brand_word, login}));
    const auto lines = evidence_of(f, "url.lure_in_query");
    EXPECT_TRUE(any_line_has(lines, "brand word examplehost (ExampleHost) in the query of hxxps://docs[.]other[.]example/view?brand=examplehost&id=3"));
    EXPECT_TRUE(any_line_has(lines, "login path /signin in the fragment of hxxps://storage[.]other[.]example/index.html#/signin"));
}

TEST_F(BrandAnalysis, QueryOfTheSendersOrABrandsHostOrACampaignTagIsNoLure) {
    LinkView own = link_to("www.notice-center.example", "notice-center.example", "/?brand=examplehost");
    own.query = "brand=examplehost";
    LinkView brand_host = link_to("www.paybank.example", "paybank.example", "/login?next=examplehost");
    brand_host.query = "next=examplehost";
    LinkView campaign = link_to("shop.other.example", "other.example", "/sale?utm_campaign=examplehost");
    campaign.query = "utm_campaign=examplehost";
    LinkView domain = link_to("go.other.example", "other.example", "/?u=www.examplehost.example");
    domain.query = "u=www.examplehost.example";
    LinkView tracker = link_to("click.tracker.example", "tracker.example", "/c?u=1");
    tracker.fragment = "/signin";
    tracker.login_in_query = "/signin";
    tracker.login_in_query_component = "fragment";
    BrandInputs in = unclaimed_mail({own, brand_host, campaign, domain, tracker});
    in.passing_auth_domains = {"tracker.example"}; // the sending service signed the mail
    EXPECT_FALSE(has(run(in), "url.lure_in_query"));
}

TEST_F(BrandAnalysis, ActionLinkToAnUnrelatedHost) {
    LinkView foreign = link_to("secure-portal.other.example", "other.example", "/m/");
    foreign.action_text = "ログインする";
    BrandInputs in = unclaimed_mail({foreign});
    in.from_display_name = "ExampleHost";
    EXPECT_TRUE(any_line_has(evidence_of(run(in), "url.action_link_foreign"),
                             "anchor \"ログインする\" leads to hxxps://secure-portal[.]other[.]example/m/, unrelated to the sender "
                             "notice-center.example and to ExampleHost"));
}

TEST_F(BrandAnalysis, ActionLinkToTheSenderOrTheClaimedBrandIsSilent) {
    LinkView own = link_to("www.notice-center.example", "notice-center.example", "/login");
    own.action_text = "Sign in";
    LinkView tracked = link_to("click.esp.example", "esp.example", "/t?u=x");
    tracked.action_text = "Sign in";
    tracked.target_host = "www.notice-center.example"; // a tracker in front of the sender's site
    LinkView family = link_to("www.paycard.example", "paycard.example", "/");
    family.action_text = "ログイン";
    LinkView plain = link_to("other.example", "other.example", "/");
    plain.action_text = ""; // not a call to action
    LinkView says_where = link_to("www.other.example", "other.example", "/");
    says_where.action_text = "log on to other.example today"; // the button names where it goes
    BrandInputs in = unclaimed_mail({own, tracked, family, plain, says_where});
    in.from_display_name = "PayBank";
    EXPECT_FALSE(has(run(in), "url.action_link_foreign"));
}

TEST_F(BrandAnalysis, VendorCopyrightInMailNotFromTheBrand) {
    BrandInputs in;
    in.from_domain = "cymis.example";
    in.body_text = "ログインしてください\n©1998-2026 SAMPLESOFT CO., LTD.";
    EXPECT_TRUE(has(run(in), "content.vendor_copyright"));
    EXPECT_FALSE(has(run(genuine_mail()), "content.vendor_copyright"));
}

TEST_F(BrandAnalysis, AmbiguousNamesNeedStrongContext) {
    BrandInputs in;
    in.from_display_name = "Let's go shopping";
    in.from_domain = "shop.example";
    in.body_text = "go go go";
    BrandFacts f = run(in);
    EXPECT_FALSE(has(f, "sender.display_brand_mismatch"));
    EXPECT_TRUE(std::none_of(f.brands.begin(), f.brands.end(), [](const auto& b) { return b.id == "go"; }));
}

bool names(const std::vector<BrandInfo>& list, std::string_view id) {
    return std::any_of(list.begin(), list.end(), [&](const BrandInfo& b) { return b.id == id; });
}

TEST_F(BrandAnalysis, FamilyDomainsAreTheBrandsOwn) {
    // The card company's notice sent from its group's bank domain, authenticated: genuine.
    BrandInputs in = genuine_mail();
    in.from_display_name = "ペイバンクカード";
    in.from_domain = "paybank.example";
    in.subject = "ご利用明細のお知らせ";
    in.body_text = "ペイバンクカードをご利用いただきありがとうございます。";
    in.origin_rdns = "mx.paycard-mail.example";
    in.origin_asn = std::nullopt;
    in.links = {{"https://www.paycard.example/statement", "www.paycard.example", "paycard.example", "/statement", ""}};
    BrandFacts f = run(in);
    EXPECT_TRUE(f.hits.empty()) << f.hits.front().id;
    ASSERT_EQ(f.brands.size(), 1u) << "the bank named only by the From domain gives way to its card company";
    EXPECT_EQ(f.brands.front().id, "paycard");
    EXPECT_TRUE(f.brands.front().is_genuine);
}

TEST_F(BrandAnalysis, LongestNameWinsOverTheNameInsideIt) {
    BrandInputs in;
    in.from_display_name = "ペイバンクカード";
    in.from_domain = "paycard-notice.example";
    in.origin_ip = "203.0.113.7";
    BrandFacts f = run(in);
    EXPECT_TRUE(names(f.brands, "paycard"));
    EXPECT_FALSE(names(f.brands, "paybank")) << "ペイバンク inside ペイバンクカード is the card company's name";
    EXPECT_FALSE(names(f.mentioned, "paybank"));
}

TEST_F(BrandAnalysis, AMailboxAtTheGroupsIspIsNotTheGroupsOwnMail) {
    // A real account at the group's ISP, writing as the group's bank.
    BrandInputs in;
    in.from_display_name = "PayBank";
    in.from_domain = "netisp-mail.example";
    in.spf = AuthResult::Pass;
    in.dkim = AuthResult::Pass;
    in.has_aligned_dkim_pass = true;
    in.passing_auth_domains = {"netisp-mail.example"};
    in.origin_ip = "192.0.2.40";
    in.origin_rdns = "smtp.netisp-mail.example";
    BrandFacts f = run(in);
    EXPECT_TRUE(has(f, "sender.display_brand_mismatch"));
    ASSERT_EQ(f.brands.size(), 1u);
    EXPECT_EQ(f.brands.front().id, "paybank");
    EXPECT_FALSE(f.brands.front().is_genuine);
    ASSERT_TRUE(f.provider);
    EXPECT_EQ(f.provider->id, "netisp") << "the mailbox's provider is shown as such, not as a claim";
    EXPECT_FALSE(names(f.mentioned, "netisp"));
}

TEST_F(BrandAnalysis, DisplayNameRepeatingAMailboxAddressClaimsNothing) {
    BrandInputs in;
    in.from_display_name = "taro@netisp-mail.example";
    in.from_domain = "netisp-mail.example";
    BrandFacts f = run(in);
    EXPECT_TRUE(f.brands.empty());
    ASSERT_TRUE(f.provider);
    EXPECT_EQ(f.provider->id, "netisp");
}

TEST_F(BrandAnalysis, TheReceivingSideNeverNamesABrand) {
    // A lure to someone at examplehost.example, received by examplehost.example's own MX: the
    // victim's domain in the display name, subject, text and links is not "claims ExampleHost".
    BrandInputs in;
    in.from_display_name = "examplehost.example メール管理者";
    in.from_domain = "mailer.phish.example";
    in.subject = "tanaka@examplehost.example のメールボックス容量が不足しています";
    in.body_text = "tanaka@examplehost.example 様\nmail.examplehost.example のメールボックスが満杯です。";
    in.links = {{"https://phish.example/login?email=tanaka@examplehost.example", "phish.example", "phish.example",
                 "/login?email=tanaka@examplehost.example", ""},
                {"https://webmail.examplehost.example/", "webmail.examplehost.example", "examplehost.example", "/", ""}};
    in.receiver_domains = {"examplehost.example"};
    in.recipient_addresses = {"tanaka@examplehost.example"};
    in.origin_ip = "203.0.113.20";
    in.origin_country = "US";
    BrandFacts f = run(in);
    EXPECT_FALSE(names(f.brands, "examplehost"));
    EXPECT_FALSE(names(f.mentioned, "examplehost"));
    EXPECT_FALSE(has(f, "sender.display_brand_mismatch"));
    EXPECT_FALSE(has(f, "received.origin_not_brand"));
    // The same lure to someone elsewhere does name the brand.
    in.receiver_domains = {"shop.example"};
    in.recipient_addresses = {"tanaka@shop.example"};
    EXPECT_TRUE(names(run(in).brands, "examplehost"));
}

TEST_F(BrandAnalysis, FromTheReceivingOrganisationsOwnDomainIsInternalMail) {
    BrandInputs in = genuine_mail();
    in.from_display_name = "Taro Tanaka";
    in.subject = "会議の件";
    in.body_text = "明日の会議の資料です。";
    in.receiver_domains = {"examplehost.example"};
    in.recipient_addresses = {"hanako@examplehost.example"};
    BrandFacts f = run(in);
    EXPECT_TRUE(f.brands.empty());
    EXPECT_TRUE(f.hits.empty());
}

TEST_F(BrandAnalysis, MentionsAreNotClaimsUnlessOneBrandLeads) {
    BrandInputs newsletter;
    newsletter.from_display_name = "Weekly News";
    newsletter.from_domain = "news.example";
    newsletter.body_text = "PayBank and ペイバンク merge; ExampleHost and イグザンプルホスト grow.";
    BrandFacts f = run(newsletter);
    EXPECT_TRUE(f.brands.empty()) << "two brands named alike: a newsletter, not a claim";
    EXPECT_TRUE(names(f.mentioned, "paybank"));
    EXPECT_TRUE(names(f.mentioned, "examplehost"));
    BrandInputs lure = newsletter;
    lure.from_display_name = "Customer Service";
    lure.body_text = "Your PayBank account (ペイバンク) is locked. Sign in to ペイバンク online. Powered by ExampleHost.";
    f = run(lure);
    ASSERT_EQ(f.brands.size(), 1u);
    EXPECT_EQ(f.brands.front().id, "paybank");
    EXPECT_TRUE(names(f.mentioned, "examplehost"));
}

TEST_F(BrandAnalysis, CommonWordsInTextAreNoBrandAtAll) {
    BrandInputs in;
    in.from_display_name = "Hiking Club";
    in.from_domain = "club.example";
    in.body_text = "We go at nine. Let's go!";
    BrandFacts f = run(in);
    EXPECT_FALSE(names(f.brands, "go"));
    EXPECT_FALSE(names(f.mentioned, "go"));
}

TEST(BrandFamilies, SameFamilyJoinsOfficialDomainsButNotMailboxes) {
    auto loaded = catalog::BrandCatalog::load(std::string(MIKIWAME_SOURCE_DIR) + "/tests/fixtures/catalog/brands", true);
    ASSERT_TRUE(loaded) << loaded.error().message;
    const catalog::BrandCatalog& c = *loaded;
    EXPECT_TRUE(c.same_family("paybank.example", "paycard.example"));
    EXPECT_TRUE(c.same_family("mail.paycard-mail.example", "www.paybank.example"));
    EXPECT_TRUE(c.same_family("netisp.example", "paybank.example"));
    EXPECT_FALSE(c.same_family("netisp-mail.example", "paybank.example")) << "a customer's mailbox is the ISP's alone";
    EXPECT_TRUE(c.same_family("netisp-mail.example", "netisp.example"));
    EXPECT_FALSE(c.same_family("paybank.example", "examplehost.example"));
    EXPECT_FALSE(c.same_family("paybank.example", "unknown.example"));
    const catalog::Brand* card = c.find("paycard");
    ASSERT_TRUE(card);
    EXPECT_TRUE(card->is_family_sender_domain("paybank.example"));
    EXPECT_TRUE(card->family_owns_domain("www.netisp.example"));
    EXPECT_FALSE(card->is_family_sender_domain("netisp-mail.example"));
    EXPECT_FALSE(card->is_official_sender_domain("paybank.example")) << "the brand's own list is unchanged";
    const catalog::Brand* isp = c.find("netisp");
    ASSERT_TRUE(isp);
    EXPECT_TRUE(isp->is_mailbox_domain("smtp.netisp-mail.example"));
    EXPECT_TRUE(isp->is_official_sender_domain("netisp-mail.example")) << "a mailbox domain is official as well";
}

TEST(BrandCatalog, RejectsMalformedFilesWithLocation) {
    auto bad = catalog::BrandCatalog::parse_brand("id = \"x\"\nnames = { en = [1] }\n", "x.toml", "x");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().context.find("x.toml:"), std::string::npos);
    auto mismatch = catalog::BrandCatalog::parse_brand("id = \"y\"\n[names]\nen=[\"Y\"]\n", "x.toml", "x");
    ASSERT_FALSE(mismatch);
    auto domain = catalog::BrandCatalog::parse_brand("id = \"x\"\n[names]\nen=[\"X\"]\n[domains]\nofficial=[\"nodot\"]\n", "x.toml", "x");
    ASSERT_FALSE(domain);
}

} // namespace
} // namespace mikiwame::brands

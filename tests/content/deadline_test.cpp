// SPDX-License-Identifier: Apache-2.0
// The deadline parser: every date form, era years, year inference, relative deadlines, cues,
// and the comparison with a Date header written in +0900.
#include "content/deadline.h"

#include <gtest/gtest.h>

#include "content/text_normalize.h"
#include "content_test_support.h"

namespace {

using namespace mikiwame::content;

const CivilDate kSent{2024, 11, 11};

// The fixture catalogue's words (tests/fixtures/catalog/phrases/words.*.toml).
const ContentWords& words() {
    return mikiwame::content::testing::fixture_catalog().words();
}

std::vector<Deadline> find(const std::string& text, const std::string& language = "ja",
                           std::optional<CivilDate> reference = kSent) {
    return find_deadlines(normalize_for_scan(text), words(), language, reference);
}

TEST(CivilDates, RoundTripAndKnownDays) {
    EXPECT_EQ(days_from_civil({1970, 1, 1}), 0);
    EXPECT_EQ(days_from_civil({2000, 3, 1}), 11017);
    EXPECT_EQ(civil_from_days(days_from_civil({2024, 2, 29})), (CivilDate{2024, 2, 29}));
    for (std::int64_t d = -1000; d < 30000; d += 37) EXPECT_EQ(days_from_civil(civil_from_days(d)), d);
    EXPECT_EQ(to_string({2024, 11, 1}), "2024-11-01");
}

TEST(CivilDates, LocalDateUsesTheHeaderOffset) {
    // 2024-11-10 23:30 UTC is already 11 November in Tokyo (+0900) but not in New York.
    const std::int64_t t = days_from_civil({2024, 11, 10}) * 86400 + 23 * 3600 + 30 * 60;
    EXPECT_EQ(local_date(t, 9 * 60), (CivilDate{2024, 11, 11}));
    EXPECT_EQ(local_date(t, -5 * 60), (CivilDate{2024, 11, 10}));
    EXPECT_EQ(local_date(-1, 0), (CivilDate{1969, 12, 31}));
}

struct DateRow {
    const char* label;
    std::string text;
    std::string language;
    CivilDate want;
    bool has_year;
};

TEST(FindDeadlines, ParsesEveryDateForm) {
    const DateRow rows[] = {
        {"kanji date", "2024年11月11日まで", "ja", {2024, 11, 11}, true},
        {"kanji date with spaces", "2024 年 11 月 12 日", "ja", {2024, 11, 12}, true},
        {"full-width digits", "２０２４年１１月１１日", "ja", {2024, 11, 11}, true},
        {"Reiwa", "令和6年11月11日", "ja", {2024, 11, 11}, true},
        {"Reiwa first year", "令和元年5月1日", "ja", {2019, 5, 1}, true},
        {"Heisei", "平成31年4月30日", "ja", {2019, 4, 30}, true},
        {"month and day", "11月11日(月)", "ja", {2024, 11, 11}, false},
        {"slash ymd", "2024/11/11", "ja", {2024, 11, 11}, true},
        {"iso", "2024-11-12", "en", {2024, 11, 12}, true},
        {"slash md", "11/12", "en", {2024, 11, 12}, false},
        {"slash dm in pt", "12/11", "pt", {2024, 11, 12}, false},
        {"us mdy", "11/12/2024", "en", {2024, 11, 12}, true},
        {"dmy when md impossible", "25/11/2024", "en", {2024, 11, 25}, true},
        {"german dots", "12.11.2024", "de", {2024, 11, 12}, true},
        {"english month first", "November 11, 2024", "en", {2024, 11, 11}, true},
        {"english abbreviation", "Nov 12", "en", {2024, 11, 12}, false},
        {"day month year", "11 November 2024", "en", {2024, 11, 11}, true},
        {"german day month", "11. November 2024", "de", {2024, 11, 11}, true},
        {"portuguese", "11 de novembro de 2024", "pt", {2024, 11, 11}, true},
        {"dutch", "12 november", "nl", {2024, 11, 12}, false},
    };
    for (const auto& r : rows) {
        auto found = find(r.text, r.language);
        ASSERT_EQ(found.size(), 1u) << r.label;
        EXPECT_EQ(found[0].kind, DeadlineKind::Date) << r.label;
        EXPECT_EQ(found[0].date, r.want) << r.label << ": got " << to_string(found[0].date);
        EXPECT_EQ(found[0].has_year, r.has_year) << r.label;
    }
}

TEST(FindDeadlines, YearlessDatesTakeTheNearestYear) {
    auto found = find("1/2", "en", CivilDate{2024, 12, 30});
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].date, (CivilDate{2025, 1, 2}));
    found = find("12月31日", "ja", CivilDate{2025, 1, 1});
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].date, (CivilDate{2024, 12, 31}));
}

TEST(FindDeadlines, IgnoresNumbersThatAreNotDates) {
    for (const char* text : {"version 1.2.3", "https://example.com/2024/11/11/post", "13/45", "2024年度", "3.14",
                             "price 1,200", "10:30", "v11/11", "2024年13月40日", "2月30日"})
        EXPECT_TRUE(find(text, "en").empty()) << text;
}

struct RelativeRow {
    const char* label;
    std::string text;
    std::string language;
    int hours;
};

TEST(FindDeadlines, ParsesRelativeDeadlines) {
    const RelativeRow rows[] = {
        {"本日中", "本日中にご対応ください", "ja", 0},
        {"今日中", "今日中に", "ja", 0},
        {"24時間以内", "24時間以内に確認", "ja", 24},
        {"48時間以内 full-width", "４８時間以内", "ja", 48},
        {"2日以内", "2日以内", "ja", 48},
        {"within 48 hours", "within 48 hours", "en", 48},
        {"within the next 24 hours", "within the next 24 hours", "en", 24},
        {"within 24h", "within 24h", "en", 24},
        {"pt", "em 24 horas", "pt", 24},
        {"de", "innerhalb von 24 Stunden", "de", 24},
        {"nl", "binnen 48 uur", "nl", 48},
        {"by today", "by today", "en", 0},
    };
    for (const auto& r : rows) {
        auto found = find(r.text, r.language);
        ASSERT_EQ(found.size(), 1u) << r.label;
        EXPECT_EQ(found[0].kind, DeadlineKind::Relative) << r.label;
        EXPECT_EQ(found[0].hours, r.hours) << r.label;
        EXPECT_TRUE(found[0].has_cue) << r.label;
    }
}

TEST(FindDeadlines, BareTodayNeedsADeadlineWordNextToIt) {
    auto chat = find("I will send the slides today.", "en");
    ASSERT_EQ(chat.size(), 1u);
    EXPECT_FALSE(chat[0].has_cue);
    auto threat = find("Your mailbox expires today.", "en");
    ASSERT_EQ(threat.size(), 1u);
    EXPECT_TRUE(threat[0].has_cue);
    auto deadline = find("締め切り: 当日", "ja");
    ASSERT_EQ(deadline.size(), 1u);
    EXPECT_TRUE(deadline[0].has_cue);
    EXPECT_FALSE(find("24 hours a day", "en").size());
}

TEST(FindDeadlines, CuesBeforeAfterAndAround) {
    EXPECT_TRUE(find("2024年11月11日までに", "ja")[0].has_cue);
    EXPECT_TRUE(find("by 11/11", "en")[0].has_cue);
    EXPECT_TRUE(find("Frist: 12.11.2024", "de")[0].has_cue);
    EXPECT_TRUE(find("有効期限 2024/11/11 23:59", "ja")[0].has_cue);
    EXPECT_FALSE(find("2024年11月11日に会議を行いました", "ja")[0].has_cue);
    EXPECT_FALSE(find("On Nov 11, 2024 John wrote:", "en")[0].has_cue);
    auto with_list_cue = find_deadlines("final notice 11/11", words(), "en", kSent, {{0, 12}});
    ASSERT_EQ(with_list_cue.size(), 1u);
    EXPECT_TRUE(with_list_cue[0].has_cue);
}

TEST(IsPressing, ComparesWithTheSendingDate) {
    auto pressing = [](const std::string& text, std::optional<CivilDate> sent) {
        auto found = find_deadlines(normalize_for_scan(text), words(), "ja", sent);
        return !found.empty() && is_pressing(found[0], sent);
    };
    EXPECT_TRUE(pressing("2024年11月11日まで", kSent)) << "same day";
    EXPECT_TRUE(pressing("2024年11月12日まで", kSent)) << "next day";
    EXPECT_FALSE(pressing("2024年11月13日まで", kSent)) << "two days later";
    EXPECT_TRUE(pressing("2024年11月10日まで", kSent)) << "already past";
    EXPECT_FALSE(pressing("2024年10月1日まで", kSent)) << "long past";
    EXPECT_FALSE(pressing("2024年11月11日まで", std::nullopt)) << "no Date header";
    EXPECT_TRUE(pressing("24時間以内", std::nullopt)) << "relative needs no Date";
    EXPECT_FALSE(pressing("72時間以内", kSent)) << "three days is not pressing";
    EXPECT_TRUE(pressing("令和6年11月11日までに", kSent));
}

TEST(IsPressing, DateHeaderInPlusNineHundredDecidesTheDay) {
    // Sent 2024-11-11 08:00 +0900 = 2024-11-10 23:00 UTC: the local day is the 11th, so a
    // deadline of the 12th is "the day after", not two days after the UTC date.
    const std::int64_t t = days_from_civil({2024, 11, 10}) * 86400 + 23 * 3600;
    const CivilDate sent = local_date(t, 9 * 60);
    auto found = find_deadlines(normalize_for_scan("11月12日まで"), words(), "ja", sent);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_TRUE(is_pressing(found[0], sent));
    const CivilDate utc_day = local_date(t, 0);
    auto found_utc = find_deadlines(normalize_for_scan("11月12日まで"), words(), "ja", utc_day);
    EXPECT_FALSE(is_pressing(found_utc[0], utc_day));
}

TEST(FindDeadlines, StaysBoundedOnNumberFloods) {
    std::string text;
    for (int i = 0; i < 5000; ++i) text += "11/11 まで 1/2/3/4 2024年 ";
    auto found = find_deadlines(text, words(), "en", kSent);
    EXPECT_LE(found.size(), kMaxDeadlines);
}

} // namespace

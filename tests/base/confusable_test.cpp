// SPDX-License-Identifier: Apache-2.0
// The one confusable module: UTS #39 skeletons, the restriction level, typo look-alikes.
#include "base/confusable.h"

#include <gtest/gtest.h>

namespace mikiwame::base {
namespace {

TEST(ConfusableSkeleton, MapsLookalikesToOneSkeleton) {
    EXPECT_EQ(confusable_skeleton("p\xD0\xB0ypal.com"), confusable_skeleton("paypal.com")); // Cyrillic а
    EXPECT_EQ(confusable_skeleton("rnicrosoft.com"), confusable_skeleton("microsoft.com"));
    EXPECT_NE(confusable_skeleton("example.com"), confusable_skeleton("examp1e.org"));
    EXPECT_EQ(confusable_skeleton(std::string(kMaxSkeletonInputBytes + 1, 'a')), std::nullopt);
}

TEST(FailsModerateRestriction, FlagsLatinMixedWithCyrillic) {
    EXPECT_TRUE(fails_moderate_restriction("\xD0\x90mazon")); // Cyrillic А
    EXPECT_FALSE(fails_moderate_restriction("Amazon"));
    EXPECT_FALSE(fails_moderate_restriction("お知らせ"));
}

TEST(UndoTypoLookalikes, ReadsDigitsAndLetterPairsAsTheLettersTheyImitate) {
    EXPECT_EQ(undo_typo_lookalikes("rnicr0soft"), "microsoft");
    EXPECT_EQ(undo_typo_lookalikes("vvells-farg0"), "wellsfargo");
    EXPECT_EQ(undo_typo_lookalikes("pay-pa1"), "paypal");
    EXPECT_EQ(undo_typo_lookalikes("kagoya"), "kagoya");
}

} // namespace
} // namespace mikiwame::base

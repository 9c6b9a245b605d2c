// SPDX-License-Identifier: Apache-2.0
// find_obfuscation: each trick counted on small hand-made strings, its reading, and the
// ordinary text it must leave alone (accents, Japanese, Greek or Russian words, emoji
// sequences with joiners, soft hyphens in running text, text decoded with the wrong charset).
#include "content/obfuscation.h"

#include <gtest/gtest.h>

namespace {

using mikiwame::content::find_obfuscation;

TEST(Obfuscation, CountsInvisibleCharactersBetweenLatinLetters) {
    auto signs = find_obfuscation("P\u200Ca\u200Cy\u200CP\u200Ca\u200Cl account", false);
    EXPECT_EQ(signs.invisible_in_words, 5u);
    EXPECT_EQ(signs.plain, "PayPal account");
    auto cgj = find_obfuscation("s\u034Fe\u034Fr\u034Fv\u034Fi\u034Fc\u034Fe", false);
    EXPECT_EQ(cgj.invisible_in_words, 6u) << "U+034F is a default-ignorable mark";
    EXPECT_EQ(cgj.plain, "service");
}

TEST(Obfuscation, CountsMarksOfAnotherScriptOnLatinLetters) {
    auto signs = find_obfuscation("Goo\u0650gle Pla\u0670y", false); // Arabic kasra and superscript alef
    EXPECT_EQ(signs.foreign_marks, 2u);
    EXPECT_EQ(signs.plain, "Google Play");
}

TEST(Obfuscation, ReadsDisguisedWordsAsTheLatinTheyImitate) {
    auto signs = find_obfuscation("Your \u0410mazon order and \u039DFT@\u03C5niswa\u03C1", false);
    EXPECT_EQ(signs.mixed_script_count, 3u);
    EXPECT_EQ(signs.mixed_script_words.count("\u0410mazon"), 1u);
    EXPECT_EQ(signs.plain, "Your Amazon order and NFT@uniswap");
}

TEST(Obfuscation, LeavesOrdinaryTextAlone) {
    for (const char* text : {
             "Café déjà vu, naïve coöperation",                       // precomposed accents
             "Cafe\u0301 with a combining acute",                      // an inherited mark fits any letter
             "お客様のアカウントをご確認ください。Amazonをご利用いただき",  // Japanese with Latin words
             "the Greek term λόγος and the word Привет in one line",  // each word in one script
             "family \U0001F468\u200D\U0001F469\u200D\U0001F467 emoji", // ZWJ inside an emoji sequence
             "\u200B\u200Cpreheader padding \u200C\u200B",             // invisible padding between spaces
             "کتاب\u200Cها",                                            // ZWNJ is Persian orthography
         }) {
        auto signs = find_obfuscation(text, false);
        EXPECT_EQ(signs.total(), 0u) << text;
    }
}

TEST(Obfuscation, CountsTheSameWithoutKeepingTheReading) {
    const char* text = "P\u200Ca\u200Cy \u0410mazon Goo\u0650gle";
    auto kept = find_obfuscation(text, true, true);
    auto counted = find_obfuscation(text, true, false);
    EXPECT_EQ(counted.total(), kept.total());
    EXPECT_EQ(counted.mixed_script_words, kept.mixed_script_words);
    EXPECT_EQ(kept.plain, "Pay Amazon Google");
    EXPECT_TRUE(counted.plain.empty());
}

TEST(Obfuscation, SoftHyphensCountOnlyOutsideRunningText) {
    const char* text = "Versicherungs\u00ADbedingungen";
    EXPECT_EQ(find_obfuscation(text, true).total(), 0u);
    EXPECT_EQ(find_obfuscation(text, false).invisible_in_words, 1u);
}

TEST(Obfuscation, MisdecodedTextIsNotADisguisedWord) {
    // Short runs of several scripts, the shape of a wrong charset, not of a look-alike word.
    auto signs = find_obfuscation("Z\u04ED \u037B\u023B \u0684\u0564\u02A4\u03A4\u01E1", false);
    EXPECT_EQ(signs.mixed_script_count, 0u);
}

TEST(Obfuscation, HostileInputNeverBreaksIt) {
    std::string bad = "\xFF\xFE P\xE2\x80\x8C";
    bad += std::string(1, '\0');
    bad += "a\xCC";
    auto signs = find_obfuscation(bad, false);
    EXPECT_LE(signs.plain.size(), bad.size() + 8);
    EXPECT_EQ(find_obfuscation("", false).total(), 0u);
}

} // namespace

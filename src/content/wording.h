// SPDX-License-Identifier: Apache-2.0
// The content stage: what the text of a mail says and how it says it. Reads the subject and
// the body (plain text, or the visible text of HTML parts when the plain text is missing or
// a stub), scans it once against the phrase catalogue and emits the content.* findings for
// salutation, urgency, pretext, credential request, deadline pressure and unnatural Japanese,
// plus the body language. Text is untrusted; the body is cut at Limits::max_decoded_text_bytes.
#pragma once

#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "base/finding_hit.h"
#include "content/phrase_lists.h"
#include "message/message.h"
#include "mikiwame/limits.h"

namespace mikiwame::content {

struct ContentFacts {
    std::string language;              // "ja", "en", "pt", "de", "nl", or "" when undecided
    std::vector<std::string> pretexts; // lure names found (SPEC §3 list), sorted, unique
    // The lures (pretext names) and scam kinds found, the most matched first (ties by name):
    // what the report's narrative calls the lure.
    std::vector<std::string> lure_kinds;
    std::vector<base::FindingHit> hits;
    // The display name and subject as a reader sees them, when they were disguised
    // (content.obfuscated_text): invisible characters and foreign marks dropped, look-alike
    // letters read as Latin. Later stages match brands on these.
    std::optional<std::string> display_name_reading;
    std::optional<std::string> subject_reading;
    // Degraded analysis (a failed phrase scan), for the report's notes.
    std::vector<std::string> notes;
    // The text as scanned (normalize_for_scan): the subject, '\n', the body. The statistical
    // content model (src/model) cuts its tokens from it.
    std::string normalized_text;
    // Byte ranges [begin, end) of normalized_text holding upstream filters' subject tags
    // (subject.spam_tag): someone else's verdict, which the content model must not learn.
    std::vector<std::pair<std::size_t, std::size_t>> subject_tags;
};

// `recipient_addresses` are the mailbox(es) the mail was delivered to (the engine's view);
// To and Delivered-To of `message` are added. Deterministic, never throws on hostile input,
// thread-safe (the catalogue is only read; `scratch` is the calling thread's, reserved for
// `catalog`).
[[nodiscard]] ContentFacts analyze_content(const message::Message& message,
                                           const std::vector<std::string>& recipient_addresses,
                                           const PhraseCatalog& catalog, const Limits& limits,
                                           base::HsScratch& scratch);

// Thresholds of content.unnatural_japanese, chosen so that ordinary Japanese business mail
// (names written "山田 太郎", the odd "." in a URL or file name) stays below them.
constexpr std::size_t kMinJapaneseLettersForStyle = 40;
constexpr std::size_t kMinStraySpaces = 3;
constexpr std::size_t kMinStraySpacesPerMille = 5;   // per 1000 Japanese letters
constexpr std::size_t kMinAsciiStops = 3;
constexpr std::size_t kMinAsciiStopPercent = 30;     // of all sentence marks
constexpr std::size_t kMinMachineTranslatedPhrases = 2;
// content.scam needs this many distinct phrases of one kind of scam, or of any kinds: two
// unrelated words ("casino" in one story, "girlfriend" in another) are a newsletter, not a scam.
constexpr std::size_t kMinScamPhrasesOfOneKind = 2;
constexpr std::size_t kMinScamPhrasesOfMixedKinds = 3;
// content.bank_details_changed without a payment request needs this many distinct change phrases.
constexpr std::size_t kMinBankChangePhrasesAlone = 2;
// Salutations are looked for at the start of the body only.
constexpr std::size_t kSalutationHeadBytes = 600;

} // namespace mikiwame::content

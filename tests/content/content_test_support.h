// SPDX-License-Identifier: Apache-2.0
// Shared helpers of the content tests: the fixture phrase catalogue (never the shipped
// data/phrases, STYLE 7.7), mails built from a body, and finding lookups.
#pragma once

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "base/base64.h"
#include "content/phrase_lists.h"
#include "content/wording.h"
#include "message/parser.h"

namespace mikiwame::content::testing {

inline std::filesystem::path fixture_phrases_dir() {
    return std::filesystem::path(MIKIWAME_SOURCE_DIR) / "tests/fixtures/catalog/phrases";
}

inline const PhraseCatalog& fixture_catalog() {
    static const PhraseCatalog catalog = [] {
        auto loaded = PhraseCatalog::load(fixture_phrases_dir());
        if (!loaded) {
            ADD_FAILURE() << loaded.error().context << ": " << loaded.error().message;
            return PhraseCatalog();
        }
        return std::move(loaded).value();
    }();
    return catalog;
}

// This thread's scratch space, reserved for the fixture catalogue.
inline base::HsScratch& fixture_scratch() {
    thread_local base::HsScratch scratch = [] {
        base::HsScratch s;
        if (auto r = fixture_catalog().reserve(s); !r) ADD_FAILURE() << r.error().message;
        return s;
    }();
    return scratch;
}

// Every match of the fixture catalogue in `text`; a scan failure fails the test.
inline std::vector<PhraseMatch> scan(std::string_view text) {
    auto matches = fixture_catalog().scan(text, fixture_scratch());
    if (!matches) {
        ADD_FAILURE() << matches.error().message;
        return {};
    }
    return std::move(matches).value();
}

// A UTF-8 text/plain mail to `to`, sent at `date` (RFC 5322 form).
inline std::string text_mail(const std::string& body, const std::string& subject = "notice",
                             const std::string& date = "Mon, 11 Nov 2024 09:30:00 +0900",
                             const std::string& to = "user@example.jp") {
    return "From: Support <support@sender.example>\r\nTo: " + to + "\r\nSubject: =?UTF-8?B?" + base::encode_base64(subject) +
           "?=\r\nDate: " + date + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
           "Content-Transfer-Encoding: 8bit\r\n\r\n" + body + "\r\n";
}

inline ContentFacts analyze_raw(const std::string& raw, const std::vector<std::string>& recipients = {"user@example.jp"}) {
    const Limits limits;
    const message::Message msg = message::parse_message(raw, limits);
    return analyze_content(msg, recipients, fixture_catalog(), limits, fixture_scratch());
}

inline const base::FindingHit* find_hit(const ContentFacts& facts, const std::string& id) {
    auto it = std::find_if(facts.hits.begin(), facts.hits.end(), [&](const auto& h) { return h.id == id; });
    return it == facts.hits.end() ? nullptr : &*it;
}

inline std::string joined_evidence(const base::FindingHit* hit) {
    std::string out;
    if (!hit) return out;
    for (const auto& e : hit->evidence) out += e + "\n";
    return out;
}

inline std::vector<std::string> hit_ids(const ContentFacts& facts) {
    std::vector<std::string> ids;
    for (const auto& h : facts.hits) ids.push_back(h.id);
    return ids;
}

} // namespace mikiwame::content::testing

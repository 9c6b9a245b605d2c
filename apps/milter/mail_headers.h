// SPDX-License-Identifier: Apache-2.0
// The header edits of `mikiwame milter`, as plain functions of a Report: the X-Mikiwame-*
// headers, the subject tag (RFC 2047 when the tag or the subject needs it) and the test that
// recognises our own header names in incoming mail (those are removed: a sender cannot forge
// a verdict). No libmilter here, so every rule is unit-tested on its own.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mikiwame/report.h"

namespace mikiwame::milter {

struct HeaderField {
    std::string name;
    std::string value; // folded with "\n " (libmilter's form: LF, then whitespace)
};

// True for "X-Mikiwame-…" in any letter case.
bool is_mikiwame_header(std::string_view name) noexcept;

// RFC 2047 B-encoded words in UTF-8 ("=?UTF-8?B?…?="), each at most 75 characters and cut
// only between characters, joined by folding whitespace (which decoders drop between words).
std::string encode_words(std::string_view utf8);

// The Subject value with `tag` in front. An ASCII tag is written as is. A non-ASCII tag is
// written as encoded words unless the subject itself is raw UTF-8; before an encoded subject
// the separating space goes inside the tag's word, since the space between two encoded words
// is not displayed (RFC 2047 §6.2). Empty tag: the subject unchanged.
std::string tag_subject(std::string_view raw_subject, std::string_view tag);

// Folds an unstructured value at spaces so that "Name: value" lines stay within 78 columns.
std::string fold_value(std::string_view name, std::string_view value);

// The verdict headers, in the order they are to appear: X-Mikiwame-Verdict, -Score,
// -Findings (ids), -Report (the top reasons on one line) and -Authentication-Results (what
// mikiwame read, RFC 8601 syntax, `authserv_id` first; empty: "mikiwame").
std::vector<HeaderField> verdict_headers(const Report& report, std::string_view authserv_id);

// "12.5": the score as the headers and the log write it.
std::string format_score(double score);

} // namespace mikiwame::milter

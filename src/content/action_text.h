// SPDX-License-Identifier: Apache-2.0
// Calls to action among a mail's anchor texts: which visible texts of its links are a button's
// ("ログイン", "今すぐ確認", "Sign in", "Verify your account"), matched with the `action` phrase
// list (data/phrases/action.<lang>.txt) after the stage's normalisation (text_normalize.h). All
// texts of a message in one scan. The brands stage judges where such a link leads
// (url.action_link_foreign).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/hyperscan.h"
#include "content/phrase_lists.h"

namespace mikiwame::content {

// The longest anchor text, in code points after normalisation, still read as a button; a longer
// one is a sentence that happens to mention logging in ("If you cannot log in, read our help").
constexpr std::size_t kMaxActionTextChars = 40;

// For each of `texts`, its normalised form when it is a call to action, else "". A failed scan
// answers "" for every text: no call to action is claimed on a scan that did not run.
[[nodiscard]] std::vector<std::string> action_texts(const std::vector<std::string_view>& texts, const PhraseCatalog& catalog,
                                                    base::HsScratch& scratch);

} // namespace mikiwame::content

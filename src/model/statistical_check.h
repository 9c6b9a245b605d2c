// SPDX-License-Identifier: Apache-2.0
// The model stage: the statistical content model's judgement of one message and the finding
// content.statistical when it speaks for phishing or spam. Runs after the content stage (whose
// normalised text it reads) and the link stage (whose registrable domains are tokens); its
// finding is weighed by scoring like any other.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/finding_hit.h"
#include "content/wording.h"
#include "message/message.h"
#include "model/content_model.h"
#include "model/tokenizer.h"
#include "urls/link_analysis.h"

namespace mikiwame::model {

// content.statistical fires from this probability of phishing or spam on; from
// kStrongProbability it counts a second instance (findings.toml's weight_per_extra), so that a
// model that is sure weighs more than one that leans. Chosen by cross-validation together with
// the weights (docs/model.md): ham false positives first, then detection.
constexpr double kFireProbability = 0.65;
constexpr double kStrongProbability = 0.90;
// Below this many known tokens the model has too little to go on: a two-line note is not judged.
constexpr std::size_t kMinKnownTokens = 6;

struct StatisticalFacts {
    Judgement judgement;
    std::vector<base::FindingHit> hits;
};

// What the tokenizer reads of a message, from the facts of the stages before: the content
// stage's normalised text, From, the links' registrable domains (`urls` may be null when the
// link stage did not run) and the recipients (the engine's view, any case).
[[nodiscard]] TokenSource token_source(const message::Message& message, const content::ContentFacts& content,
                                       const urls::UrlFacts* urls, const std::vector<std::string>& recipients);

// The judgement of `tokens` and, when it is high enough, the content.statistical hit whose
// evidence gives the probability and names the strongest tokens. Thread-safe.
[[nodiscard]] StatisticalFacts judge_statistically(const ContentModel& model, const std::vector<Token>& tokens);

} // namespace mikiwame::model

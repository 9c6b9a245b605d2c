// SPDX-License-Identifier: Apache-2.0
// The statistical content model: a logistic regression over the tokens of a message (present
// or absent), trained on labelled ham, spam and phishing mail to tell ham from the other two.
// A discriminative model rather than the naive Bayes of SpamAssassin and Rspamd: on the small,
// mixed-language training mail it was measured on, Bayes' token probabilities let the larger
// class's language drown the rest (English spam read as ham because most phishing was
// Portuguese), where a regression learns which words matter given all the others.
// The file format is docs/model.md; the loader treats the file as untrusted bytes: every
// count, length and value is checked, a damaged file is an error, never a partial model.
// Immutable after load, so one model is shared by every thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "mikiwame/result.h"
#include "model/tokenizer.h"

namespace mikiwame::model {

struct MessageCounts {
    std::uint32_t ham = 0;
    std::uint32_t spam = 0;
    std::uint32_t phish = 0;
};

// Format constants (docs/model.md).
constexpr std::string_view kModelMagic = "MKWMODEL";
constexpr std::uint32_t kModelFormatVersion = 1;
constexpr std::size_t kModelHeaderBytes = 36;
constexpr std::size_t kModelChecksumBytes = 32; // SHA-256 of everything before it
// Weights are stored as integers in units of 1/kWeightScale.
constexpr double kWeightScale = 1024.0;
// A stored weight or bias beyond this (in stored units) is refused: no trained model comes
// near it, and it keeps every sum far from overflow.
constexpr std::int64_t kMaxStoredWeight = 64 * 1024 * 1024;
// A model file larger than this is refused before it is read (the shipped one is far smaller).
constexpr std::uintmax_t kMaxModelFileBytes = 64u * 1024 * 1024;

// Training (stochastic gradient descent on the class-balanced log loss, L2-regularised). A
// message's token vector is scaled by 1/sqrt(max(known tokens, kMinScaleTokens)), in training
// and judging alike: a long mail does not win by length, and in a two-line note one word does
// not decide. Chosen by 5-fold cross-validation on the shared corpus (docs/model.md).
constexpr unsigned kTrainingEpochs = 20;
constexpr double kLearningRate = 0.1;
constexpr double kL2 = 1e-4;
constexpr std::size_t kMinScaleTokens = 8;
// The messages are visited in an order shuffled by this seed (splitmix64): the same mail
// gives the same model on every machine.
constexpr std::uint64_t kShuffleSeed = 0x6d696b6977616d65ULL; // "mikiwame"

// One token that weighed in a judgement.
struct WeighedToken {
    std::string text;
    double weight = 0; // its weight in the model (positive: phishing or spam)
};

struct Judgement {
    // The probability that the mail is phishing or spam rather than ham; 0.5 when no token
    // of it is known.
    double probability = 0.5;
    std::size_t tokens = 0;       // distinct tokens of the message
    std::size_t known_tokens = 0; // of those, the ones the model has a weight for
    // The known tokens that speak most for phishing or spam, strongest first.
    std::vector<WeighedToken> strongest;
};

class ContentModel {
public:
    // Validates and reads a model file's bytes. `origin` names the file in errors. Config
    // error for anything but a well-formed model whose token rules are this build's
    // (kTokenizerVersion).
    [[nodiscard]] static Result<ContentModel> parse(std::string_view bytes, std::string_view origin);
    // Reads and parses `path`; a missing, unreadable or damaged file is a Config error.
    [[nodiscard]] static Result<ContentModel> load(const std::filesystem::path& path);

    // The judgement of a message from its tokens (extract_tokens). Thread-safe.
    [[nodiscard]] Judgement judge(const std::vector<Token>& tokens) const;

    // The messages the model was trained on.
    const MessageCounts& messages() const noexcept { return messages_; }
    std::size_t token_count() const noexcept { return hashes_.size(); }
    // "sha256:" + 16 hex digits of the file: which model judged.
    const std::string& version() const noexcept { return version_; }

private:
    MessageCounts messages_;
    double bias_ = 0;
    std::vector<std::uint32_t> hashes_; // ascending
    std::vector<float> weights_;        // parallel to hashes_
    // Open-addressing index over hashes_ (linear probing, a power of two at least twice the
    // token count): position + 1, 0 for an empty slot. Built at load; a lookup is a probe or
    // two instead of a binary search through the whole vocabulary.
    std::vector<std::uint32_t> slots_;
    std::string version_;

    const float* weight_of(std::uint32_t hash) const noexcept;
};

// One training message: its distinct token hashes (ascending) and whether it is phishing or
// spam (true) or ham (false).
struct TrainingMessage {
    std::vector<std::uint32_t> hashes;
    bool is_bad = false;
};

// Trains the model on `messages` and returns the model file. Only tokens held by at least
// `min_messages` messages take part (rarer ones say little and are most of the vocabulary);
// `counts` are written into the header. Deterministic for the same messages in the same order.
[[nodiscard]] std::string train_model(const std::vector<TrainingMessage>& messages, const MessageCounts& counts,
                                      std::uint32_t min_messages);

} // namespace mikiwame::model

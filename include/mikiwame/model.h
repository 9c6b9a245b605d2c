// SPDX-License-Identifier: Apache-2.0
// Public API (implemented by the model stage, src/model/): training the statistical content
// model, as `mikiwame learn` does. Engine::model_tokens() cuts a message into the tokens the
// model counts; a ModelTrainer counts them per class and writes the model file
// (docs/model.md), which Engine::load() reads (EngineOptions::content_model).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mikiwame/result.h"

namespace mikiwame {

// The class a training message is labelled with.
enum class MailClass { Ham, Spam, Phish };
std::string_view to_string(MailClass mail_class) noexcept;

// What the content model reads of one message (Engine::model_tokens).
struct ModelTokens {
    std::vector<std::string> tokens; // distinct tokens, in a stable order
    std::string subject;             // decoded; cross-validation groups mail by it
};

// Tokens held by fewer training messages than this are left out of the model file: a word
// seen once says little and such words are most of the vocabulary.
constexpr std::uint32_t kDefaultModelMinMessages = 2;

// Collects the tokens of labelled messages and trains the model from them. Keeps every
// message's token hashes (4 bytes a token) until serialize(); not thread-safe.
class ModelTrainer {
public:
    ModelTrainer();
    ModelTrainer(ModelTrainer&&) noexcept;
    ModelTrainer& operator=(ModelTrainer&&) noexcept;
    ~ModelTrainer();
    ModelTrainer(const ModelTrainer&) = delete;
    ModelTrainer& operator=(const ModelTrainer&) = delete;

    // Adds one message: its distinct tokens under `mail_class`.
    void add(const std::vector<std::string>& tokens, MailClass mail_class);
    // Messages counted so far of one class.
    std::size_t messages(MailClass mail_class) const noexcept;
    // Distinct tokens added so far.
    std::size_t distinct_tokens() const noexcept;
    // Trains the model and returns its file's bytes: tokens held by at least `min_messages`
    // messages take part. Deterministic: the same messages in the same order give the same
    // bytes. A model needs ham and spam or phishing to judge; Engine::load refuses one
    // without.
    [[nodiscard]] std::string serialize(std::uint32_t min_messages = kDefaultModelMinMessages) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// What a model file holds, after the same checks Engine::load makes.
struct ModelSummary {
    std::size_t ham_messages = 0;
    std::size_t spam_messages = 0;
    std::size_t phish_messages = 0;
    std::size_t tokens = 0;
    std::string version; // "sha256:" + 16 hex digits of the file
};

// Config error naming what is wrong with the bytes (truncated, not a model, other token rules).
[[nodiscard]] Result<ModelSummary> inspect_model(std::string_view bytes, std::string_view origin);

} // namespace mikiwame

// SPDX-License-Identifier: Apache-2.0
// The public training API (mikiwame/model.h): the messages' tokens per class, trained into a
// model file.
#include <algorithm>
#include <unordered_set>

#include "mikiwame/model.h"
#include "model/content_model.h"
#include "model/tokenizer.h"

namespace mikiwame {

std::string_view to_string(MailClass mail_class) noexcept {
    switch (mail_class) {
    case MailClass::Ham: return "ham";
    case MailClass::Spam: return "spam";
    case MailClass::Phish: return "phish";
    }
    return "ham";
}

struct ModelTrainer::Impl {
    std::vector<model::TrainingMessage> messages;
    model::MessageCounts counts;
    std::unordered_set<std::uint32_t> distinct;
};

ModelTrainer::ModelTrainer() : impl_(std::make_unique<Impl>()) {}
ModelTrainer::ModelTrainer(ModelTrainer&&) noexcept = default;
ModelTrainer& ModelTrainer::operator=(ModelTrainer&&) noexcept = default;
ModelTrainer::~ModelTrainer() = default;

void ModelTrainer::add(const std::vector<std::string>& tokens, MailClass mail_class) {
    std::vector<std::uint32_t> hashes;
    hashes.reserve(tokens.size());
    for (const auto& token : tokens) hashes.push_back(model::token_hash(token));
    std::sort(hashes.begin(), hashes.end());
    hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
    impl_->distinct.insert(hashes.begin(), hashes.end());
    impl_->messages.push_back({std::move(hashes), mail_class != MailClass::Ham});
    // Counts saturate rather than wrap: the file holds 32-bit counts.
    model::MessageCounts& m = impl_->counts;
    std::uint32_t& n = mail_class == MailClass::Ham ? m.ham : mail_class == MailClass::Spam ? m.spam : m.phish;
    if (n < UINT32_MAX) ++n;
}

std::size_t ModelTrainer::messages(MailClass mail_class) const noexcept {
    const model::MessageCounts& m = impl_->counts;
    return mail_class == MailClass::Ham ? m.ham : mail_class == MailClass::Spam ? m.spam : m.phish;
}

std::size_t ModelTrainer::distinct_tokens() const noexcept {
    return impl_->distinct.size();
}

std::string ModelTrainer::serialize(std::uint32_t min_messages) const {
    return model::train_model(impl_->messages, impl_->counts, min_messages);
}

Result<ModelSummary> inspect_model(std::string_view bytes, std::string_view origin) {
    auto parsed = model::ContentModel::parse(bytes, origin);
    if (!parsed) return Unexpected<Error>{parsed.error()};
    ModelSummary summary;
    summary.ham_messages = parsed->messages().ham;
    summary.spam_messages = parsed->messages().spam;
    summary.phish_messages = parsed->messages().phish;
    summary.tokens = parsed->token_count();
    summary.version = parsed->version();
    return summary;
}

} // namespace mikiwame

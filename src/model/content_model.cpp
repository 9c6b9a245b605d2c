// SPDX-License-Identifier: Apache-2.0
#include "model/content_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <fstream>
#include <numeric>
#include <unordered_map>
#include <sstream>

#include "base/sha256.h"

namespace mikiwame::model {

namespace {

constexpr std::size_t kMinRecordBytes = 2; // two one-byte varints
constexpr std::size_t kMaxVarintBytes = 5; // a 32-bit value
constexpr std::size_t kStrongestTokens = 5;

std::uint32_t read_u32(std::string_view bytes, std::size_t at) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
    return v;
}

void write_u32(std::string& out, std::uint32_t v) {
    for (std::size_t i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

void write_varint(std::string& out, std::uint32_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7F) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

// LEB128, at most 32 bits, no overlong encodings; false when the bytes end first or it is
// malformed.
bool read_varint(std::string_view bytes, std::size_t& pos, std::uint32_t& value) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < kMaxVarintBytes; ++i) {
        if (pos >= bytes.size()) return false;
        const auto byte = static_cast<unsigned char>(bytes[pos++]);
        v |= static_cast<std::uint64_t>(byte & 0x7F) << (7 * i);
        if ((byte & 0x80) == 0) {
            if (i > 0 && byte == 0) return false; // overlong
            if (v > 0xFFFFFFFFULL) return false;
            value = static_cast<std::uint32_t>(v);
            return true;
        }
    }
    return false;
}

std::uint32_t zigzag(std::int32_t v) {
    return (static_cast<std::uint32_t>(v) << 1) ^ static_cast<std::uint32_t>(v >> 31);
}

std::int32_t unzigzag(std::uint32_t v) {
    return static_cast<std::int32_t>((v >> 1) ^ (~(v & 1) + 1));
}

std::int32_t quantize(double weight) {
    const double stored = std::clamp(std::round(weight * kWeightScale), -static_cast<double>(kMaxStoredWeight),
                                     static_cast<double>(kMaxStoredWeight));
    return static_cast<std::int32_t>(stored);
}

// A message's token vector is scaled by 1/sqrt(max(n, kMinScaleTokens)) for its n known tokens:
// a long mail does not win by length, and a short one (a two-line note) does not let one or
// two tokens decide.
double length_scale(std::size_t known) {
    return 1 / std::sqrt(static_cast<double>(std::max(known, kMinScaleTokens)));
}

double sigmoid(double z) {
    constexpr double kMaxExponent = 30; // beyond it the probability is 0 or 1 in print anyway
    return 1 / (1 + std::exp(-std::clamp(z, -kMaxExponent, kMaxExponent)));
}

// splitmix64: a small, fully specified generator (std::shuffle's algorithm is the standard
// library's choice, and would make the model depend on it).
std::uint64_t next_random(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

Unexpected<Error> damaged(std::string_view origin, const std::string& what) {
    return make_error(ErrorCode::Config, what, std::string(origin));
}

} // namespace

Result<ContentModel> ContentModel::parse(std::string_view bytes, std::string_view origin) {
    if (bytes.size() > kMaxModelFileBytes)
        return damaged(origin, fmt::format("model file too large ({} bytes, at most {})", bytes.size(), kMaxModelFileBytes));
    if (bytes.size() < kModelMagic.size() || bytes.substr(0, kModelMagic.size()) != kModelMagic)
        return damaged(origin, "not a mikiwame content model (no MKWMODEL signature; see docs/model.md)");
    if (bytes.size() < kModelHeaderBytes + kModelChecksumBytes)
        return damaged(origin, fmt::format("truncated model ({} bytes, a model has at least {})", bytes.size(),
                                           kModelHeaderBytes + kModelChecksumBytes));
    const std::uint32_t format = read_u32(bytes, 8);
    if (format != kModelFormatVersion)
        return damaged(origin, fmt::format("model format version {} (this build reads version {})", format, kModelFormatVersion));
    const std::uint32_t tokenizer = read_u32(bytes, 12);
    if (tokenizer != kTokenizerVersion)
        return damaged(origin, fmt::format("model trained with token rules version {} (this build cuts tokens by version {}); "
                                           "retrain it with mikiwame learn",
                                           tokenizer, kTokenizerVersion));
    const std::string_view content = bytes.substr(0, bytes.size() - kModelChecksumBytes);
    const std::string_view stored_sum = bytes.substr(bytes.size() - kModelChecksumBytes);
    const std::string digest = base::sha256_hex(content);
    std::string sum;
    for (std::size_t i = 0; i < kModelChecksumBytes; ++i) sum += fmt::format("{:02x}", static_cast<unsigned char>(stored_sum[i]));
    if (sum != digest) return damaged(origin, "checksum mismatch: the model is damaged or truncated");

    ContentModel model;
    model.messages_ = {read_u32(bytes, 16), read_u32(bytes, 20), read_u32(bytes, 24)};
    const std::uint32_t token_count = read_u32(bytes, 28);
    const auto bias = static_cast<std::int32_t>(read_u32(bytes, 32));
    if (model.messages_.ham == 0 || static_cast<std::uint64_t>(model.messages_.spam) + model.messages_.phish == 0)
        return damaged(origin, "model was trained without ham or without spam/phishing messages; it cannot judge");
    if (bias > kMaxStoredWeight || bias < -kMaxStoredWeight) return damaged(origin, "bias out of range");
    model.bias_ = bias / kWeightScale;
    const std::string_view records = content.substr(kModelHeaderBytes);
    if (token_count > records.size() / kMinRecordBytes)
        return damaged(origin, fmt::format("model claims {} tokens in {} bytes of records", token_count, records.size()));
    model.hashes_.reserve(token_count);
    model.weights_.reserve(token_count);
    std::size_t pos = 0;
    std::uint64_t previous = 0;
    for (std::uint32_t i = 0; i < token_count; ++i) {
        std::uint32_t delta = 0, stored = 0;
        if (!read_varint(records, pos, delta) || !read_varint(records, pos, stored))
            return damaged(origin, fmt::format("token record {} of {} is malformed", i + 1, token_count));
        const std::uint64_t hash = i == 0 ? delta : previous + delta;
        if ((i > 0 && delta == 0) || hash > 0xFFFFFFFFULL)
            return damaged(origin, fmt::format("token record {}: hashes are not strictly ascending", i + 1));
        const std::int32_t weight = unzigzag(stored);
        if (weight > kMaxStoredWeight || weight < -kMaxStoredWeight)
            return damaged(origin, fmt::format("token record {}: weight out of range", i + 1));
        previous = hash;
        model.hashes_.push_back(static_cast<std::uint32_t>(hash));
        model.weights_.push_back(static_cast<float>(weight / kWeightScale));
    }
    if (pos != records.size())
        return damaged(origin, fmt::format("{} bytes after the last token record", records.size() - pos));
    std::size_t capacity = 16;
    while (capacity < 2 * model.hashes_.size()) capacity *= 2;
    model.slots_.assign(capacity, 0);
    for (std::size_t i = 0; i < model.hashes_.size(); ++i) {
        std::size_t slot = model.hashes_[i] & (capacity - 1);
        while (model.slots_[slot] != 0) slot = (slot + 1) & (capacity - 1);
        model.slots_[slot] = static_cast<std::uint32_t>(i + 1);
    }
    model.version_ = "sha256:" + digest.substr(0, 16);
    return model;
}

Result<ContentModel> ContentModel::load(const std::filesystem::path& path) {
    std::error_code ec;
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    if (ec) return make_error(ErrorCode::Config, "cannot read the content model: " + ec.message(), path.string());
    if (size > kMaxModelFileBytes)
        return make_error(ErrorCode::Config, fmt::format("model file too large ({} bytes, at most {})", size, kMaxModelFileBytes),
                          path.string());
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error(ErrorCode::Config, "cannot read the content model", path.string());
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return parse(buffer.str(), path.string());
}

const float* ContentModel::weight_of(std::uint32_t hash) const noexcept {
    if (slots_.empty()) return nullptr;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
        const std::uint32_t entry = slots_[slot];
        if (entry == 0) return nullptr;
        if (hashes_[entry - 1] == hash) return &weights_[entry - 1];
    }
}

Judgement ContentModel::judge(const std::vector<Token>& tokens) const {
    Judgement judgement;
    judgement.tokens = tokens.size();
    std::vector<std::pair<const Token*, float>> known;
    double sum = 0;
    for (const Token& token : tokens) {
        const float* weight = weight_of(token.hash);
        if (!weight) continue;
        known.emplace_back(&token, *weight);
        sum += *weight;
    }
    judgement.known_tokens = known.size();
    if (known.empty()) return judgement;
    judgement.probability = sigmoid(bias_ + sum * length_scale(known.size()));
    // Strongest first; ties by text, so the order does not depend on the tokens' order.
    const std::size_t shown = std::min(kStrongestTokens, known.size());
    std::partial_sort(known.begin(), known.begin() + static_cast<std::ptrdiff_t>(shown), known.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first->text < b.first->text;
    });
    known.resize(shown);
    for (const auto& [token, weight] : known) {
        if (judgement.strongest.size() == kStrongestTokens || weight <= 0) break;
        judgement.strongest.push_back({token->text, weight});
    }
    return judgement;
}

std::string train_model(const std::vector<TrainingMessage>& messages, const MessageCounts& counts, std::uint32_t min_messages) {
    // The vocabulary: tokens held by at least min_messages messages, ascending by hash.
    std::unordered_map<std::uint32_t, std::uint32_t> held_by;
    for (const auto& m : messages)
        for (std::uint32_t h : m.hashes) ++held_by[h];
    std::vector<std::uint32_t> vocabulary;
    for (const auto& [hash, n] : held_by)
        if (n >= min_messages) vocabulary.push_back(hash);
    std::sort(vocabulary.begin(), vocabulary.end());
    auto index_of = [&](std::uint32_t h) -> std::optional<std::size_t> {
        auto it = std::lower_bound(vocabulary.begin(), vocabulary.end(), h);
        if (it == vocabulary.end() || *it != h) return std::nullopt;
        return static_cast<std::size_t>(it - vocabulary.begin());
    };
    struct Row {
        std::vector<std::size_t> features;
        double scale = 0;
        bool is_bad = false;
    };
    std::vector<Row> rows;
    rows.reserve(messages.size());
    std::size_t bad = 0;
    for (const auto& m : messages) {
        Row row;
        row.is_bad = m.is_bad;
        for (std::uint32_t h : m.hashes)
            if (auto i = index_of(h)) row.features.push_back(*i);
        row.scale = length_scale(row.features.size());
        bad += m.is_bad ? 1 : 0;
        rows.push_back(std::move(row));
    }
    // Each class weighs as much in total as the other, however many of each were given.
    const double n = static_cast<double>(rows.size());
    const double bad_weight = bad ? n / (2.0 * static_cast<double>(bad)) : 0;
    const double ham_weight = bad < rows.size() ? n / (2.0 * static_cast<double>(rows.size() - bad)) : 0;
    std::vector<double> weights(vocabulary.size(), 0.0);
    double bias = 0;
    std::vector<std::size_t> order(rows.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::uint64_t random_state = kShuffleSeed;
    for (unsigned epoch = 0; epoch < kTrainingEpochs; ++epoch) {
        for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[next_random(random_state) % i]);
        for (std::size_t r : order) {
            const Row& row = rows[r];
            double z = bias;
            for (std::size_t f : row.features) z += weights[f] * row.scale;
            const double y = row.is_bad ? 1.0 : 0.0;
            const double gradient = (sigmoid(z) - y) * (row.is_bad ? bad_weight : ham_weight);
            for (std::size_t f : row.features) weights[f] -= kLearningRate * (gradient * row.scale + kL2 * weights[f]);
            bias -= kLearningRate * gradient;
        }
    }

    std::string records;
    std::uint32_t previous = 0;
    for (std::size_t i = 0; i < vocabulary.size(); ++i) {
        write_varint(records, i == 0 ? vocabulary[i] : vocabulary[i] - previous);
        write_varint(records, zigzag(quantize(weights[i])));
        previous = vocabulary[i];
    }
    std::string out(kModelMagic);
    write_u32(out, kModelFormatVersion);
    write_u32(out, kTokenizerVersion);
    write_u32(out, counts.ham);
    write_u32(out, counts.spam);
    write_u32(out, counts.phish);
    write_u32(out, static_cast<std::uint32_t>(vocabulary.size()));
    write_u32(out, static_cast<std::uint32_t>(quantize(bias)));
    out += records;
    const std::string digest = base::sha256_hex(out);
    for (std::size_t i = 0; i < kModelChecksumBytes; ++i)
        out.push_back(static_cast<char>(std::stoi(digest.substr(2 * i, 2), nullptr, 16)));
    return out;
}

} // namespace mikiwame::model

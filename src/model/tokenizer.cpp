// SPDX-License-Identifier: Apache-2.0
#include "model/tokenizer.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cstring>

#include "base/text.h"
#include "content/text_normalize.h"
#include "net/domain.h"

namespace mikiwame::model {

namespace {

bool is_local_part_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '%' ||
           c == '+' || c == '-';
}

bool is_domain_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

bool ends_url(char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '(' ||
           c == ')' || c == '[' || c == ']' || c == '{' || c == '}';
}

// A stretch of the text that is not read as words: a link (the links' domains are tokens of
// their own) or an e-mail address (one token for the whole address).
struct Span {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::string token; // "" for links
};

void find_links(std::string_view text, std::vector<Span>& spans) {
    auto add_until_end = [&](std::size_t begin, std::size_t from) {
        std::size_t end = from;
        while (end < text.size() && !ends_url(text[end])) ++end;
        spans.push_back({begin, end, {}});
        return end;
    };
    for (std::size_t at = text.find("://"); at != std::string_view::npos; at = text.find("://", at + 3)) {
        std::size_t begin = at;
        while (begin > 0 && std::isalpha(static_cast<unsigned char>(text[begin - 1]))) --begin;
        if (begin == at) continue;
        at = add_until_end(begin, at + 3);
        if (at >= text.size()) break;
    }
    // Links written without a scheme ("www.example.com/login").
    for (std::size_t at = text.find_first_of("wW"); at != std::string_view::npos; at = text.find_first_of("wW", at + 1)) {
        if (base::istarts_with_ascii(text.substr(at), "www.") && (at == 0 || !std::isalnum(static_cast<unsigned char>(text[at - 1]))))
            at = add_until_end(at, at + 4);
        if (at >= text.size()) break;
    }
}

void find_addresses(std::string_view text, const std::vector<std::string>& recipients, std::vector<Span>& spans) {
    // A mail quotes the same few domains again and again; the public-suffix lookup is the cost.
    std::vector<std::pair<std::string, std::string>> registrable;
    auto registrable_of = [&registrable](std::string domain) -> const std::string& {
        for (const auto& [known, reg] : registrable)
            if (known == domain) return reg;
        std::string reg = net::registrable_domain(domain);
        registrable.emplace_back(std::move(domain), std::move(reg));
        return registrable.back().second;
    };
    for (std::size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
        std::size_t begin = at, end = at + 1;
        while (begin > 0 && is_local_part_char(text[begin - 1])) --begin;
        while (end < text.size() && is_domain_char(text[end])) ++end;
        while (end > at + 1 && (text[end - 1] == '.' || text[end - 1] == '-')) --end;
        const std::string_view domain = text.substr(at + 1, end - at - 1);
        if (begin == at || domain.empty()) continue;
        const std::string address = base::to_lower_ascii(text.substr(begin, end - begin));
        const bool is_recipient = std::find(recipients.begin(), recipients.end(), address) != recipients.end();
        if (!is_recipient && domain.find('.') == std::string_view::npos) continue;
        spans.push_back({begin, end, is_recipient ? "@recipient" : "@" + registrable_of(base::to_lower_ascii(domain))});
        at = end - 1;
    }
}

constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;

std::uint64_t fnv_feed(std::uint64_t h, std::string_view bytes) {
    for (char c : bytes) {
        h ^= static_cast<unsigned char>(c);
        h *= kFnvPrime;
    }
    return h;
}

std::uint32_t fnv_fold(std::uint64_t h) {
    return static_cast<std::uint32_t>(h ^ (h >> 32));
}

// The distinct tokens in order of first appearance. A token is hashed before it is built, and
// built only when it is new: most words of a mail repeat, and making a string of each was most
// of the tokenizer's time. Tokens are told apart by hash, as the model tells them apart.
class TokenSink {
public:
    explicit TokenSink(std::vector<Token>& out) : out_(out), slots_(kSlots, 0) {}
    void add(std::string_view prefix, std::string_view body) {
        if (out_.size() >= kMaxTokensPerMessage) return;
        const std::uint32_t hash = fnv_fold(fnv_feed(fnv_feed(kFnvOffset, prefix), body));
        std::size_t slot = hash & (kSlots - 1);
        for (; slots_[slot] != 0; slot = (slot + 1) & (kSlots - 1))
            if (out_[slots_[slot] - 1].hash == hash) return;
        std::string text;
        text.reserve(prefix.size() + body.size());
        text.append(prefix).append(body);
        out_.push_back({hash, std::move(text)});
        slots_[slot] = static_cast<std::uint32_t>(out_.size());
    }
    void add(std::string_view token) { add({}, token); }

private:
    // Twice kMaxTokensPerMessage, a power of two: probes stay short when the sink is full.
    static constexpr std::size_t kSlots = 8192;
    static_assert(kSlots >= 2 * kMaxTokensPerMessage && (kSlots & (kSlots - 1)) == 0);
    std::vector<Token>& out_;
    std::vector<std::uint32_t> slots_; // index + 1 into out_, 0 when empty
};

// Cuts `text` into words and bigrams, each prefixed by `prefix`, skipping `spans` (sorted).
class WordCutter {
public:
    WordCutter(std::string_view prefix, const std::vector<std::string>& recipient_names, TokenSink& sink)
        : prefix_(prefix), recipient_names_(recipient_names), sink_(sink) {}

    void cut(std::string_view text, const std::vector<Span>& spans) {
        std::size_t next_span = 0;
        std::size_t pos = 0;
        while (pos < text.size()) {
            while (next_span < spans.size() && spans[next_span].end <= pos) ++next_span;
            if (next_span < spans.size() && spans[next_span].begin <= pos) {
                flush();
                if (!spans[next_span].token.empty()) sink_.add(spans[next_span].token);
                pos = spans[next_span].end;
                continue;
            }
            const char byte = text[pos];
            if (static_cast<unsigned char>(byte) < 0x80) {
                ++pos;
                if (byte >= 'A' && byte <= 'Z') {
                    letter(static_cast<char32_t>(byte - 'A' + 'a'));
                } else if (byte >= 'a' && byte <= 'z') {
                    letter(static_cast<char32_t>(byte));
                } else if (byte >= '0' && byte <= '9') {
                    end_japanese();
                    has_digit_ = true;
                } else {
                    flush();
                }
                continue;
            }
            const char32_t c = base::decode_utf8(text, pos);
            if (content::is_japanese_letter(c)) {
                end_word();
                japanese(c);
            } else if (u_isalpha(static_cast<UChar32>(c))) {
                letter(static_cast<char32_t>(u_tolower(static_cast<UChar32>(c))));
            } else if ((U_GET_GC_MASK(static_cast<UChar32>(c)) & U_GC_M_MASK) != 0 && !word_.empty()) {
                base::append_utf8(word_, c); // a combining accent belongs to its letter
            } else if (u_isdigit(static_cast<UChar32>(c))) {
                end_japanese();
                has_digit_ = true;
            } else {
                flush();
            }
        }
        flush();
    }

private:
    void letter(char32_t c) {
        end_japanese();
        base::append_utf8(word_, c);
        ++letters_;
    }
    void japanese(char32_t c) {
        if (previous_japanese_ != 0) {
            letters_buffer_.clear();
            base::append_utf8(letters_buffer_, previous_japanese_);
            base::append_utf8(letters_buffer_, c);
            sink_.add(prefix_, letters_buffer_);
            bigrams_in_run_ = true;
        }
        previous_japanese_ = c;
    }
    void end_japanese() {
        // A run of one letter (a lone 円 or 様) is a token by itself.
        if (previous_japanese_ != 0 && !bigrams_in_run_) {
            letters_buffer_.clear();
            base::append_utf8(letters_buffer_, previous_japanese_);
            sink_.add(prefix_, letters_buffer_);
        }
        previous_japanese_ = 0;
        bigrams_in_run_ = false;
    }
    void end_word() {
        if (!has_digit_ && letters_ >= kMinWordLetters && letters_ <= kMaxWordLetters) {
            const bool is_recipient_name =
                std::find(recipient_names_.begin(), recipient_names_.end(), word_) != recipient_names_.end();
            if (is_recipient_name) {
                sink_.add("@recipient-name");
            } else {
                sink_.add(prefix_, word_);
            }
        }
        word_.clear();
        letters_ = 0;
        has_digit_ = false;
    }
    void flush() {
        end_word();
        end_japanese();
    }

    std::string_view prefix_;
    const std::vector<std::string>& recipient_names_;
    TokenSink& sink_;
    std::string word_;
    std::string letters_buffer_; // a bigram being built
    std::size_t letters_ = 0;
    bool has_digit_ = false;
    char32_t previous_japanese_ = 0;
    bool bigrams_in_run_ = false;
};

// The local parts of the recipients' addresses: a greeting by the mailbox name ("Dear
// tanaka") is one token, not the name.
std::vector<std::string> recipient_names(const std::vector<std::string>& recipients) {
    std::vector<std::string> names;
    for (const auto& address : recipients) {
        const std::size_t at = address.find('@');
        if (at == std::string::npos || at < kMinWordLetters) continue;
        names.push_back(address.substr(0, at));
    }
    return names;
}

void cut_text(std::string_view text, std::string_view prefix, const TokenSource& source, const std::vector<std::string>& names,
              TokenSink& sink, const std::vector<std::pair<std::size_t, std::size_t>>& skipped = {}) {
    std::vector<Span> spans;
    for (const auto& [begin, end] : skipped)
        if (begin < end && end <= text.size()) spans.push_back({begin, end, {}});
    find_links(text, spans);
    find_addresses(text, source.recipients, spans);
    std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
    WordCutter(prefix, names, sink).cut(text, spans);
}

} // namespace

std::uint32_t token_hash(std::string_view token) noexcept {
    return fnv_fold(fnv_feed(kFnvOffset, token));
}

std::vector<Token> extract_tokens(const TokenSource& source) {
    std::vector<Token> tokens;
    TokenSink sink(tokens);
    const std::vector<std::string> names = recipient_names(source.recipients);

    std::string_view text = base::truncate_utf8(source.text, kMaxTokenizedBytes);
    const std::size_t subject_end = std::min(text.find('\n'), text.size());
    if (!source.subject_reading.empty()) {
        const std::string reading = content::normalize_for_scan(base::truncate_utf8(source.subject_reading, kMaxTokenizedBytes));
        cut_text(reading, "", source, names, sink);
    } else {
        cut_text(text.substr(0, subject_end), "", source, names, sink, source.skipped);
    }
    if (subject_end < text.size()) cut_text(text.substr(subject_end + 1), "", source, names, sink);
    if (!source.display_name.empty()) {
        const std::string name = content::normalize_for_scan(base::truncate_utf8(source.display_name, kMaxTokenizedBytes));
        cut_text(name, "from:", source, names, sink);
    }
    if (!source.from_domain.empty()) sink.add("from@", base::to_lower_ascii(source.from_domain));
    for (const TokenSource::Link& link : source.links) {
        if (link.is_ip) {
            sink.add("link:ip");
        } else if (!link.registrable_domain.empty()) {
            sink.add("link:", base::to_lower_ascii(link.registrable_domain));
        }
        // The words of the path ("login", "wp", "php"): what the link leads to, whatever host.
        const std::string path = base::percent_decode(base::truncate_utf8(link.path, kMaxLinkPathBytes));
        static const std::vector<std::string> kNoNames;
        WordCutter("path:", kNoNames, sink).cut(path, {});
    }

    return tokens;
}

} // namespace mikiwame::model

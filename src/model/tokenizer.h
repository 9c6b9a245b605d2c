// SPDX-License-Identifier: Apache-2.0
// Tokens of the statistical content model: what the sender wrote, cut into the units the model
// counts — Latin (and other alphabetic) words lower-cased, Japanese and Chinese as character
// bigrams, the words of the From display name, the From domain and the registrable domains of
// the links. Deliberately nothing of the header fields a receiving system adds (Received,
// Authentication-Results, upstream filters' X-Spam-* verdicts, X-MS-* stamps): the model is to
// learn content, not which mailbox provider or filter handled the mail. Pure functions on
// untrusted text; linear and bounded (kMaxTokenizedBytes, kMaxTokensPerMessage); thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mikiwame::model {

// Tokens are recognised by this version number, which the model file records: a model trained
// with other token rules is refused at load rather than misread. Bump it with any change to
// the rules below.
constexpr std::uint32_t kTokenizerVersion = 1;

// At most this many bytes of the text are cut into tokens (the start of a long mail says
// what it is; the rest would only cost time).
constexpr std::size_t kMaxTokenizedBytes = 64 * 1024;
// At most this many distinct tokens per message.
constexpr std::size_t kMaxTokensPerMessage = 4000;
// Words shorter or longer than this (in letters) are not tokens: one letter says nothing, and
// very long runs are encoded data or glued-together text.
constexpr std::size_t kMinWordLetters = 2;
constexpr std::size_t kMaxWordLetters = 24;
// At most this much of a link's path is read for words.
constexpr std::size_t kMaxLinkPathBytes = 512;

// What the tokenizer reads of one message: views into the stages' facts.
struct TokenSource {
    // The content stage's normalised text (NFKC, invisible characters dropped): the subject,
    // '\n', the body.
    std::string_view text;
    // Byte ranges of `text`'s subject not to read: upstream filters' tags ("[SPAM]",
    // 【迷惑メール】), found by the content stage (subject.spam_tag).
    std::vector<std::pair<std::size_t, std::size_t>> skipped;
    // The subject as a reader sees it when it was disguised (content.obfuscated_text): read
    // instead of the subject at the start of `text`.
    std::string_view subject_reading;
    std::string_view display_name;             // of From, as decoded (or as read, when disguised)
    std::string from_domain;                   // registrable domain of From, "" when none
    struct Link {
        std::string_view registrable_domain;   // the address itself for an IP host
        bool is_ip = false;
        std::string path;                      // percent-encoded, as serialised ("/a/b.php")
    };
    std::vector<Link> links;
    // The addresses the mail was delivered to, lower-cased: quoting them is a token of its
    // own ("@recipient"), so the model never learns one mailbox's name.
    std::vector<std::string> recipients;
};

struct Token {
    std::uint32_t hash = 0; // token_hash(text)
    std::string text;
};

// The distinct tokens of `source` (by hash: two texts of one hash are one token to the model
// too), in order of first appearance; the first kMaxTokensPerMessage when there are more. Kinds:
//   "word", "確認" (a bigram), "from:word", "from@example.com", "link:example.com",
//   "link:ip" (a link to an IP address), "path:word" (words of link paths), "@example.com"
//   (an address written in the text), "@recipient", "@recipient-name" (the recipient's
//   mailbox name written as a word).
// Words containing digits are left out (dates, amounts, ids say when, not what).
[[nodiscard]] std::vector<Token> extract_tokens(const TokenSource& source);

// The model's key of a token: 64-bit FNV-1a folded to 32 bits. Stable across platforms.
[[nodiscard]] std::uint32_t token_hash(std::string_view token) noexcept;

} // namespace mikiwame::model

// SPDX-License-Identifier: Apache-2.0
// Structured-field lexing: comments and quoted strings (RFC 5322 §3.2.2, §3.2.4).
#include "message/field_syntax.h"

namespace mikiwame::message {
namespace {

bool is_wsp(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

} // namespace

std::vector<std::string> split_outside_comments(std::string_view s, char sep) {
    std::vector<std::string> parts(1);
    int depth = 0;
    bool quoted = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (quoted) {
            if (c == '\\' && i + 1 < s.size()) {
                parts.back() += s[++i];
            } else if (c == '"') {
                quoted = false;
                parts.back() += c;
            } else {
                parts.back() += c;
            }
        } else if (depth > 0) {
            if (c == '\\') ++i;
            else if (c == '(') ++depth;
            else if (c == ')') --depth;
        } else if (c == '(') {
            depth = 1;
            parts.back() += ' ';
        } else if (c == '"') {
            quoted = true;
            parts.back() += c;
        } else if (c == sep) {
            parts.emplace_back();
        } else {
            parts.back() += c;
        }
    }
    return parts;
}

std::vector<std::string> field_words(std::string_view s) {
    std::vector<std::string> words;
    std::string cur;
    bool quoted = false;
    bool pending_space = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (quoted) {
            if (c == '"') quoted = false;
            else cur += c;
            continue;
        }
        if (is_wsp(c)) {
            pending_space = true;
            continue;
        }
        if (pending_space && !cur.empty() && cur.back() != '=' && c != '=') {
            words.push_back(std::move(cur));
            cur.clear();
        }
        pending_space = false;
        if (c == '"') quoted = true;
        else cur += c;
    }
    if (!cur.empty()) words.push_back(std::move(cur));
    return words;
}

} // namespace mikiwame::message

// SPDX-License-Identifier: Apache-2.0
#include "report/phrasebook.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <tuple>

namespace mikiwame::report {

namespace {

constexpr std::size_t kMaxCaptures = 9;

// The captures of `line` under `literals` (first and last anchored, middle ones found left
// to right), or nothing when the line does not have that shape.
std::optional<std::vector<std::string_view>> match(std::string_view line, const std::vector<std::string>& literals) {
    const std::string& head = literals.front();
    const std::string& tail = literals.back();
    if (!line.starts_with(head)) return std::nullopt;
    if (literals.size() == 1) {
        if (line.size() != head.size()) return std::nullopt;
        return std::vector<std::string_view>{};
    }
    if (line.size() < head.size() + tail.size() || !line.ends_with(tail)) return std::nullopt;
    std::string_view rest = line.substr(head.size(), line.size() - head.size() - tail.size());
    std::vector<std::string_view> captures;
    for (std::size_t i = 1; i + 1 < literals.size(); ++i) {
        // A capture is at least one character: look for the next literal after it.
        std::size_t at = rest.size() > 1 ? rest.find(literals[i], 1) : std::string_view::npos;
        if (at == std::string_view::npos) return std::nullopt;
        captures.push_back(rest.substr(0, at));
        rest.remove_prefix(at + literals[i].size());
    }
    if (rest.empty()) return std::nullopt;
    captures.push_back(rest);
    return captures;
}

std::string fill(std::string_view translation, const std::vector<std::string_view>& captures) {
    std::string out;
    for (std::size_t i = 0; i < translation.size(); ++i) {
        if (translation[i] == '{' && i + 2 < translation.size() && translation[i + 2] == '}' && translation[i + 1] >= '1' &&
            translation[i + 1] <= '9') {
            std::size_t index = static_cast<std::size_t>(translation[i + 1] - '1');
            if (index < captures.size()) out += captures[index];
            i += 2;
            continue;
        }
        out += translation[i];
    }
    return out;
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
    if (from.empty()) return;
    for (std::size_t pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size()))
        text.replace(pos, from.size(), to);
}

} // namespace

// Translations may end in a space ("~mailbox_full: \tメールボックス容量超過: "): entries keep theirs.
constexpr base::LineListFormat kPhrasebookFormat{.has_trailing_comments = false, .keep_spaces = true};

Result<Phrasebook> Phrasebook::parse(std::string_view text, std::string_view origin) {
    auto list = base::parse_line_list(text, origin, kPhrasebookFormat);
    if (!list) return Unexpected<Error>{list.error()};
    return from_lines(*list, origin);
}

Result<Phrasebook> Phrasebook::load(const std::filesystem::path& path) {
    auto list = base::read_line_list(path, kPhrasebookFormat);
    if (!list) return Unexpected<Error>{list.error()};
    return from_lines(*list, path.string());
}

Result<Phrasebook> Phrasebook::from_lines(const base::LineList& list, std::string_view origin) {
    Phrasebook book;
    for (const base::ListLine& entry : list.lines) {
        const std::string_view line = entry.text;
        const std::string where = fmt::format("{}:{}", origin, entry.number);
        std::size_t tab = line.find('\t');
        if (tab == std::string_view::npos || tab == 0 || tab + 1 >= line.size())
            return make_error(ErrorCode::Config, "expected English TAB translation", where);
        std::string_view english = line.substr(0, tab);
        std::string_view translation = line.substr(tab + 1);
        if (english.front() == '~') {
            english.remove_prefix(1);
            if (english.empty()) return make_error(ErrorCode::Config, "empty fragment", where);
            book.fragments_.push_back({std::string(english), std::string(translation)});
            continue;
        }
        Template t;
        std::size_t start = 0;
        for (std::size_t at = english.find("{}"); at != std::string_view::npos; at = english.find("{}", start)) {
            t.literals.emplace_back(english.substr(start, at - start));
            start = at + 2;
        }
        t.literals.emplace_back(english.substr(start));
        const std::size_t captures = t.literals.size() - 1;
        if (captures > kMaxCaptures) return make_error(ErrorCode::Config, "more than 9 captures", where);
        for (std::size_t i = 1; i + 1 < t.literals.size(); ++i)
            if (t.literals[i].empty()) return make_error(ErrorCode::Config, "two captures need text between them", where);
        for (std::size_t i = 0; i + 2 < translation.size(); ++i)
            if (translation[i] == '{' && translation[i + 2] == '}' && translation[i + 1] >= '1' && translation[i + 1] <= '9' &&
                static_cast<std::size_t>(translation[i + 1] - '0') > captures)
                return make_error(ErrorCode::Config, fmt::format("{{{}}} but the English has {} capture(s)", translation[i + 1], captures), where);
        t.translation = std::string(translation);
        book.templates_.push_back(std::move(t));
    }
    // The most specific template first, whatever the order of the file: the longer anchored
    // start ("link: {} ({})" wraps "{} adds words to {}"; "greeting by the recipient's address
    // {}" beats "greeting {}"), then the longer anchored end, then more literal text
    // ("display name {} names {}, From domain is {}" beats "display name {} names {}").
    auto key = [](const Template& t) {
        std::size_t total = 0;
        for (const auto& l : t.literals) total += l.size();
        return std::make_tuple(t.literals.front().size(), t.literals.back().size(), total);
    };
    std::stable_sort(book.templates_.begin(), book.templates_.end(),
                     [&](const Template& a, const Template& b) { return key(a) > key(b); });
    return book;
}

std::string Phrasebook::translate(std::string_view line) const {
    std::string out(line);
    for (const Template& t : templates_) {
        if (auto captures = match(line, t.literals)) {
            // A capture may itself be a templated line ("link: {} ({})" wraps "{} adds words
            // to {}"): one level of nesting is rendered too.
            std::vector<std::string> rendered;
            for (std::string_view capture : *captures) rendered.push_back(translate_whole(capture));
            std::vector<std::string_view> views(rendered.begin(), rendered.end());
            out = fill(t.translation, views);
            break;
        }
    }
    for (const Fragment& f : fragments_) replace_all(out, f.from, f.to);
    return out;
}

std::string Phrasebook::translate_whole(std::string_view text) const {
    for (const Template& t : templates_)
        if (auto captures = match(text, t.literals)) return fill(t.translation, *captures);
    return std::string(text);
}

} // namespace mikiwame::report

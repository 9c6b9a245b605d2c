// SPDX-License-Identifier: Apache-2.0
// Line lists (Rspamd's maps.d form): a header comment saying what the list is for, its
// format and who uses it, then one entry per line. The one reader of every .txt list under
// data/ (link lists, phrase lists, the evidence phrasebook, the stages' word lists); each
// catalogue then checks its own entry format.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "mikiwame/result.h"

namespace mikiwame::base {

struct ListLine {
    std::size_t number = 0; // 1-based line number in the file
    std::string text;       // the entry: comment removed, trimmed unless keep_spaces
};

struct LineList {
    // Comment lines before the first entry, '#' and surrounding blanks removed
    // ("format: regex", "Used by: …").
    std::vector<std::string> header;
    std::vector<ListLine> lines;
};

struct LineListFormat {
    // '#' starts a comment anywhere in a line (lists of names). Otherwise only a line whose
    // first non-blank character is '#' is a comment, and '#' inside an entry is text (phrases,
    // regexes, templates).
    bool has_trailing_comments = false;
    // Entries keep their leading and trailing blanks (a translation ending in a space).
    bool keep_spaces = false;
};

// Splits `text` into entries. A UTF-8 byte order mark is skipped, CR before LF dropped, blank
// lines skipped. Invalid UTF-8 anywhere is an ErrorCode::Config error with context
// "origin:line". Linear in the text.
[[nodiscard]] Result<LineList> parse_line_list(std::string_view text, std::string_view origin,
                                               LineListFormat format = {});
// Reads `path` and parses it as above; an unreadable file is an ErrorCode::Config error whose
// context is the path.
[[nodiscard]] Result<LineList> read_line_list(const std::filesystem::path& path, LineListFormat format = {});

// "path:line", the context of an error about one entry.
std::string list_location(const std::filesystem::path& path, std::size_t line);

} // namespace mikiwame::base

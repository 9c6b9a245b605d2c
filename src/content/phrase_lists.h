// SPDX-License-Identifier: Apache-2.0
// PhraseCatalog: every phrase list of data/phrases/ (<list>.<lang>.txt, literal phrases or
// Hyperscan regexes, optional TAB-separated tag) compiled once into one Hyperscan block-mode
// database. The content stage scans each normalised text once against all lists together.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/hyperscan.h"
#include "base/hyperscan_cache.h"
#include "content/content_words.h"
#include "mikiwame/result.h"

namespace mikiwame::content {

// What the content stage does with a list's matches. Each list name (the file name up to the
// language) has exactly one role; a file whose name is not in phrase_list_names() is a data
// error, because a misspelt name would be loaded and never used.
// Action: calls to action read in anchor texts only (action_text.h), never in the body.
enum class PhraseRole { Salutation, Urgency, Pretext, Credential, Deadline, MachineTranslated, Scam, SubjectTag, TemplateTag, BankDetails, Action };

// The role of list `name`, or nothing for a name no stage reads.
std::optional<PhraseRole> phrase_role(std::string_view name);
// Every list name a stage reads, sorted (for error lines and docs/data.md).
std::vector<std::string> phrase_list_names();

// One line of one list file. Lives as long as the PhraseCatalog that holds it.
struct PhrasePattern {
    std::string list;     // "urgency", "pretext", … (file name up to the language)
    PhraseRole role = PhraseRole::Pretext; // of `list`
    std::string language; // "ja", "en", … ("" when the file name has no language part)
    std::string tag;      // text after the TAB, "" when none (pretext: the lure name)
    std::string phrase;   // the line as written (literal phrases NFKC-normalised)
    std::string file;     // file name, for error lines and `data check`
    std::size_t line = 0; // 1-based line number
    bool is_regex = false;
};

// A match in a scanned text. `begin`/`end` are byte offsets into the scanned text; when
// Hyperscan could not track the start of a regex, `has_start` is false and begin == end.
struct PhraseMatch {
    const PhrasePattern* pattern = nullptr;
    std::size_t begin = 0;
    std::size_t end = 0;
    bool has_start = true;
};

// The tags the lines of one list may carry (data/phrases/tags.toml): the lures of pretext
// (SPEC §3), the kinds of scam wording.
struct TagRule {
    std::vector<std::string> tags;
    bool is_required = false; // every line names one (scam)
};
using TagRules = std::map<std::string, TagRule, std::less<>>;

class PhraseCatalog {
public:
    // Loads every `*.txt` file of `dir` (sorted by name) and compiles all lines into one
    // database. A header comment `# format: regex` makes a file's lines regexes; otherwise
    // lines are literal phrases, NFKC-normalised and escaped. Errors (ErrorCode::Config,
    // context "file:line"): unreadable file, invalid UTF-8, a tag tags.toml does not allow
    // for its list, a regex Hyperscan rejects. The same directory holds the stage's words
    // (words.<lang>.toml, ContentWords) and tags.toml; without them there are no words and
    // tags are free. A missing or empty directory gives an empty catalogue, which is valid
    // and matches nothing. Never a partial catalogue. With a `cache`, the compiled database
    // comes from it when it holds one for exactly these lists (base/hyperscan_cache.h).
    [[nodiscard]] static Result<PhraseCatalog> load(const std::filesystem::path& dir, const base::HsCache* cache = nullptr);

    PhraseCatalog();
    PhraseCatalog(PhraseCatalog&&) noexcept;
    PhraseCatalog& operator=(PhraseCatalog&&) noexcept;
    ~PhraseCatalog();

    // All matches of every list in `normalized_text` (output of normalize_for_scan). Matches of
    // ASCII-word literals must stand alone ("today" is not found in "todays"). Overlapping
    // matches of one pattern are reported once; at most kMaxMatchesPerPattern per pattern and
    // kMaxMatches in total. Ordered by end offset. `scratch` is the calling thread's, grown
    // for this catalogue by reserve(); a Hyperscan failure is an error, not "no match".
    [[nodiscard]] Result<std::vector<PhraseMatch>> scan(std::string_view normalized_text, base::HsScratch& scratch) const;
    // Grows `scratch` to fit this catalogue's database.
    [[nodiscard]] Result<bool> reserve(base::HsScratch& scratch) const;

    const std::vector<PhrasePattern>& patterns() const;
    // The words of each language loaded with the lists (words.<lang>.toml).
    const ContentWords& words() const { return words_; }
    // The tags lines of `list` may carry; empty when tags.toml does not restrict it.
    const std::vector<std::string>& allowed_tags(std::string_view list) const;
    // Distinct list names, sorted.
    std::vector<std::string> lists() const;
    bool empty() const;

    static constexpr std::size_t kMaxMatchesPerPattern = 16;
    static constexpr std::size_t kMaxMatches = 4096;

private:
    struct Impl;
    explicit PhraseCatalog(std::unique_ptr<Impl> impl);
    [[nodiscard]] static Result<PhraseCatalog> load_lists(const std::filesystem::path& dir, const TagRules& rules,
                                                           const base::HsCache* cache);
    std::unique_ptr<Impl> impl_;
    ContentWords words_;
    TagRules tag_rules_;
};

} // namespace mikiwame::content

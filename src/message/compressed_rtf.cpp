// SPDX-License-Identifier: Apache-2.0
#include "message/compressed_rtf.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <utility>
#include <optional>
#include <vector>

#include "base/charset.h"
#include "base/text.h"

namespace mikiwame::message {

namespace {

// MS-OXRTFCP §2.1.3.1.1: COMPTYPE values, little-endian "LZFu" and "MELA".
constexpr std::uint32_t kCompressed = 0x75465A4C;
constexpr std::uint32_t kUncompressed = 0x414C454D;
constexpr std::size_t kHeaderBytes = 16;
constexpr std::size_t kDictionaryBytes = 4096;
// MS-OXRTFCP §3.1.1.1.1: the dictionary starts with this fixed RTF prefix, and the
// write position after it.
constexpr std::string_view kDictionaryPrefix =
    "{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern "
    "\\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0"
    "\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";
static_assert(kDictionaryPrefix.size() == 207, "MS-OXRTFCP dictionary prefix is 207 bytes");

std::uint32_t read_u32le(std::string_view bytes, std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<std::uint8_t>(bytes[at])) |
           (static_cast<std::uint32_t>(static_cast<std::uint8_t>(bytes[at + 1])) << 8) |
           (static_cast<std::uint32_t>(static_cast<std::uint8_t>(bytes[at + 2])) << 16) |
           (static_cast<std::uint32_t>(static_cast<std::uint8_t>(bytes[at + 3])) << 24);
}

// MS-OXRTFCP §2.1.3.2: the ordinary CRC-32 table (polynomial 0xEDB88320), but started at 0
// and not inverted at the end.
constexpr std::array<std::uint32_t, 256> make_crc_table() {
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t n = 0; n < 256; ++n) {
        std::uint32_t c = n;
        for (int k = 0; k < 8; ++k) c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[n] = c;
    }
    return table;
}
constexpr std::array<std::uint32_t, 256> kCrcTable = make_crc_table();

std::uint32_t rtf_crc(std::string_view bytes) {
    std::uint32_t crc = 0;
    for (char c : bytes) crc = kCrcTable[(crc ^ static_cast<std::uint8_t>(c)) & 0xFFu] ^ (crc >> 8);
    return crc;
}

Unexpected<Error> rtf_error(std::string message) {
    return make_error(ErrorCode::InputRejected, "PR_RTF_COMPRESSED: " + std::move(message));
}

} // namespace

Result<std::string> decompress_rtf(std::string_view stream, std::size_t max_output_bytes) {
    if (stream.size() < kHeaderBytes) return rtf_error("shorter than its 16-byte header");
    const std::uint32_t comp_size = read_u32le(stream, 0);
    const std::uint32_t raw_size = read_u32le(stream, 4);
    const std::uint32_t comp_type = read_u32le(stream, 8);
    const std::uint32_t crc = read_u32le(stream, 12);
    // COMPSIZE counts the bytes after itself: the other 12 header bytes and the data.
    if (comp_size < kHeaderBytes - 4) return rtf_error("COMPSIZE smaller than the header");
    if (static_cast<std::uint64_t>(comp_size) + 4 > stream.size())
        return rtf_error(fmt::format("COMPSIZE {} runs past the end of the {}-byte stream", comp_size,
                                     stream.size()));
    std::string_view data = stream.substr(kHeaderBytes, comp_size + 4 - kHeaderBytes);

    if (comp_type == kUncompressed) {
        // §2.1.3.1.1: MELA data is the RTF itself, RAWSIZE bytes of it.
        return std::string(data.substr(0, std::min<std::size_t>({raw_size, data.size(), max_output_bytes})));
    }
    if (comp_type != kCompressed) return rtf_error(fmt::format("unknown COMPTYPE 0x{:08X}", comp_type));
    if (rtf_crc(data) != crc) return rtf_error("CRC mismatch (damaged compressed RTF)");

    std::array<char, kDictionaryBytes> dictionary{};
    std::copy(kDictionaryPrefix.begin(), kDictionaryPrefix.end(), dictionary.begin());
    std::size_t write_at = kDictionaryPrefix.size();
    std::string out;
    out.reserve(std::min<std::size_t>({raw_size, max_output_bytes, data.size() * 8}));

    // §2.1.3.1.4: runs of one control byte (bits read from the least significant) and eight
    // tokens: a literal byte for 0, a big-endian 16-bit dictionary reference for 1 (12-bit
    // offset, 4-bit length - 2). A reference whose offset is the write position ends the data.
    std::size_t pos = 0;
    while (pos < data.size()) {
        const auto control = static_cast<std::uint8_t>(data[pos++]);
        for (int bit = 0; bit < 8; ++bit) {
            if (out.size() >= max_output_bytes) return out;
            if ((control & (1u << bit)) == 0) {
                if (pos >= data.size()) return out;
                char c = data[pos++];
                out += c;
                dictionary[write_at] = c;
                write_at = (write_at + 1) % kDictionaryBytes;
                continue;
            }
            if (pos + 2 > data.size()) return out;
            const std::uint32_t token = (static_cast<std::uint32_t>(static_cast<std::uint8_t>(data[pos])) << 8) |
                                        static_cast<std::uint8_t>(data[pos + 1]);
            pos += 2;
            std::size_t offset = token >> 4;
            const std::size_t length = (token & 0x0Fu) + 2;
            if (offset == write_at) return out; // end marker
            for (std::size_t k = 0; k < length && out.size() < max_output_bytes; ++k) {
                char c = dictionary[offset];
                offset = (offset + 1) % kDictionaryBytes;
                out += c;
                dictionary[write_at] = c;
                write_at = (write_at + 1) % kDictionaryBytes;
            }
        }
    }
    return out;
}

namespace {

// The first control words of an RTF document (its header) up to the first text, for
// \fromhtml1 / \fromtext. MS-OXRTFEX §2.2.3.1: the FROMHTML word must come in the header,
// before any text, at nesting level 1.
bool header_has_word(std::string_view rtf, std::string_view word) {
    constexpr std::size_t kHeaderScanBytes = 1024;
    std::string_view head = rtf.substr(0, kHeaderScanBytes);
    if (!base::istarts_with_ascii(head, "{\\rtf")) return false;
    for (std::size_t at = head.find(word); at != std::string_view::npos; at = head.find(word, at + 1)) {
        std::size_t after = at + word.size();
        if (at > 0 && head[at - 1] == '\\' && (after >= head.size() || !std::isalpha(static_cast<unsigned char>(head[after]))))
            return true;
    }
    return false;
}

enum class RtfMode { Html, Text };

// Destinations whose text is not document content (RTF 1.9.1 "destination" control words).
constexpr std::string_view kSkippedDestinations[] = {
    "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "header", "headerl",
    "headerr", "headerf", "footer", "footerl", "footerr", "footerf", "listtable",
    "listoverridetable", "revtbl", "rsidtbl", "generator", "xmlnstbl", "filetbl",
    "themedata", "colorschememapping", "latentstyles", "datastore", "pgdsctbl", "fldinst",
    "footnote", "annotation", "atnid", "atnauthor", "bkmkstart", "bkmkend", "nonshppict",
    "shpinst", "xe", "tc", "txe", "template", "userprops", "operator", "author", "title",
    "subject", "keywords", "comment", "doccomm",
};

bool is_skipped_destination(std::string_view word) {
    for (auto d : kSkippedDestinations)
        if (d == word) return true;
    return false;
}

// RTF \fcharsetN → Windows code page (RTF 1.9.1, \fcharset table).
std::uint32_t codepage_for_fcharset(long charset) {
    switch (charset) {
    case 128: return 932;
    case 129: return 949;
    case 134: return 936;
    case 136: return 950;
    case 161: return 1253;
    case 162: return 1254;
    case 163: return 1258;
    case 177: return 1255;
    case 178: return 1256;
    case 186: return 1257;
    case 204: return 1251;
    case 222: return 874;
    case 238: return 1250;
    default: return 0; // ANSI, default or symbol: the document's \ansicpg
    }
}

struct GroupState {
    bool skip = false;     // destination text that is not content
    bool htmltag = false;  // inside {\*\htmltag …}: HTML markup, copied
    bool htmlrtf = false;  // inside \htmlrtf … \htmlrtf0: RTF-only text, not copied
    bool fonttbl = false;
    long uc = 1;           // \ucN: fallback characters after \uN
    long font = -1;
};

// One pass over the RTF tokens (RTF 1.9.1 §"Conventions of an RTF Reader"), iterative so a
// deep nesting of groups costs memory, not stack.
class RtfReader {
public:
    RtfReader(std::string_view rtf, RtfMode mode, std::size_t max_output_bytes)
        : rtf_(rtf), mode_(mode), max_(max_output_bytes) {
        groups_.push_back(GroupState{});
    }

    std::string run() {
        std::size_t i = 0;
        while (i < rtf_.size() && out_.size() < max_) {
            char c = rtf_[i];
            if (c == '{') {
                open_group();
                ++i;
            } else if (c == '}') {
                close_group();
                ++i;
            } else if (c == '\r' || c == '\n' || c == '\0') {
                ++i; // raw line ends are not content in RTF
            } else if (c == '\\') {
                i = read_control(i);
            } else {
                at_group_start_ = false;
                on_byte(static_cast<std::uint8_t>(c));
                ++i;
            }
        }
        flush();
        if (out_.size() > max_) return std::string(base::truncate_utf8(out_, max_));
        return std::move(out_);
    }

private:
    // Deeper nesting than this is not real RTF; the extra groups share the deepest state.
    static constexpr std::size_t kMaxGroupDepth = 4096;
    static constexpr std::size_t kMaxWordLetters = 32;  // RTF 1.9.1: at most 32 letters
    static constexpr std::size_t kMaxParamDigits = 10;

    GroupState& top() { return groups_.back(); }

    void open_group() {
        if (groups_.size() < kMaxGroupDepth) {
            groups_.push_back(groups_.back());
        } else {
            ++overflow_groups_;
        }
        at_group_start_ = true;
        star_ = false;
        skip_fallback_ = 0;
    }

    void close_group() {
        if (overflow_groups_ > 0) {
            --overflow_groups_;
        } else if (groups_.size() > 1) {
            groups_.pop_back();
        }
        at_group_start_ = false;
        star_ = false;
        skip_fallback_ = 0;
    }

    bool copying() const {
        const GroupState& g = groups_.back();
        if (g.skip) return false;
        if (mode_ == RtfMode::Html) return g.htmltag || !g.htmlrtf;
        return true;
    }

    std::size_t read_control(std::size_t i) {
        if (i + 1 >= rtf_.size()) return rtf_.size();
        char d = rtf_[i + 1];
        if (std::isalpha(static_cast<unsigned char>(d))) {
            std::size_t j = i + 1;
            while (j < rtf_.size() && j - (i + 1) < kMaxWordLetters && std::isalpha(static_cast<unsigned char>(rtf_[j]))) ++j;
            std::string_view word = rtf_.substr(i + 1, j - (i + 1));
            bool negative = false;
            bool has_param = false;
            long param = 0;
            if (j < rtf_.size() && rtf_[j] == '-') {
                negative = true;
                ++j;
            }
            std::size_t digits = 0;
            while (j < rtf_.size() && std::isdigit(static_cast<unsigned char>(rtf_[j])) && digits < kMaxParamDigits) {
                param = param * 10 + (rtf_[j] - '0');
                has_param = true;
                ++digits;
                ++j;
            }
            if (negative) param = -param;
            if (j < rtf_.size() && rtf_[j] == ' ') ++j; // the delimiting space is not content
            if (word == "bin" && has_param && param > 0) {
                // \binN: N raw bytes that are never text.
                auto skip = static_cast<std::size_t>(param);
                return skip > rtf_.size() - j ? rtf_.size() : j + skip;
            }
            on_word(word, has_param, param);
            return j;
        }
        if (d == '\'') {
            at_group_start_ = false;
            if (i + 3 < rtf_.size()) {
                int hi = base::hex_digit_value(rtf_[i + 2]);
                int lo = base::hex_digit_value(rtf_[i + 3]);
                if (hi >= 0 && lo >= 0) on_byte(static_cast<std::uint8_t>(hi * 16 + lo));
            }
            return i + 4;
        }
        on_symbol(d);
        return i + 2;
    }

    void on_symbol(char d) {
        if (d == '*') {
            star_ = at_group_start_;
            return; // keeps at_group_start_: the destination word follows
        }
        at_group_start_ = false;
        if (skip_fallback_ > 0) {
            --skip_fallback_;
            return;
        }
        if (!copying()) return;
        switch (d) {
        case '\\':
        case '{':
        case '}': on_byte(static_cast<std::uint8_t>(d)); break;
        case '~': emit_codepoint(0x00A0); break;
        case '_': emit_codepoint(0x2011); break;
        case '\r':
        case '\n': emit_newline(); break; // "\<CR><LF>" is \par
        case '\t': emit_ascii("\t"); break;
        default: break; // \- optional hyphen, \| formula, \: index: no text
        }
    }

    void on_word(std::string_view word, bool has_param, long param) {
        GroupState& g = top();
        if (at_group_start_) {
            at_group_start_ = false;
            if (mode_ == RtfMode::Html && word == "htmltag" && star_) {
                if (!g.skip) g.htmltag = true;
                star_ = false;
                return; // its parameter is the tag's flags, not content
            }
            if (word == "fonttbl") {
                g.skip = true;
                g.fonttbl = true;
            } else if (star_ || is_skipped_destination(word)) {
                g.skip = true;
            }
            star_ = false;
        }
        if (g.fonttbl) {
            // Font definitions: {\fN … \fcharsetM Name;} or \cpgM.
            if (word == "f" && has_param) current_font_def_ = param;
            if (word == "fcharset" && has_param && current_font_def_ >= 0)
                set_font_codepage(current_font_def_, codepage_for_fcharset(param));
            if (word == "cpg" && has_param && param > 0 && current_font_def_ >= 0)
                set_font_codepage(current_font_def_, static_cast<std::uint32_t>(param));
            return;
        }
        if (word == "ansicpg" && has_param && param > 0) {
            default_codepage_ = static_cast<std::uint32_t>(param);
            return;
        }
        if (word == "htmlrtf") {
            g.htmlrtf = !has_param || param != 0;
            return;
        }
        if (word == "f" && has_param) {
            g.font = param;
            return;
        }
        if (word == "uc" && has_param && param >= 0) {
            g.uc = param;
            return;
        }
        if (word == "u" && has_param) {
            bool copy = copying();
            skip_fallback_ = static_cast<std::size_t>(g.uc);
            if (copy) emit_utf16_unit(static_cast<std::uint32_t>(param < 0 ? param + 65536 : param) & 0xFFFFu);
            return;
        }
        if (skip_fallback_ > 0) {
            --skip_fallback_;
            return;
        }
        if (!copying()) return;
        if (word == "par" || word == "line" || word == "sect" || word == "page") {
            emit_newline();
        } else if (word == "tab") {
            emit_ascii("\t");
        } else if (mode_ == RtfMode::Text) {
            if (word == "emdash") emit_codepoint(0x2014);
            else if (word == "endash") emit_codepoint(0x2013);
            else if (word == "bullet") emit_codepoint(0x2022);
            else if (word == "lquote") emit_codepoint(0x2018);
            else if (word == "rquote") emit_codepoint(0x2019);
            else if (word == "ldblquote") emit_codepoint(0x201C);
            else if (word == "rdblquote") emit_codepoint(0x201D);
            else if (word == "cell" || word == "row") emit_ascii(word == "row" ? "\n" : "\t");
        }
    }

    void set_font_codepage(long font, std::uint32_t codepage) {
        for (auto& entry : font_codepages_)
            if (entry.first == font) {
                entry.second = codepage;
                return;
            }
        constexpr std::size_t kMaxFonts = 1024;
        if (font_codepages_.size() < kMaxFonts) font_codepages_.emplace_back(font, codepage);
    }

    std::uint32_t current_codepage() const {
        const GroupState& g = groups_.back();
        // MS-OXRTFEX §2.1.3.1.5: text in htmltag groups is in the default code page; other
        // text in the code page of its font.
        if (!g.htmltag && g.font >= 0)
            for (const auto& entry : font_codepages_)
                if (entry.first == g.font && entry.second != 0) return entry.second;
        return default_codepage_;
    }

    void on_byte(std::uint8_t b) {
        if (skip_fallback_ > 0) {
            --skip_fallback_;
            return;
        }
        if (!copying()) return;
        std::uint32_t codepage = current_codepage();
        if (!pending_.empty() && codepage != pending_codepage_) flush();
        pending_codepage_ = codepage;
        pending_ += static_cast<char>(b);
        if (pending_.size() >= kPendingFlushBytes) flush();
    }

    void flush() {
        flush_surrogate();
        if (pending_.empty()) return;
        std::string charset = base::charset_for_windows_codepage(pending_codepage_);
        if (charset.empty()) charset = "windows-1252";
        std::optional<std::string> text = base::convert_strict(pending_, charset);
        out_ += text ? *text : base::decode_to_utf8(pending_, charset).utf8;
        pending_.clear();
    }

    void emit_ascii(std::string_view s) {
        flush();
        out_ += s;
    }

    void emit_newline() { emit_ascii(mode_ == RtfMode::Html ? "\r\n" : "\n"); }

    void emit_codepoint(std::uint32_t cp) {
        flush();
        if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
        if (cp < 0x80) {
            out_ += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out_ += static_cast<char>(0xC0 | (cp >> 6));
            out_ += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out_ += static_cast<char>(0xE0 | (cp >> 12));
            out_ += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out_ += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out_ += static_cast<char>(0xF0 | (cp >> 18));
            out_ += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out_ += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out_ += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    // \uN carries UTF-16 code units; a character outside the BMP is two \u words.
    void emit_utf16_unit(std::uint32_t unit) {
        if (unit >= 0xD800 && unit <= 0xDBFF) {
            flush();
            high_surrogate_ = unit;
            return;
        }
        if (unit >= 0xDC00 && unit <= 0xDFFF && high_surrogate_ != 0) {
            std::uint32_t cp = 0x10000 + ((high_surrogate_ - 0xD800) << 10) + (unit - 0xDC00);
            high_surrogate_ = 0;
            emit_codepoint(cp);
            return;
        }
        emit_codepoint(unit);
    }

    void flush_surrogate() {
        if (high_surrogate_ == 0) return;
        high_surrogate_ = 0;
        out_ += "\xEF\xBF\xBD"; // an unpaired high surrogate
    }

    static constexpr std::size_t kPendingFlushBytes = 64u * 1024;

    std::string_view rtf_;
    RtfMode mode_;
    std::size_t max_;
    std::vector<GroupState> groups_;
    std::size_t overflow_groups_ = 0;
    bool at_group_start_ = false;
    bool star_ = false;
    std::size_t skip_fallback_ = 0;
    long current_font_def_ = -1;
    std::vector<std::pair<long, std::uint32_t>> font_codepages_;
    std::uint32_t default_codepage_ = 1252;
    std::string pending_;
    std::uint32_t pending_codepage_ = 1252;
    std::uint32_t high_surrogate_ = 0;
    std::string out_;
};

} // namespace

bool rtf_encapsulates_html(std::string_view rtf) {
    return header_has_word(rtf, "fromhtml1") || header_has_word(rtf, "fromhtml");
}

bool rtf_encapsulates_text(std::string_view rtf) { return header_has_word(rtf, "fromtext"); }

std::string rtf_to_html(std::string_view rtf, std::size_t max_output_bytes) {
    return RtfReader(rtf, RtfMode::Html, max_output_bytes).run();
}

std::string rtf_to_text(std::string_view rtf, std::size_t max_output_bytes) {
    return RtfReader(rtf, RtfMode::Text, max_output_bytes).run();
}

} // namespace mikiwame::message

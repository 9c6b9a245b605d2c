// SPDX-License-Identifier: Apache-2.0
#include "message/outlook_msg.h"

#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-input.h>
#include <gsf/gsf-utils.h>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <utility>

#include "base/base64.h"
#include "base/charset.h"
#include "base/text.h"
#include "message/cfb_guard.h"
#include "message/compressed_rtf.h"
#include "message/gobject_ptr.h"

namespace mikiwame::message {

namespace {

// ---- MAPI property identifiers (MS-OXPROPS) and types (MS-OXCDATA §2.11.1) ----------------

constexpr std::uint16_t kTypeInt32 = 0x0003;
constexpr std::uint16_t kTypeBoolean = 0x000B;
constexpr std::uint16_t kTypeObject = 0x000D;
constexpr std::uint16_t kTypeString8 = 0x001E;
constexpr std::uint16_t kTypeUnicode = 0x001F;
constexpr std::uint16_t kTypeTime = 0x0040;
constexpr std::uint16_t kTypeBinary = 0x0102;

constexpr std::uint16_t kPrMessageClass = 0x001A;
constexpr std::uint16_t kPrSubject = 0x0037;
constexpr std::uint16_t kPrClientSubmitTime = 0x0039;
constexpr std::uint16_t kPrSentRepresentingName = 0x0042;
constexpr std::uint16_t kPrSentRepresentingAddrType = 0x0064;
constexpr std::uint16_t kPrSentRepresentingEmail = 0x0065;
constexpr std::uint16_t kPrTransportMessageHeaders = 0x007D;
constexpr std::uint16_t kPrSenderName = 0x0C1A;
constexpr std::uint16_t kPrSenderAddrType = 0x0C1E;
constexpr std::uint16_t kPrSenderEmail = 0x0C1F;
constexpr std::uint16_t kPrRecipientType = 0x0C15;
constexpr std::uint16_t kPrDisplayBcc = 0x0E02;
constexpr std::uint16_t kPrDisplayCc = 0x0E03;
constexpr std::uint16_t kPrDisplayTo = 0x0E04;
constexpr std::uint16_t kPrMessageDeliveryTime = 0x0E06;
constexpr std::uint16_t kPrMessageFlags = 0x0E07;
constexpr std::uint16_t kPrBody = 0x1000;
constexpr std::uint16_t kPrRtfCompressed = 0x1009;
constexpr std::uint16_t kPrHtml = 0x1013;
constexpr std::uint16_t kPrInternetMessageId = 0x1035;
constexpr std::uint16_t kPrReferences = 0x1039;
constexpr std::uint16_t kPrInReplyTo = 0x1042;
constexpr std::uint16_t kPrDisplayName = 0x3001;
constexpr std::uint16_t kPrAddrType = 0x3002;
constexpr std::uint16_t kPrEmailAddress = 0x3003;
constexpr std::uint16_t kPrCreationTime = 0x3007;
constexpr std::uint16_t kPrAttachData = 0x3701;
constexpr std::uint16_t kPrAttachFilename = 0x3704;
constexpr std::uint16_t kPrAttachMethod = 0x3705;
constexpr std::uint16_t kPrAttachLongFilename = 0x3707;
constexpr std::uint16_t kPrAttachMimeTag = 0x370E;
constexpr std::uint16_t kPrAttachContentId = 0x3712;
constexpr std::uint16_t kPrSmtpAddress = 0x39FE;
constexpr std::uint16_t kPrInternetCpid = 0x3FDE;
constexpr std::uint16_t kPrMessageCodepage = 0x3FFD;
constexpr std::uint16_t kPrSenderSmtpAddress = 0x5D01;
constexpr std::uint16_t kPrSentRepresentingSmtpAddress = 0x5D02;
constexpr std::uint16_t kPrRecipientDisplayName = 0x5FF6;
constexpr std::uint16_t kPrAttachmentHidden = 0x7FFE;

constexpr std::int32_t kAttachByValue = 1;
constexpr std::int32_t kAttachEmbeddedMessage = 5;
constexpr std::int32_t kAttachOle = 6;
constexpr std::int32_t kRecipientCc = 2;
constexpr std::int32_t kRecipientBcc = 3;
constexpr std::uint32_t kMsgFlagUnsent = 0x8;

// MS-OXMSG §2.2: storage and stream names.
constexpr std::string_view kPropertiesStream = "__properties_version1.0";
constexpr std::string_view kRecipientPrefix = "__recip_version1.0_#";
constexpr std::string_view kAttachmentPrefix = "__attach_version1.0_#";
constexpr std::string_view kPropertyStreamPrefix = "__substg1.0_";
constexpr std::string_view kEmbeddedMessageStorage = "__substg1.0_3701000D";
// MS-OXMSG §2.4.1.1-2: the property stream header is 32 bytes for the top-level message,
// 24 for an embedded message, 8 for attachment and recipient objects; §2.4.2 entries are 16.
constexpr std::size_t kTopHeaderBytes = 32;
constexpr std::size_t kEmbeddedHeaderBytes = 24;
constexpr std::size_t kObjectHeaderBytes = 8;
constexpr std::size_t kPropertyEntryBytes = 16;

constexpr std::size_t kBase64LineChars = 76;
// Seconds between 1601-01-01 (FILETIME epoch) and 1970-01-01; FILETIME ticks are 100 ns.
constexpr std::int64_t kFiletimeEpochOffsetSeconds = 11644473600;
constexpr std::uint64_t kFiletimeTicksPerSecond = 10000000;

// ---- libgsf plumbing -----------------------------------------------------------------------

void silent_log(const gchar*, GLogLevelFlags, const gchar*, gpointer) {}

// gsf_infile_child_by_name() logs its failures in the default (NULL) domain; only those are
// silenced there, everything else goes on to GLib's default handler.
void default_domain_log(const gchar* domain, GLogLevelFlags level, const gchar* message, gpointer data) {
    if (message && std::string_view(message).rfind("Unable to get child[", 0) == 0) return;
    g_log_default_handler(domain, level, message, data);
}

// libgsf reports damaged files through g_warning and g_return_val_if_fail; the library must
// never print (STYLE habit 8), and the damage is reported through our own error instead.
void init_gsf_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        gsf_init();
        const auto levels = static_cast<GLogLevelFlags>(G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION);
        g_log_set_handler("libgsf:msole", levels, silent_log, nullptr);
        g_log_set_handler("libgsf", levels, silent_log, nullptr);
        g_log_set_handler(nullptr, static_cast<GLogLevelFlags>(G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL),
                          default_domain_log, nullptr);
    });
}

// One storage of the compound file with the names of its children, read once.
class Storage {
public:
    explicit Storage(GsfInfile* infile) : infile_(infile) {
        int count = gsf_infile_num_children(infile_);
        for (int i = 0; i < count; ++i) {
            const char* name = gsf_infile_name_by_index(infile_, i);
            if (name) names_.emplace_back(name);
        }
    }
    GsfInfile* get() const { return infile_; }
    const std::vector<std::string>& names() const { return names_; }
    bool has(std::string_view name) const { return std::find(names_.begin(), names_.end(), name) != names_.end(); }

private:
    GsfInfile* infile_;
    std::vector<std::string> names_;
};

enum class ReadStatus { Ok, Absent, Failed };

struct StreamRead {
    ReadStatus status = ReadStatus::Absent;
    std::string data;
    std::uint64_t full_size = 0;
    bool is_truncated = false; // longer than the cap; `data` holds its first bytes
};

std::string property_stream_name(std::uint16_t id, std::uint16_t type) {
    return fmt::format("{}{:04X}{:04X}", kPropertyStreamPrefix, id, type);
}

// ---- conversion state ----------------------------------------------------------------------

struct Context {
    explicit Context(const Limits& l) : limits(l) {}
    const Limits& limits;
    std::optional<std::string> damage; // first reason the file is unreadable
    std::size_t parts = 0;
    std::size_t output_bytes = 0;
    std::size_t boundary_serial = 0;
    std::size_t attachments = 0;
    std::size_t embedded_messages = 0;
    std::vector<std::string> limit_notes;
    std::vector<std::string> embedded_notes;

    void fail(std::string why) {
        if (!damage) damage = std::move(why);
    }
    void limit(std::string note) {
        if (std::find(limit_notes.begin(), limit_notes.end(), note) == limit_notes.end())
            limit_notes.push_back(std::move(note));
    }
};

StreamRead read_stream(const Storage& storage, const std::string& name, std::size_t max_bytes, Context& ctx) {
    StreamRead out;
    if (!storage.has(name)) return out;
    GPtr<GsfInput> input(gsf_infile_child_by_name(storage.get(), name.c_str()));
    if (!input) {
        out.status = ReadStatus::Failed;
        ctx.fail(fmt::format("stream {} cannot be read (truncated or corrupt)", name));
        return out;
    }
    gsf_off_t size = gsf_input_size(input.get());
    out.full_size = size > 0 ? static_cast<std::uint64_t>(size) : 0;
    std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(out.full_size, max_bytes));
    out.is_truncated = want < out.full_size;
    out.data.resize(want);
    constexpr std::size_t kChunkBytes = 1u << 20;
    for (std::size_t done = 0; done < want;) {
        std::size_t n = std::min(kChunkBytes, want - done);
        if (!gsf_input_read(input.get(), n, reinterpret_cast<guint8*>(out.data.data() + done))) {
            out.status = ReadStatus::Failed;
            out.data.clear();
            ctx.fail(fmt::format("stream {} is cut short (file truncated?)", name));
            return out;
        }
        done += n;
    }
    out.status = ReadStatus::Ok;
    return out;
}

// The fixed-size properties of one object (MS-OXMSG §2.4.2.1), by property tag.
class Properties {
public:
    void parse(std::string_view stream, std::size_t header_bytes) {
        for (std::size_t at = header_bytes; at + kPropertyEntryBytes <= stream.size(); at += kPropertyEntryBytes) {
            std::uint32_t tag = u32(stream, at);
            std::array<std::uint8_t, 8> value{};
            for (std::size_t i = 0; i < value.size(); ++i) value[i] = static_cast<std::uint8_t>(stream[at + 8 + i]);
            values_[tag] = value;
        }
    }
    std::optional<std::int32_t> int32(std::uint16_t id) const {
        auto v = find(id, kTypeInt32);
        if (!v) return std::nullopt;
        return static_cast<std::int32_t>(static_cast<std::uint32_t>((*v)[0]) | (static_cast<std::uint32_t>((*v)[1]) << 8) |
                                         (static_cast<std::uint32_t>((*v)[2]) << 16) |
                                         (static_cast<std::uint32_t>((*v)[3]) << 24));
    }
    std::optional<bool> boolean(std::uint16_t id) const {
        auto v = find(id, kTypeBoolean);
        if (!v) return std::nullopt;
        return (*v)[0] != 0;
    }
    std::optional<std::uint64_t> time(std::uint16_t id) const {
        auto v = find(id, kTypeTime);
        if (!v) return std::nullopt;
        std::uint64_t t = 0;
        for (std::size_t i = 8; i-- > 0;) t = (t << 8) | (*v)[i];
        return t;
    }

    static std::uint32_t u32(std::string_view b, std::size_t at) {
        return static_cast<std::uint32_t>(static_cast<std::uint8_t>(b[at])) |
               (static_cast<std::uint32_t>(static_cast<std::uint8_t>(b[at + 1])) << 8) |
               (static_cast<std::uint32_t>(static_cast<std::uint8_t>(b[at + 2])) << 16) |
               (static_cast<std::uint32_t>(static_cast<std::uint8_t>(b[at + 3])) << 24);
    }

private:
    const std::array<std::uint8_t, 8>* find(std::uint16_t id, std::uint16_t type) const {
        auto it = values_.find((static_cast<std::uint32_t>(id) << 16) | type);
        return it == values_.end() ? nullptr : &it->second;
    }
    std::map<std::uint32_t, std::array<std::uint8_t, 8>> values_;
};

// A MAPI object (message, recipient, attachment): its storage, fixed properties and the
// code page of its 8-bit strings.
struct MapiObject {
    const Storage* storage = nullptr;
    Properties props;
    std::string charset; // for PT_STRING8 (001E) values
};

bool load_object(MapiObject& obj, const Storage& storage, std::size_t header_bytes, bool required, Context& ctx) {
    obj.storage = &storage;
    StreamRead stream = read_stream(storage, std::string(kPropertiesStream), ctx.limits.max_message_bytes, ctx);
    if (stream.status == ReadStatus::Failed) return false;
    if (stream.status == ReadStatus::Absent) {
        if (required) ctx.fail(fmt::format("no {} stream (no MAPI properties)", kPropertiesStream));
        return !required;
    }
    obj.props.parse(stream.data, header_bytes);
    return true;
}

std::string strip_terminators(std::string s) {
    while (!s.empty() && s.back() == '\0') s.pop_back();
    return s;
}

// PT_UNICODE (001F, UTF-16LE) or PT_STRING8 (001E, the object's code page) as UTF-8.
std::optional<std::string> string_property(const MapiObject& obj, std::uint16_t id, Context& ctx,
                                           bool* is_truncated = nullptr) {
    StreamRead s = read_stream(*obj.storage, property_stream_name(id, kTypeUnicode), ctx.limits.max_message_bytes, ctx);
    if (s.status == ReadStatus::Failed) return std::nullopt;
    if (s.status == ReadStatus::Ok) {
        if (is_truncated) *is_truncated = s.is_truncated;
        return strip_terminators(base::utf16le_to_utf8(s.data));
    }
    s = read_stream(*obj.storage, property_stream_name(id, kTypeString8), ctx.limits.max_message_bytes, ctx);
    if (s.status != ReadStatus::Ok) return std::nullopt;
    if (is_truncated) *is_truncated = s.is_truncated;
    std::string bytes = strip_terminators(std::move(s.data));
    std::optional<std::string> strict = base::convert_strict(bytes, obj.charset);
    return strict ? *strict : base::decode_to_utf8(bytes, obj.charset).utf8;
}

// A string that goes into a header field (names, addresses, subject, file names): read and
// kept within max_header_bytes, so that no single property can blow up the header section.
std::optional<std::string> header_property(const MapiObject& obj, std::uint16_t id, Context& ctx) {
    std::optional<std::string> value = string_property(obj, id, ctx);
    if (value && value->size() > ctx.limits.max_header_bytes)
        value = std::string(base::truncate_utf8(*value, ctx.limits.max_header_bytes));
    return value;
}

std::optional<StreamRead> binary_property(const MapiObject& obj, std::uint16_t id, Context& ctx) {
    StreamRead s = read_stream(*obj.storage, property_stream_name(id, kTypeBinary), ctx.limits.max_message_bytes, ctx);
    if (s.status != ReadStatus::Ok) return std::nullopt;
    return s;
}

std::string nonempty_or(std::optional<std::string> value, std::string fallback = {}) {
    if (value && !base::trim(*value).empty()) return std::string(base::trim(*value));
    return fallback;
}

// ---- RFC 5322 / MIME writing ---------------------------------------------------------------

bool is_ascii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<std::uint8_t>(c) < 0x80; });
}

// Header text from MAPI strings: control characters (CR/LF included, which would let a
// property inject header lines) become spaces.
std::string header_safe(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) out += (static_cast<std::uint8_t>(c) < 0x20 || c == 0x7F) ? ' ' : c;
    return std::string(base::trim(out));
}

// RFC 2047 §4.1 "B" encoded-words, each at most 75 characters, never splitting a UTF-8
// sequence; folded between words (RFC 5322 §2.2.3).
std::string encode_words(std::string_view utf8) {
    constexpr std::size_t kBytesPerWord = 45; // 60 base64 characters
    std::string out;
    std::size_t at = 0;
    while (at < utf8.size()) {
        std::string_view chunk = base::truncate_utf8(utf8.substr(at), kBytesPerWord);
        if (chunk.empty()) chunk = utf8.substr(at, 1);
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?" + base::encode_base64(chunk) + "?=";
        at += chunk.size();
    }
    return out;
}

std::string unstructured_value(std::string_view text) {
    std::string safe = header_safe(text);
    return is_ascii(safe) ? safe : encode_words(safe);
}

std::string display_phrase(std::string_view name) {
    std::string safe = header_safe(name);
    if (!is_ascii(safe)) return encode_words(safe);
    std::string quoted = "\"";
    for (char c : safe) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += c;
    }
    return quoted + "\"";
}

bool is_plain_addr_spec(std::string_view addr) {
    if (addr.empty() || addr.find('@') == std::string_view::npos || addr.front() == '@' || addr.back() == '@')
        return false;
    return std::none_of(addr.begin(), addr.end(), [](char c) {
        auto b = static_cast<std::uint8_t>(c);
        return b <= 0x20 || b == 0x7F || c == '<' || c == '>' || c == '(' || c == ')' || c == ',' || c == ';' ||
               c == ':' || c == '"' || c == '[' || c == ']' || c == '\\';
    });
}

// "Name" <addr>, a bare addr, or a display name alone when the object has no Internet
// address (Exchange-only senders): "Name" <> keeps the name visible to the header checks.
std::string format_mailbox(std::string_view name, std::string_view address) {
    std::string addr(base::trim(address));
    bool has_addr = is_plain_addr_spec(addr);
    std::string shown(base::trim(name));
    if (has_addr && (shown.empty() || base::iequals_ascii(shown, addr))) return addr;
    if (shown.empty()) return {};
    return display_phrase(shown) + (has_addr ? " <" + addr + ">" : " <>");
}

// FILETIME (100 ns ticks since 1601-01-01 UTC) → "Mon, 18 Nov 2013 08:26:24 +0000".
std::optional<std::string> filetime_to_rfc5322(std::uint64_t filetime) {
    std::int64_t seconds = static_cast<std::int64_t>(filetime / kFiletimeTicksPerSecond) - kFiletimeEpochOffsetSeconds;
    constexpr std::int64_t kSecondsPerDay = 86400;
    std::int64_t days = seconds >= 0 ? seconds / kSecondsPerDay : -((-seconds + kSecondsPerDay - 1) / kSecondsPerDay);
    std::int64_t rem = seconds - days * kSecondsPerDay;
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm, proleptic Gregorian).
    std::int64_t z = days + 719468;
    std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    std::int64_t doe = z - era * 146097;
    std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    std::int64_t year = yoe + era * 400;
    std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    std::int64_t mp = (5 * doy + 2) / 153;
    std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
    std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
    if (month <= 2) ++year;
    if (year < 1601 || year > 9999) return std::nullopt;
    static constexpr std::array<std::string_view, 7> kDays = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
    static constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::int64_t weekday = ((days % 7) + 7) % 7;
    return fmt::format("{}, {:02d} {} {:04d} {:02d}:{:02d}:{:02d} +0000", kDays[static_cast<std::size_t>(weekday)], day,
                       kMonths[static_cast<std::size_t>(month - 1)], year, rem / 3600, (rem / 60) % 60, rem % 60);
}

std::string base64_lines(std::string_view bytes) {
    std::string flat = base::encode_base64(bytes);
    std::string out;
    out.reserve(flat.size() + flat.size() / kBase64LineChars * 2 + 2);
    for (std::size_t at = 0; at < flat.size(); at += kBase64LineChars) {
        out.append(flat, at, kBase64LineChars);
        out += "\r\n";
    }
    return out;
}

// A MIME parameter value: quoted when ASCII, RFC 2231 extended (UTF-8'') otherwise.
std::string mime_parameter(std::string_view name, std::string_view value) {
    std::string safe = header_safe(value);
    if (is_ascii(safe)) {
        std::string quoted;
        for (char c : safe) {
            if (c == '"' || c == '\\') quoted += '\\';
            quoted += c;
        }
        return fmt::format("; {}=\"{}\"", name, quoted);
    }
    std::string encoded;
    for (char c : safe) {
        auto b = static_cast<std::uint8_t>(c);
        if ((b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || c == '.' || c == '-' || c == '_')
            encoded += c;
        else
            encoded += fmt::format("%{:02X}", b);
    }
    return fmt::format("; {}*=UTF-8''{}", name, encoded);
}

bool is_mime_token_char(char c) {
    auto b = static_cast<std::uint8_t>(c);
    return (b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') ||
           std::string_view("!#$&^_.+-").find(c) != std::string_view::npos;
}

// PR_ATTACH_MIME_TAG when it is a plain type/subtype; composite types (multipart/*,
// message/*) cannot be base64 leaves, so they and anything malformed become octet-stream.
std::string attachment_content_type(std::string_view tag) {
    std::string t = base::to_lower_ascii(base::trim(tag));
    std::size_t slash = t.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == t.size() ||
        !std::all_of(t.begin(), t.end(), [](char c) { return c == '/' || is_mime_token_char(c); }) ||
        t.find('/', slash + 1) != std::string::npos || base::istarts_with_ascii(t, "multipart/") ||
        base::istarts_with_ascii(t, "message/"))
        return "application/octet-stream";
    return t;
}

struct Entity {
    std::string headers; // "Name: value\r\n" lines
    std::string body;
    std::string text() const { return headers + "\r\n" + body; }
};

// Raw bytes that still fit the max_message_bytes budget once base64-encoded.
std::size_t budget_room(const Context& ctx) {
    std::size_t left = ctx.limits.max_message_bytes > ctx.output_bytes ? ctx.limits.max_message_bytes - ctx.output_bytes : 0;
    return left / (kBase64LineChars + 2) * kBase64LineChars / 4 * 3;
}

Entity leaf_entity(const std::string& content_type, std::string_view payload, const std::string& extra_headers,
                   Context& ctx) {
    ++ctx.parts;
    if (payload.size() > budget_room(ctx)) {
        payload = payload.substr(0, budget_room(ctx));
        ctx.limit(fmt::format("bodies cut so that the message stays within max_message_bytes ({})",
                              ctx.limits.max_message_bytes));
    }
    Entity e;
    e.headers = "Content-Type: " + content_type + "\r\nContent-Transfer-Encoding: base64\r\n" + extra_headers;
    e.body = base64_lines(payload);
    ctx.output_bytes += e.body.size();
    return e;
}

Entity text_entity(std::string_view subtype, std::string_view utf8_or_bytes, std::string_view charset, Context& ctx) {
    std::string type = fmt::format("text/{}", subtype);
    if (!charset.empty()) type += fmt::format("; charset=\"{}\"", charset);
    return leaf_entity(type, utf8_or_bytes, "Content-Disposition: inline\r\n", ctx);
}

// A boundary that no child contains as a line start (RFC 2046 §5.1.1). Our base64 bodies
// cannot contain "=_", but embedded messages carry header text from the file.
Entity multipart_entity(std::string_view subtype, const std::vector<Entity>& children, Context& ctx) {
    ++ctx.parts;
    std::string boundary;
    for (;;) {
        boundary = fmt::format("=_mikiwame_msg_{}", ++ctx.boundary_serial);
        std::string delimiter = "--" + boundary;
        if (std::none_of(children.begin(), children.end(), [&](const Entity& c) {
                return c.headers.find(delimiter) != std::string::npos || c.body.find(delimiter) != std::string::npos;
            }))
            break;
    }
    Entity e;
    e.headers = fmt::format("Content-Type: multipart/{}; boundary=\"{}\"\r\n", subtype, boundary);
    std::size_t total = 0;
    for (const auto& c : children) total += c.headers.size() + c.body.size() + boundary.size() + 8;
    e.body.reserve(total + boundary.size() + 8);
    for (const auto& c : children) {
        e.body += "--" + boundary + "\r\n";
        e.body += c.headers;
        e.body += "\r\n";
        e.body += c.body;
        e.body += "\r\n";
    }
    e.body += "--" + boundary + "--\r\n";
    return e;
}

// ---- header section ------------------------------------------------------------------------

bool is_field_name_char(char c) {
    auto b = static_cast<std::uint8_t>(c);
    return b >= 33 && b <= 126 && c != ':';
}

struct HeaderSection {
    std::vector<std::string> fields; // each complete with folding, CRLF line ends, no final CRLF
    std::size_t dropped_lines = 0;
    bool has(std::string_view name) const {
        return std::any_of(fields.begin(), fields.end(), [&](const std::string& f) {
            return f.size() > name.size() && f[name.size()] == ':' && base::istarts_with_ascii(f, name);
        });
    }
};

// PR_TRANSPORT_MESSAGE_HEADERS as header fields: up to the first empty line, lines that are
// neither a field nor a continuation dropped (Exchange prefixes "Microsoft Mail Internet
// Headers Version 2.0"), and the MIME structure fields left out because our body replaces
// the original one.
HeaderSection clean_transport_headers(std::string_view text) {
    HeaderSection section;
    std::size_t at = 0;
    bool current_dropped = false;
    while (at <= text.size()) {
        std::size_t eol = text.find('\n', at);
        std::string_view line = text.substr(at, eol == std::string_view::npos ? std::string_view::npos : eol - at);
        at = eol == std::string_view::npos ? text.size() + 1 : eol + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) break; // end of the header section
        std::string clean;
        for (char c : line) clean += (c == '\0' || c == '\r') ? ' ' : c;
        if (clean[0] == ' ' || clean[0] == '\t') {
            if (section.fields.empty() || current_dropped) {
                ++section.dropped_lines;
                continue;
            }
            section.fields.back() += "\r\n" + clean;
            continue;
        }
        std::size_t colon = clean.find(':');
        if (colon == std::string::npos || colon == 0 ||
            !std::all_of(clean.begin(), clean.begin() + static_cast<std::ptrdiff_t>(colon), is_field_name_char)) {
            ++section.dropped_lines;
            current_dropped = true;
            continue;
        }
        std::string_view name(clean.data(), colon);
        current_dropped = base::iequals_ascii(name, "Content-Type") ||
                          base::iequals_ascii(name, "Content-Transfer-Encoding") ||
                          base::iequals_ascii(name, "MIME-Version");
        if (!current_dropped) section.fields.push_back(std::move(clean));
    }
    return section;
}

struct Mailbox {
    std::string name;
    std::string address;
};

std::string object_address(const MapiObject& obj, std::uint16_t smtp_id, std::uint16_t type_id, std::uint16_t email_id,
                           Context& ctx) {
    std::string smtp = nonempty_or(header_property(obj, smtp_id, ctx));
    if (is_plain_addr_spec(smtp)) return smtp;
    std::string type = nonempty_or(header_property(obj, type_id, ctx));
    std::string email = nonempty_or(header_property(obj, email_id, ctx));
    if ((type.empty() || base::iequals_ascii(type, "SMTP")) && is_plain_addr_spec(email)) return email;
    return {};
}

// Header fields synthesised from the MAPI properties (MS-OXOMSG §2.2.1 and §2.2.3) for a
// message without transport headers (drafts, messages composed or sent from Outlook).
struct Synthesised {
    std::optional<std::string> from, sender, subject, date, message_id;
    std::string date_source;
    std::vector<std::string> to, cc, bcc;
    std::optional<std::string> in_reply_to, references;
};

std::vector<std::string> split_display_list(std::string_view list) {
    std::vector<std::string> out;
    for (auto item : base::split(list, ';')) {
        std::string_view t = base::trim(item);
        if (!t.empty()) out.push_back(format_mailbox(is_plain_addr_spec(t) ? std::string_view{} : t, t));
    }
    return out;
}

Synthesised synthesise_headers(const MapiObject& msg, Context& ctx) {
    Synthesised s;
    Mailbox representing{nonempty_or(header_property(msg, kPrSentRepresentingName, ctx)),
                         object_address(msg, kPrSentRepresentingSmtpAddress, kPrSentRepresentingAddrType,
                                        kPrSentRepresentingEmail, ctx)};
    Mailbox sender{nonempty_or(header_property(msg, kPrSenderName, ctx)),
                   object_address(msg, kPrSenderSmtpAddress, kPrSenderAddrType, kPrSenderEmail, ctx)};
    bool has_representing = !representing.name.empty() || !representing.address.empty();
    bool has_sender = !sender.name.empty() || !sender.address.empty();
    // PR_SENT_REPRESENTING_* is the author ("on behalf of"), PR_SENDER_* who sent it.
    const Mailbox& author = has_representing ? representing : sender;
    std::string from = format_mailbox(author.name, author.address);
    if (!from.empty()) s.from = from;
    if (has_representing && has_sender && !base::iequals_ascii(representing.address, sender.address)) {
        std::string sender_text = format_mailbox(sender.name, sender.address);
        if (!sender_text.empty()) s.sender = sender_text;
    }
    if (auto subject = header_property(msg, kPrSubject, ctx)) s.subject = *subject;
    static constexpr std::array<std::pair<std::uint16_t, std::string_view>, 3> kDateSources = {{
        {kPrClientSubmitTime, "PR_CLIENT_SUBMIT_TIME"},
        {kPrMessageDeliveryTime, "PR_MESSAGE_DELIVERY_TIME"},
        {kPrCreationTime, "PR_CREATION_TIME"},
    }};
    for (const auto& [id, label] : kDateSources) {
        auto t = msg.props.time(id);
        if (!t || *t == 0) continue;
        if (auto text = filetime_to_rfc5322(*t)) {
            s.date = *text;
            s.date_source = label;
            break;
        }
    }
    if (auto id = header_property(msg, kPrInternetMessageId, ctx)) {
        std::string v = header_safe(*id);
        if (!v.empty()) s.message_id = v.front() == '<' ? v : "<" + v + ">";
    }
    if (auto v = header_property(msg, kPrInReplyTo, ctx); v && !header_safe(*v).empty()) s.in_reply_to = header_safe(*v);
    if (auto v = header_property(msg, kPrReferences, ctx); v && !header_safe(*v).empty()) s.references = header_safe(*v);

    // Recipients (MS-OXMSG §2.2.1): one storage each, in the order of their numbers.
    std::vector<std::pair<std::uint32_t, std::string>> recipient_storages;
    for (const auto& name : msg.storage->names())
        if (base::istarts_with_ascii(name, kRecipientPrefix))
            recipient_storages.emplace_back(static_cast<std::uint32_t>(std::strtoul(name.c_str() + kRecipientPrefix.size(), nullptr, 16)), name);
    std::sort(recipient_storages.begin(), recipient_storages.end());
    std::size_t header_bytes = 0;
    for (const auto& [number, name] : recipient_storages) {
        GPtr<GsfInput> child(gsf_infile_child_by_name(msg.storage->get(), name.c_str()));
        if (!child || gsf_infile_num_children(GSF_INFILE(child.get())) < 0) {
            ctx.fail(fmt::format("recipient storage {} cannot be read", name));
            return s;
        }
        Storage storage(GSF_INFILE(child.get()));
        MapiObject recipient;
        recipient.charset = msg.charset;
        if (!load_object(recipient, storage, kObjectHeaderBytes, false, ctx)) return s;
        std::string display = nonempty_or(header_property(recipient, kPrDisplayName, ctx),
                                          nonempty_or(header_property(recipient, kPrRecipientDisplayName, ctx)));
        std::string address = object_address(recipient, kPrSmtpAddress, kPrAddrType, kPrEmailAddress, ctx);
        std::string mailbox = format_mailbox(display, address);
        if (mailbox.empty()) continue;
        header_bytes += mailbox.size() + 2;
        if (header_bytes > ctx.limits.max_header_bytes) {
            ctx.limit(fmt::format("recipients beyond max_header_bytes ({}) left out", ctx.limits.max_header_bytes));
            break;
        }
        std::int32_t type = recipient.props.int32(kPrRecipientType).value_or(1) & 0x0F;
        (type == kRecipientCc ? s.cc : type == kRecipientBcc ? s.bcc : s.to).push_back(std::move(mailbox));
    }
    if (recipient_storages.empty()) {
        // No recipient table: the display lists are all there is (names, or addresses).
        if (auto v = header_property(msg, kPrDisplayTo, ctx)) s.to = split_display_list(*v);
        if (auto v = header_property(msg, kPrDisplayCc, ctx)) s.cc = split_display_list(*v);
        if (auto v = header_property(msg, kPrDisplayBcc, ctx)) s.bcc = split_display_list(*v);
    }
    return s;
}

std::string address_list(const std::vector<std::string>& mailboxes) {
    std::string out;
    for (const auto& m : mailboxes) out += (out.empty() ? "" : ",\r\n ") + m;
    return out;
}

// ---- one message ---------------------------------------------------------------------------

struct ConvertedMessage {
    std::string text;
    std::vector<std::string> sources; // what was reconstructed from where
    std::string subject;
};

std::optional<ConvertedMessage> convert_message(const Storage& storage, bool is_top, std::size_t level,
                                                const std::string& inherited_charset, Context& ctx);

std::string charset_of(const Properties& props, std::uint16_t first, std::uint16_t second, const std::string& fallback) {
    for (std::uint16_t id : {first, second})
        if (auto cp = props.int32(id); cp && *cp > 0) {
            std::string name = base::charset_for_windows_codepage(static_cast<std::uint32_t>(*cp));
            if (!name.empty()) return name;
        }
    return fallback;
}

// The body alternatives (MS-OXCMAIL §2.1.3.2.1 / MS-OXMSG): PR_BODY as text/plain, PR_HTML as
// text/html, or the RTF body: de-encapsulated HTML (\fromhtml1), else its text plus text/rtf.
std::vector<Entity> body_entities(const MapiObject& msg, const std::string& html_charset,
                                  std::vector<std::string>& sources, Context& ctx) {
    std::vector<Entity> out;
    const std::size_t cap = ctx.limits.max_message_bytes;
    bool plain_truncated = false;
    std::optional<std::string> plain = string_property(msg, kPrBody, ctx, &plain_truncated);
    if (ctx.damage) return out;
    if (plain) sources.emplace_back("plain body from PR_BODY");
    if (plain_truncated) ctx.limit(fmt::format("PR_BODY cut at max_message_bytes ({})", cap));

    std::optional<Entity> html;
    std::optional<Entity> rtf_part;
    if (auto bin = binary_property(msg, kPrHtml, ctx)) {
        html = text_entity("html", bin->data, html_charset, ctx);
        sources.emplace_back("HTML body from PR_HTML");
        if (bin->is_truncated) ctx.limit(fmt::format("PR_HTML cut at max_message_bytes ({})", cap));
    } else if (auto text = string_property(msg, kPrHtml, ctx)) {
        html = text_entity("html", *text, "utf-8", ctx);
        sources.emplace_back("HTML body from PR_HTML");
    } else if (auto compressed = binary_property(msg, kPrRtfCompressed, ctx)) {
        Result<std::string> rtf = decompress_rtf(compressed->data, cap);
        if (!rtf) {
            sources.push_back("RTF body ignored: " + rtf.error().message);
        } else if (rtf_encapsulates_html(*rtf)) {
            html = text_entity("html", rtf_to_html(*rtf, cap), "utf-8", ctx);
            sources.emplace_back("HTML body de-encapsulated from PR_RTF_COMPRESSED (MS-OXRTFEX)");
        } else if (rtf_encapsulates_text(*rtf)) {
            if (!plain) {
                plain = rtf_to_text(*rtf, cap);
                sources.emplace_back("plain body from the text PR_RTF_COMPRESSED encapsulates");
            }
        } else {
            if (!plain) {
                plain = rtf_to_text(*rtf, cap);
                sources.emplace_back("plain body extracted from PR_RTF_COMPRESSED");
            }
            rtf_part = text_entity("rtf", *rtf, "", ctx);
            sources.emplace_back("RTF body from PR_RTF_COMPRESSED kept as text/rtf");
        }
    }
    if (ctx.damage) return {};
    if (plain) out.push_back(text_entity("plain", *plain, "utf-8", ctx));
    if (html) out.push_back(std::move(*html));
    if (rtf_part) out.push_back(std::move(*rtf_part));
    if (out.empty()) {
        out.push_back(text_entity("plain", "", "utf-8", ctx));
        sources.emplace_back("no body property (PR_BODY, PR_HTML, PR_RTF_COMPRESSED)");
    }
    return out;
}

std::string disposition_headers(std::string_view disposition, const std::string& filename, const std::string& content_id) {
    std::string h = std::string("Content-Disposition: ") + std::string(disposition);
    if (!filename.empty()) h += mime_parameter("filename", filename);
    h += "\r\n";
    std::string cid = header_safe(content_id);
    if (!cid.empty()) h += "Content-ID: " + (cid.front() == '<' ? cid : "<" + cid + ">") + "\r\n";
    return h;
}

// One attachment object (MS-OXMSG §2.2.2): by value as a base64 part, an embedded message
// as message/rfc822 converted recursively; OLE objects and references are noted only.
std::optional<Entity> attachment_entity(const Storage& storage, std::size_t number, std::size_t level,
                                        const std::string& charset, std::vector<std::string>& sources, Context& ctx) {
    MapiObject att;
    att.charset = charset;
    if (!load_object(att, storage, kObjectHeaderBytes, false, ctx)) return std::nullopt;
    std::string filename = nonempty_or(header_property(att, kPrAttachLongFilename, ctx),
                                       nonempty_or(header_property(att, kPrAttachFilename, ctx),
                                                   nonempty_or(header_property(att, kPrDisplayName, ctx))));
    std::string content_id = nonempty_or(header_property(att, kPrAttachContentId, ctx));
    bool hidden = att.props.boolean(kPrAttachmentHidden).value_or(false);
    std::optional<std::int32_t> method = att.props.int32(kPrAttachMethod);
    bool has_object = storage.has(kEmbeddedMessageStorage);
    if (ctx.damage) return std::nullopt;
    std::string label = filename.empty() ? fmt::format("#{}", number) : "\"" + filename + "\"";

    if (has_object && (method == kAttachEmbeddedMessage || !method || method == kAttachOle)) {
        GPtr<GsfInput> child(gsf_infile_child_by_name(storage.get(), std::string(kEmbeddedMessageStorage).c_str()));
        if (!child || gsf_infile_num_children(GSF_INFILE(child.get())) < 0) {
            ctx.fail(fmt::format("embedded object of attachment {} cannot be read", label));
            return std::nullopt;
        }
        Storage inner(GSF_INFILE(child.get()));
        if (method == kAttachOle || !inner.has(kPropertiesStream)) {
            sources.push_back(fmt::format("OLE object attachment {} not extracted", label));
            return std::nullopt;
        }
        // An embedded message sits two MIME levels below its parent (message/rfc822 part,
        // then its own top entity), so nesting counts twice against max_mime_depth.
        if (2 * (level + 1) > ctx.limits.max_mime_depth) {
            ctx.limit(fmt::format("embedded messages nested deeper than max_mime_depth ({}) left out",
                                  ctx.limits.max_mime_depth));
            return std::nullopt;
        }
        std::optional<ConvertedMessage> converted = convert_message(inner, false, level + 1, charset, ctx);
        if (!converted) return std::nullopt;
        ++ctx.parts;
        ++ctx.embedded_messages;
        std::string name = filename.empty() ? header_safe(converted->subject) : filename;
        std::string joined;
        for (const auto& s : converted->sources) joined += (joined.empty() ? "" : "; ") + s;
        ctx.embedded_notes.push_back(fmt::format("embedded message {}: {}", name.empty() ? label : "\"" + name + "\"", joined));
        Entity e;
        e.headers = "Content-Type: message/rfc822\r\nContent-Transfer-Encoding: 8bit\r\n" +
                    disposition_headers("attachment", name, {});
        e.body = std::move(converted->text);
        return e;
    }
    if (method && *method != kAttachByValue) {
        sources.push_back(fmt::format("attachment {} has no data in the file (PR_ATTACH_METHOD {})", label, *method));
        return std::nullopt;
    }
    std::string data_name = property_stream_name(kPrAttachData, kTypeBinary);
    StreamRead data = read_stream(storage, data_name, ctx.limits.max_message_bytes, ctx);
    if (data.status == ReadStatus::Failed) return std::nullopt;
    if (data.status == ReadStatus::Absent) {
        sources.push_back(fmt::format("attachment {} has no PR_ATTACH_DATA_BIN", label));
        return std::nullopt;
    }
    if (data.is_truncated || data.data.size() > budget_room(ctx)) {
        ctx.limit(fmt::format("attachment {} ({} bytes) left out: the message would exceed max_message_bytes ({})",
                              label, data.full_size, ctx.limits.max_message_bytes));
        return std::nullopt;
    }
    ++ctx.attachments;
    std::string type = attachment_content_type(nonempty_or(header_property(att, kPrAttachMimeTag, ctx)));
    if (!filename.empty()) type += mime_parameter("name", filename);
    return leaf_entity(type, data.data,
                       disposition_headers(hidden && !content_id.empty() ? "inline" : "attachment", filename, content_id),
                       ctx);
}

std::optional<ConvertedMessage> convert_message(const Storage& storage, bool is_top, std::size_t level,
                                                const std::string& inherited_charset, Context& ctx) {
    ConvertedMessage result;
    MapiObject msg;
    if (!load_object(msg, storage, is_top ? kTopHeaderBytes : kEmbeddedHeaderBytes, true, ctx)) return std::nullopt;
    // MS-OXMSG §2.1.2: 8-bit strings are in the message code page; the HTML body in the
    // Internet code page it was received or composed in.
    msg.charset = charset_of(msg.props, kPrMessageCodepage, kPrInternetCpid, inherited_charset);
    std::string html_charset = charset_of(msg.props, kPrInternetCpid, kPrMessageCodepage, inherited_charset);

    std::string message_class = nonempty_or(header_property(msg, kPrMessageClass, ctx));
    if (!message_class.empty() && !base::istarts_with_ascii(message_class, "IPM.Note"))
        result.sources.push_back("message class " + header_safe(message_class));
    if (auto flags = msg.props.int32(kPrMessageFlags); flags && (static_cast<std::uint32_t>(*flags) & kMsgFlagUnsent))
        result.sources.emplace_back("marked unsent (a draft)");

    // Header section: the transport headers as received, or fields rebuilt from properties.
    HeaderSection headers;
    if (auto transport = string_property(msg, kPrTransportMessageHeaders, ctx)) headers = clean_transport_headers(*transport);
    if (ctx.damage) return std::nullopt;
    Synthesised synth = synthesise_headers(msg, ctx);
    if (ctx.damage) return std::nullopt;
    result.subject = synth.subject.value_or("");
    std::vector<std::string> added;
    auto add = [&](std::string_view name, const std::optional<std::string>& value, std::string (*format)(std::string_view)) {
        if (!value || headers.has(name)) return;
        headers.fields.push_back(fmt::format("{}: {}", name, format(*value)));
        added.emplace_back(name);
    };
    auto as_is = [](std::string_view v) { return std::string(v); };
    bool from_transport = !headers.fields.empty();
    add("From", synth.from, as_is);
    if (!from_transport) add("Sender", synth.sender, as_is);
    auto add_list = [&](std::string_view name, const std::vector<std::string>& list) {
        if (!list.empty() && !from_transport) add(name, address_list(list), as_is);
    };
    add_list("To", synth.to);
    add_list("Cc", synth.cc);
    add_list("Bcc", synth.bcc);
    add("Subject", synth.subject, unstructured_value);
    add("Date", synth.date, as_is);
    if (!from_transport) {
        add("Message-ID", synth.message_id, as_is);
        add("In-Reply-To", synth.in_reply_to, as_is);
        add("References", synth.references, as_is);
    }
    std::string added_list;
    for (const auto& a : added) added_list += (added_list.empty() ? "" : ", ") + a;
    if (from_transport) {
        result.sources.emplace_back("headers from PR_TRANSPORT_MESSAGE_HEADERS");
        if (headers.dropped_lines > 0)
            result.sources.push_back(fmt::format("{} line(s) of the transport headers that are no header field dropped",
                                                 headers.dropped_lines));
        if (!added.empty()) result.sources.push_back(added_list + " added from MAPI properties (absent from the transport headers)");
    } else {
        result.sources.push_back(added.empty() ? std::string("no header properties found")
                                               : "headers synthesised from MAPI properties: " + added_list);
    }
    if (!synth.date_source.empty() && synth.date_source != "PR_CLIENT_SUBMIT_TIME" &&
        std::find(added.begin(), added.end(), "Date") != added.end())
        result.sources.push_back(fmt::format("Date from {} (no PR_CLIENT_SUBMIT_TIME)", synth.date_source));

    std::vector<Entity> bodies = body_entities(msg, html_charset, result.sources, ctx);
    if (ctx.damage) return std::nullopt;
    Entity body = bodies.size() == 1 ? std::move(bodies.front()) : multipart_entity("alternative", bodies, ctx);

    // Attachments (MS-OXMSG §2.2.2), in the order of their numbers.
    std::vector<std::pair<std::uint32_t, std::string>> attachment_storages;
    for (const auto& name : storage.names())
        if (base::istarts_with_ascii(name, kAttachmentPrefix))
            attachment_storages.emplace_back(static_cast<std::uint32_t>(std::strtoul(name.c_str() + kAttachmentPrefix.size(), nullptr, 16)), name);
    std::sort(attachment_storages.begin(), attachment_storages.end());
    std::vector<Entity> children;
    children.push_back(std::move(body));
    std::size_t number = 0;
    for (const auto& [n, name] : attachment_storages) {
        ++number;
        if (ctx.parts + 1 >= ctx.limits.max_mime_parts) {
            ctx.limit(fmt::format("attachments beyond max_mime_parts ({}) left out", ctx.limits.max_mime_parts));
            break;
        }
        GPtr<GsfInput> child(gsf_infile_child_by_name(storage.get(), name.c_str()));
        if (!child || gsf_infile_num_children(GSF_INFILE(child.get())) < 0) {
            ctx.fail(fmt::format("attachment storage {} cannot be read", name));
            return std::nullopt;
        }
        Storage att_storage(GSF_INFILE(child.get()));
        std::optional<Entity> e = attachment_entity(att_storage, number, level, msg.charset, result.sources, ctx);
        if (ctx.damage) return std::nullopt;
        if (e) children.push_back(std::move(*e));
    }
    Entity top = children.size() == 1 ? std::move(children.front()) : multipart_entity("mixed", children, ctx);

    for (const auto& f : headers.fields) result.text += f + "\r\n";
    ctx.output_bytes += result.text.size();
    result.text += "MIME-Version: 1.0\r\n" + top.headers + "\r\n" + top.body;
    return result;
}

struct OpenedFile {
    GPtr<GsfInput> input;
    GPtr<GsfInfile> root;
    std::string error;
};

OpenedFile open_compound_file(std::string_view bytes) {
    OpenedFile f;
    if (auto problem = check_compound_file(bytes)) {
        f.error = *problem;
        return f;
    }
    init_gsf_once();
    f.input.reset(gsf_input_memory_new(reinterpret_cast<const guint8*>(bytes.data()), static_cast<gsf_off_t>(bytes.size()), FALSE));
    if (!f.input) {
        f.error = "cannot open the compound file";
        return f;
    }
    GError* err = nullptr;
    f.root.reset(gsf_infile_msole_new(f.input.get(), &err));
    if (!f.root) {
        f.error = err && err->message ? std::string("OLE2 structure unreadable: ") + err->message : "OLE2 structure unreadable";
        if (err) g_error_free(err);
    } else if (err) {
        g_error_free(err);
    }
    return f;
}

bool has_msg_layout(const Storage& root) {
    return root.has(kPropertiesStream) &&
           std::any_of(root.names().begin(), root.names().end(),
                       [](const std::string& n) { return base::istarts_with_ascii(n, kPropertyStreamPrefix); });
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

} // namespace

bool looks_like_outlook_msg(std::string_view bytes) {
    try {
        OpenedFile f = open_compound_file(bytes);
        if (!f.root) return false;
        return has_msg_layout(Storage(f.root.get()));
    } catch (...) {
        return false;
    }
}

Result<OutlookConversion> convert_outlook_msg(std::string_view bytes, const Limits& limits) {
    auto damaged = [](std::string_view why) {
        return make_error(ErrorCode::InputRejected, fmt::format("damaged Outlook .msg: {}", why));
    };
    try {
        OpenedFile f = open_compound_file(bytes);
        if (!f.root) return damaged(f.error);
        Storage root(f.root.get());
        if (!has_msg_layout(root))
            return damaged(fmt::format("an OLE2 file without the MAPI property streams ({}, {}…)", kPropertiesStream,
                                       kPropertyStreamPrefix));
        Context ctx(limits);
        std::optional<ConvertedMessage> message = convert_message(root, true, 0, "windows-1252", ctx);
        if (!message || ctx.damage) return damaged(ctx.damage.value_or("unreadable"));

        OutlookConversion out;
        out.mime = std::move(message->text);
        out.notes.emplace_back("input was an Outlook .msg (MAPI properties in an OLE2 file, MS-OXMSG)");
        for (auto& s : message->sources) out.notes.push_back(std::move(s));
        if (ctx.attachments > 0 || ctx.embedded_messages > 0)
            out.notes.push_back(plural(ctx.attachments, "attachment", "attachments") + ", " +
                                plural(ctx.embedded_messages, "embedded message", "embedded messages"));
        for (auto& s : ctx.embedded_notes) out.notes.push_back(std::move(s));
        for (auto& s : ctx.limit_notes) out.notes.push_back("limit: " + s);
        return out;
    } catch (const std::bad_alloc&) {
        return make_error(ErrorCode::Internal, "out of memory while reading an Outlook .msg");
    } catch (...) {
        return make_error(ErrorCode::Internal, "unexpected error while reading an Outlook .msg");
    }
}

} // namespace mikiwame::message

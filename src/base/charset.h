// SPDX-License-Identifier: Apache-2.0
// Charset conversion to UTF-8 through ICU, with detection and repair of missing or wrong
// labels (mail declares us-ascii or gb2312 over Shift_JIS, Latin-1 over UTF-8, or nothing).
// ISO-2022-JP is read with the Microsoft CP50220 extensions (NEC and IBM rows, half-width
// katakana), which neither ICU nor glibc accept, by re-encoding JIS rows to CP932.
// All functions take untrusted bytes, never throw, and are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mikiwame::base {

struct DecodedText {
    std::string utf8;         // always valid UTF-8
    std::string charset_used; // canonical name of the charset actually applied
    bool was_repaired = false; // the declared charset was missing, unknown or wrong
    bool is_lossy = false;    // some bytes could not be decoded and became U+FFFD
};

// Canonical name for a MIME charset label ("shift_jis" → "windows-31j", "latin1" →
// "windows-1252", …), or the lower-cased label itself when unknown to the alias table.
std::string canonical_charset(std::string_view label);

// Converts `bytes` in `charset` to UTF-8; nullopt when the charset is unknown or any byte
// sequence is illegal in it.
std::optional<std::string> convert_strict(std::string_view bytes, std::string_view charset);

// Converts with the declared charset when it fits the bytes; otherwise detects (UTF-8 check,
// ICU charset detection, Japanese plausibility) and records the repair. Never fails.
DecodedText decode_to_utf8(std::string_view bytes, std::string_view declared);

// UTF-16LE (Windows "Unicode" strings: MAPI PT_UNICODE, OLE names) to UTF-8. Lenient: an
// unpaired surrogate becomes U+FFFD and an odd trailing byte is dropped; the result is always
// valid UTF-8. Stops at nothing: embedded U+0000 is kept (callers strip terminators).
std::string utf16le_to_utf8(std::string_view bytes);

// MIME charset name for a Windows code page number (932 → "shift_jis", 1252 →
// "windows-1252", 65001 → "utf-8", 50220 → "iso-2022-jp", …) as Outlook stores it in
// PR_INTERNET_CPID / PR_MESSAGE_CODEPAGE or RTF \ansicpg; "" when the number is unknown.
std::string charset_for_windows_codepage(std::uint32_t codepage);

} // namespace mikiwame::base

// SPDX-License-Identifier: Apache-2.0
// Outlook's RTF bodies: PR_RTF_COMPRESSED decompression (MS-OXRTFCP, LZFu and the
// uncompressed MELA form) and reading the RTF back as HTML (MS-OXRTFEX \fromhtml1
// de-encapsulation) or as plain text. Used by outlook_msg.cpp; all input is untrusted.
// Pure functions: no allocation beyond the stated output caps, no recursion, thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "mikiwame/result.h"

namespace mikiwame::message {

// Decompresses a PR_RTF_COMPRESSED stream (MS-OXRTFCP §2.1.3.1): a 16-byte header
// (COMPSIZE, RAWSIZE, COMPTYPE, CRC) then LZFu runs over a 4096-byte dictionary primed with
// the fixed 207-byte RTF prefix, or raw bytes for COMPTYPE "MELA". The CRC (§2.1.3.2) is
// checked for LZFu. Output is cut at `max_output_bytes` (the caller's size limit), never
// more. Errors (InputRejected) name what is wrong: short header, COMPSIZE past the end of
// the stream, unknown COMPTYPE, CRC mismatch.
[[nodiscard]] Result<std::string> decompress_rtf(std::string_view stream, std::size_t max_output_bytes);

// True when the RTF header declares encapsulated HTML (\fromhtml1, MS-OXRTFEX §2.1.3.1.1).
[[nodiscard]] bool rtf_encapsulates_html(std::string_view rtf);
// True when the RTF header declares encapsulated plain text (\fromtext).
[[nodiscard]] bool rtf_encapsulates_text(std::string_view rtf);

// The HTML an RTF with \fromhtml1 encapsulates (MS-OXRTFEX §2.1.3.1): content of
// {\*\htmltag} groups and text outside \htmlrtf…\htmlrtf0 regions, \par as CRLF, \'hh bytes
// in the font's or the \ansicpg code page, \uN as Unicode. Returns UTF-8, cut at
// `max_output_bytes`.
[[nodiscard]] std::string rtf_to_html(std::string_view rtf, std::size_t max_output_bytes);

// Plain text of any RTF: text outside destinations (font and colour tables, \* groups,
// pictures), \par and \line as LF, \tab as TAB. Formatting is dropped. UTF-8, cut at
// `max_output_bytes`.
[[nodiscard]] std::string rtf_to_text(std::string_view rtf, std::size_t max_output_bytes);

} // namespace mikiwame::message

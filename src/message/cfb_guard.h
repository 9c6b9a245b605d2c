// SPDX-License-Identifier: Apache-2.0
// A pre-flight check of an OLE2 compound file (MS-CFB) before libgsf reads it. libgsf walks
// the directory red-black tree recursively (one C stack frame per entry along a sibling
// chain), keeps each storage's children in a sorted list (quadratic insertion) and sizes two
// stack buffers (alloca) from the allocation tables. A hostile file can make each of these
// unbounded, so we walk the same structures iteratively, in the order libgsf does, and refuse
// the file when one of them is beyond what any real .msg needs. Untrusted input; pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mikiwame::message {

// Bounds on the compound file libgsf is allowed to read (MS-CFB §2.6 directory, §2.3 FAT).
// Real Outlook files stay far below: a message with 1,000 recipients and 100 attachments
// has about 10,000 directory entries, balanced trees a few dozen deep.
inline constexpr std::size_t kMaxCfbDirectoryEntries = 65536;
inline constexpr std::size_t kMaxCfbChildrenPerStorage = 4096;
inline constexpr std::size_t kMaxCfbDirectoryDepth = 8192;
// FAT and mini FAT entries: libgsf allocas one bit per entry; 2^22 entries describe a 2 GiB
// file of 512-byte sectors.
inline constexpr std::size_t kMaxCfbAllocationEntries = std::size_t{1} << 22;

// nullopt when libgsf may read `bytes` safely; otherwise why not ("truncated header",
// "directory has 70000 entries", …) for the "damaged Outlook .msg: …" line.
[[nodiscard]] std::optional<std::string> check_compound_file(std::string_view bytes);

} // namespace mikiwame::message

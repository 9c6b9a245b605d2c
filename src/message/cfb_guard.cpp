// SPDX-License-Identifier: Apache-2.0
#include "message/cfb_guard.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace mikiwame::message {

namespace {

// MS-CFB §2.2 header fields and §2.6.1 directory entry fields (byte offsets).
constexpr std::size_t kHeaderBytes = 512;
constexpr std::size_t kSectorShiftAt = 0x1E;
constexpr std::size_t kMiniSectorShiftAt = 0x20;
constexpr std::size_t kFatSectorCountAt = 0x2C;
constexpr std::size_t kDirectoryStartAt = 0x30;
constexpr std::size_t kMiniFatStartAt = 0x3C;
constexpr std::size_t kDifatStartAt = 0x44;
constexpr std::size_t kDifatCountAt = 0x48;
constexpr std::size_t kHeaderDifatAt = 0x4C;
constexpr std::size_t kHeaderDifatEntries = 109;
constexpr std::size_t kDirEntryBytes = 128;
constexpr std::size_t kEntryTypeAt = 0x42;
constexpr std::size_t kEntryLeftAt = 0x44;
constexpr std::size_t kEntryRightAt = 0x48;
constexpr std::size_t kEntryChildAt = 0x4C;
constexpr std::size_t kEntrySizeAt = 0x78;
constexpr std::uint32_t kNoStream = 0xFFFFFFFF;      // NOSTREAM / FREESECT
constexpr std::uint32_t kFirstSpecialSector = 0xFFFFFFFC; // DIFSECT and above
constexpr std::uint8_t kTypeStorage = 1;
constexpr std::uint8_t kTypeStream = 2;
constexpr std::uint8_t kTypeRoot = 5;

std::uint32_t u32_at(std::string_view b, std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<std::uint8_t>(b[at])) |
           (static_cast<std::uint32_t>(static_cast<std::uint8_t>(b[at + 1])) << 8) |
           (static_cast<std::uint32_t>(static_cast<std::uint8_t>(b[at + 2])) << 16) |
           (static_cast<std::uint32_t>(static_cast<std::uint8_t>(b[at + 3])) << 24);
}

std::uint16_t u16_at(std::string_view b, std::size_t at) {
    return static_cast<std::uint16_t>(static_cast<std::uint8_t>(b[at]) |
                                      (static_cast<std::uint8_t>(b[at + 1]) << 8));
}

class CompoundFile {
public:
    explicit CompoundFile(std::string_view bytes) : bytes_(bytes) {}

    std::optional<std::string> check() {
        if (bytes_.size() < kHeaderBytes) return std::string("truncated OLE2 header");
        const std::uint16_t sector_shift = u16_at(bytes_, kSectorShiftAt);
        const std::uint16_t mini_shift = u16_at(bytes_, kMiniSectorShiftAt);
        // MS-CFB §2.2: version 3 files have 512-byte sectors, version 4 files 4096; mini
        // sectors are 64 bytes. Anything else is no Outlook file.
        if ((sector_shift != 9 && sector_shift != 12) || mini_shift != 6)
            return fmt::format("unsupported OLE2 sector sizes (2^{} / 2^{})", sector_shift, mini_shift);
        sector_bytes_ = std::size_t{1} << sector_shift;
        if (bytes_.size() < std::max(kHeaderBytes, sector_bytes_) + sector_bytes_)
            return std::string("truncated OLE2 file (no sector after the header)");
        // libgsf's own bound (ole_init_info): sectors that start inside the file.
        max_sector_ = (bytes_.size() - kHeaderBytes + sector_bytes_ - 1) / sector_bytes_;

        if (auto err = read_fat()) return err;
        if (auto err = check_mini_fat()) return err;
        return walk_directory();
    }

private:
    bool sector_readable(std::uint32_t sector) const {
        if (sector >= max_sector_) return false;
        std::size_t offset = std::max(kHeaderBytes, sector_bytes_) + static_cast<std::size_t>(sector) * sector_bytes_;
        return offset + sector_bytes_ <= bytes_.size();
    }

    std::string_view sector(std::uint32_t s) const {
        return bytes_.substr(std::max(kHeaderBytes, sector_bytes_) + static_cast<std::size_t>(s) * sector_bytes_,
                             sector_bytes_);
    }

    // Appends the FAT entries one FAT sector holds (or FREESECT for an unused DIFAT slot,
    // as libgsf does); false when the sector cannot be read or names a sector past the FAT.
    bool append_fat_sector(std::uint32_t fat_sector, std::size_t fat_entries) {
        const std::size_t per_sector = sector_bytes_ / 4;
        if (fat_sector == kNoStream) {
            fat_.insert(fat_.end(), per_sector, kNoStream);
            return true;
        }
        if (!sector_readable(fat_sector)) return false;
        std::string_view data = sector(fat_sector);
        for (std::size_t i = 0; i < per_sector; ++i) {
            std::uint32_t next = u32_at(data, i * 4);
            if (next >= fat_entries && next < kFirstSpecialSector) return false;
            fat_.push_back(next);
        }
        return true;
    }

    // MS-CFB §2.5 (DIFAT) and §2.3 (FAT), read as libgsf's ole_init_info reads them.
    std::optional<std::string> read_fat() {
        std::size_t fat_sectors = u32_at(bytes_, kFatSectorCountAt);
        const std::size_t per_sector = sector_bytes_ / 4;
        if (fat_sectors == 0 || fat_sectors >= max_sector_)
            return fmt::format("FAT sector count {} does not fit a {}-byte file", fat_sectors, bytes_.size());
        const std::size_t fat_entries = fat_sectors * per_sector;
        if (fat_entries > kMaxCfbAllocationEntries)
            return fmt::format("FAT of {} entries is implausibly large", fat_entries);
        fat_.reserve(fat_entries);
        std::size_t from_header = std::min(fat_sectors, kHeaderDifatEntries);
        for (std::size_t i = 0; i < from_header; ++i)
            if (!append_fat_sector(u32_at(bytes_, kHeaderDifatAt + i * 4), fat_entries))
                return std::string("FAT sector missing or corrupt (file truncated?)");
        std::size_t remaining = fat_sectors - from_header;
        std::uint32_t difat_sector = u32_at(bytes_, kDifatStartAt);
        std::size_t difat_count = u32_at(bytes_, kDifatCountAt);
        const std::size_t per_difat = per_sector - 1; // the last slot links to the next
        for (std::size_t d = 0; d < difat_count && remaining > 0; ++d) {
            if (!sector_readable(difat_sector)) return std::string("DIFAT sector missing (file truncated?)");
            std::string_view data = sector(difat_sector);
            std::size_t take = std::min(remaining, per_difat);
            for (std::size_t i = 0; i < take; ++i)
                if (!append_fat_sector(u32_at(data, i * 4), fat_entries))
                    return std::string("FAT sector missing or corrupt (file truncated?)");
            remaining -= take;
            difat_sector = u32_at(data, per_difat * 4);
        }
        if (remaining > 0) return std::string("DIFAT shorter than the FAT sector count");
        return std::nullopt;
    }

    // A sector chain as libgsf's ole_make_bat follows it: stops at a sector it saw before.
    std::vector<std::uint32_t> chain(std::uint32_t start) const {
        std::vector<std::uint32_t> sectors;
        std::vector<bool> seen(fat_.size(), false);
        for (std::uint32_t s = start; s < fat_.size() && !seen[s]; s = fat_[s]) {
            seen[s] = true;
            sectors.push_back(s);
        }
        return sectors;
    }

    std::optional<std::string> check_mini_fat() {
        std::size_t mini_fat_sectors = chain(u32_at(bytes_, kMiniFatStartAt)).size();
        if (mini_fat_sectors * (sector_bytes_ / 4) > kMaxCfbAllocationEntries)
            return fmt::format("mini FAT of {} sectors is implausibly large", mini_fat_sectors);
        return std::nullopt;
    }

    struct Visit {
        std::uint32_t entry;
        std::uint32_t parent; // kNoStream for the root
        std::size_t depth;
    };

    // MS-CFB §2.6: the directory is a red-black tree per storage (left/right siblings) plus a
    // child link from each storage. libgsf's ole_dirent_new recurses into left, right, then
    // child, skipping entries it saw before; we replay that order with an explicit stack.
    std::optional<std::string> walk_directory() {
        std::vector<std::uint32_t> dir_sectors = chain(u32_at(bytes_, kDirectoryStartAt));
        if (dir_sectors.empty()) return std::string("no directory sectors");
        const std::size_t per_sector = sector_bytes_ / kDirEntryBytes;
        const std::size_t entry_count = dir_sectors.size() * per_sector;
        std::vector<bool> seen(entry_count, false);
        std::vector<std::size_t> children; // per entry index, when it is a storage
        std::vector<Visit> stack{{0, kNoStream, 1}};
        std::size_t visited = 0;
        std::size_t max_depth = 0;
        bool root_read = false;
        while (!stack.empty()) {
            Visit v = stack.back();
            stack.pop_back();
            if (v.entry == kNoStream || v.entry >= entry_count || seen[v.entry]) continue;
            seen[v.entry] = true;
            std::uint32_t dir_sector = dir_sectors[v.entry / per_sector];
            if (!sector_readable(dir_sector)) continue;
            std::string_view entry = sector(dir_sector).substr((v.entry % per_sector) * kDirEntryBytes, kDirEntryBytes);
            std::uint8_t type = static_cast<std::uint8_t>(entry[kEntryTypeAt]);
            if (type != kTypeStorage && type != kTypeStream && type != kTypeRoot) continue;
            if (type == kTypeStream && u32_at(entry, kEntrySizeAt) > bytes_.size()) continue;
            if (v.parent == kNoStream) {
                // MS-CFB §2.6.3: the root entry has no siblings. libgsf would read siblings
                // of the root as further roots and leak them; no real file has any.
                if (u32_at(entry, kEntryLeftAt) != kNoStream || u32_at(entry, kEntryRightAt) != kNoStream)
                    return std::string("root directory entry has siblings");
                root_read = true;
            }
            ++visited;
            max_depth = std::max(max_depth, v.depth);
            if (visited > kMaxCfbDirectoryEntries)
                return fmt::format("directory has more than {} entries", kMaxCfbDirectoryEntries);
            if (max_depth > kMaxCfbDirectoryDepth)
                return fmt::format("directory tree deeper than {}", kMaxCfbDirectoryDepth);
            if (v.parent != kNoStream) {
                if (children.size() <= v.parent) children.resize(static_cast<std::size_t>(v.parent) + 1, 0);
                if (++children[v.parent] > kMaxCfbChildrenPerStorage)
                    return fmt::format("a storage has more than {} entries", kMaxCfbChildrenPerStorage);
            }
            bool is_storage = v.parent == kNoStream || type != kTypeStream;
            // Pushed in reverse so that left is handled first, then right, then child.
            if (is_storage) stack.push_back({u32_at(entry, kEntryChildAt), v.entry, v.depth + 1});
            stack.push_back({u32_at(entry, kEntryRightAt), v.parent, v.depth + 1});
            stack.push_back({u32_at(entry, kEntryLeftAt), v.parent, v.depth + 1});
        }
        if (!root_read) return std::string("root directory entry unreadable (file truncated?)");
        return std::nullopt;
    }

    std::string_view bytes_;
    std::size_t sector_bytes_ = 512;
    std::size_t max_sector_ = 0;
    std::vector<std::uint32_t> fat_;
};

} // namespace

std::optional<std::string> check_compound_file(std::string_view bytes) {
    static constexpr std::string_view kSignature = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    if (bytes.size() < kSignature.size() || bytes.substr(0, kSignature.size()) != kSignature)
        return std::string("not an OLE2 compound file (no D0 CF 11 E0 signature)");
    return CompoundFile(bytes).check();
}

} // namespace mikiwame::message

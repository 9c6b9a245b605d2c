// SPDX-License-Identifier: Apache-2.0
// The one Hyperscan wrapper: an owned compiled database and a scratch space. A database is
// immutable and shared by every thread; a Scratch belongs to one thread (one AnalysisContext)
// and is grown once to fit every database it will scan, so no scan allocates. Hyperscan's
// own types stay behind this header.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "mikiwame/result.h"

struct hs_database;
struct hs_scratch;

namespace mikiwame::base {

class HsScratch;

class HsDatabase {
public:
    HsDatabase() = default;
    // Takes ownership of a database compiled by hs_compile*(). Null is an empty database.
    explicit HsDatabase(hs_database* db) noexcept : db_(db) {}
    bool empty() const noexcept { return !db_; }
    hs_database* get() const noexcept { return db_.get(); }

    // Called for every match; return true to go on, false to stop the scan.
    using OnMatch = bool (*)(unsigned id, unsigned long long from, unsigned long long to, void* user);
    // Block-mode scan of `text` with `scratch` (grown for this database with reserve()). An error
    // (scratch not reserved, text over 4 GiB, Hyperscan failure) is returned, never read as
    // "no match"; a scan stopped by `on_match` is not an error.
    [[nodiscard]] Result<bool> scan(std::string_view text, HsScratch& scratch, OnMatch on_match, void* user) const;

private:
    struct Free {
        void operator()(hs_database* db) const noexcept;
    };
    std::unique_ptr<hs_database, Free> db_;
};

class HsScratch {
public:
    HsScratch() = default;
    // Grows the scratch so that it can scan `db` too (hs_alloc_scratch on an existing scratch
    // keeps what it already fits). Call once per database, before the first scan.
    [[nodiscard]] Result<bool> reserve(const HsDatabase& db);
    hs_scratch* get() const noexcept { return scratch_.get(); }

private:
    struct Free {
        void operator()(hs_scratch* s) const noexcept;
    };
    std::unique_ptr<hs_scratch, Free> scratch_;
};

} // namespace mikiwame::base

// SPDX-License-Identifier: Apache-2.0
// `scan --state FILE`: an SQLite index of the mail scanned so far, keyed by the message's
// SHA-256, with the verdict and the engine that judged it (version and data version). A rerun
// skips a mail judged by the same engine and analyses it again when the engine or its data
// changed — so an interrupted scan resumes, and a nightly scan of an archive reports only what
// is new.
#pragma once

#include <sqlite3.h>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <unordered_set>

#include "mikiwame/report.h"
#include "mikiwame/result.h"

namespace mikiwame::cli {

class ScanState {
public:
    // Opens or creates the file; CannotOpen when it cannot, Config when it is not a state file.
    // `judge` names the engine ("mikiwame 0.9.0 data sha256:…"): mail judged by another is new.
    [[nodiscard]] static Result<ScanState> open(const std::filesystem::path& path, std::string judge);
    ScanState(ScanState&&) noexcept = default;
    ScanState& operator=(ScanState&&) noexcept = default;
    ~ScanState();

    // Judged by this engine in an earlier run. Thread-safe (reads what open() loaded).
    bool seen(const std::string& sha256) const { return seen_.count(sha256) > 0; }
    std::size_t known() const { return seen_.size(); }

    // Records a judgement; written in batches, all of them by commit().
    [[nodiscard]] Result<bool> record(const std::string& sha256, Verdict verdict, double score, const std::string& location);
    [[nodiscard]] Result<bool> commit();

private:
    struct Close {
        void operator()(sqlite3* db) const noexcept { sqlite3_close(db); }
    };
    ScanState() = default;
    Result<bool> exec(const char* sql);

    std::unique_ptr<sqlite3, Close> db_;
    std::string path_;
    std::string judge_;
    std::unordered_set<std::string> seen_;
    std::size_t pending_ = 0; // records in the open transaction
};

} // namespace mikiwame::cli

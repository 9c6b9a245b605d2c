// SPDX-License-Identifier: Apache-2.0
// The collector's SQLite table of reports, keyed by the mail's sha256: INSERT OR IGNORE, so a
// report delivered twice (a redelivered mail analysed again, a collector restarted before its
// ack reached the broker) never makes a second row.
#pragma once

#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <string>

#include "mikiwame/result.h"

namespace mikiwame::nats {

struct ResultRow {
    std::string sha256;
    std::string location;
    std::string label;
    std::string verdict;
    double score = 0;
    std::string report; // the JSON report (schema mikiwame.report/1)
};

class ResultStore {
public:
    [[nodiscard]] static Result<std::unique_ptr<ResultStore>> open(const std::filesystem::path& path);
    ~ResultStore();
    ResultStore(const ResultStore&) = delete;
    ResultStore& operator=(const ResultStore&) = delete;

    [[nodiscard]] Result<bool> begin();
    // true when the row is new, false when a report of this sha256 is stored already.
    [[nodiscard]] Result<bool> insert(const ResultRow& row);
    // Durable on return (the collector acknowledges the batch only then).
    [[nodiscard]] Result<bool> commit();
    [[nodiscard]] Result<std::size_t> count();

private:
    ResultStore() = default;
    Unexpected<Error> error(const char* what) const;
    sqlite3* db_ = nullptr;
    sqlite3_stmt* insert_ = nullptr;
    std::string path_;
};

} // namespace mikiwame::nats

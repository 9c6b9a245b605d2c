// SPDX-License-Identifier: Apache-2.0
// The milter's log: one JSON object per line, to standard error or a file opened for
// appending (reopened on SIGHUP, for log rotation). Lines from many threads never interleave.
#pragma once

#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

namespace mikiwame::milter {

class JsonLog {
public:
    JsonLog() = default;
    ~JsonLog();
    JsonLog(const JsonLog&) = delete;
    JsonLog& operator=(const JsonLog&) = delete;

    // Empty path: standard error. False (and the previous target kept) when it cannot open.
    bool open(const std::filesystem::path& path);
    // Adds "time" (UTC, RFC 3339 with milliseconds) and writes `line`. Never throws.
    void write(const nlohmann::ordered_json& line) noexcept;

private:
    std::mutex mutex_;
    std::FILE* file_ = nullptr; // nullptr: stderr
};

// "2026-12-05T17:01:54.123Z".
std::string utc_now();

} // namespace mikiwame::milter

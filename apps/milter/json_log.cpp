// SPDX-License-Identifier: Apache-2.0
#include "json_log.h"

#include <chrono>
#include <ctime>

#include <fmt/format.h>

namespace mikiwame::milter {

std::string utc_now() {
    using namespace std::chrono;
    const auto now = system_clock::now();
    const std::time_t seconds = system_clock::to_time_t(now);
    const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                       tm.tm_min, tm.tm_sec, ms);
}

JsonLog::~JsonLog() {
    if (file_) std::fclose(file_);
}

bool JsonLog::open(const std::filesystem::path& path) {
    std::FILE* next = nullptr;
    if (!path.empty()) {
        next = std::fopen(path.c_str(), "ae"); // append, close-on-exec
        if (!next) return false;
    }
    std::lock_guard lock(mutex_);
    if (file_) std::fclose(file_);
    file_ = next;
    return true;
}

void JsonLog::write(const nlohmann::ordered_json& line) noexcept {
    try {
        nlohmann::ordered_json out = {{"time", utc_now()}};
        for (const auto& [key, value] : line.items()) out[key] = value;
        // Replace, not throw, on invalid UTF-8 (a client's HELO or address is anything).
        std::string text = out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
        text += '\n';
        std::lock_guard lock(mutex_);
        std::FILE* target = file_ ? file_ : stderr;
        std::fwrite(text.data(), 1, text.size(), target);
        std::fflush(target);
    } catch (...) {
        // Logging must never take the milter down; a line lost to bad_alloc is the price.
    }
}

} // namespace mikiwame::milter

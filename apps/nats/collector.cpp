// SPDX-License-Identifier: Apache-2.0
#include "collector.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <thread>
#include <unordered_set>
#include <vector>

#include "publisher.h"
#include "result_store.h"

namespace mikiwame::nats {

namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::ordered_json;

// The JSON Lines file, appended to; flushed and synced before the batch is acknowledged.
class JsonlFile {
public:
    ~JsonlFile() {
        if (file_ && owned_) std::fclose(file_);
    }
    Result<bool> open(const std::filesystem::path& path) {
        path_ = path.string();
        if (path_ == "-") {
            file_ = stdout;
            owned_ = false;
            return true;
        }
        file_ = std::fopen(path_.c_str(), "ab");
        if (!file_) return make_error(ErrorCode::CannotOpen, fmt::format("cannot open for appending: {}", std::strerror(errno)), path_);
        return true;
    }
    Result<bool> write(const std::string& lines) {
        // A pipe or a terminal cannot be synced (EINVAL): flushed is as far as it goes.
        if (std::fwrite(lines.data(), 1, lines.size(), file_) != lines.size() || std::fflush(file_) != 0 ||
            (fsync(fileno(file_)) != 0 && errno != EINVAL && errno != EROFS))
            return make_error(ErrorCode::CannotOpen, fmt::format("write error: {}", std::strerror(errno)), path_);
        return true;
    }

private:
    std::FILE* file_ = nullptr;
    bool owned_ = true;
    std::string path_;
};

struct Parsed {
    ResultRow row;
    Json report;
    bool valid = false;
};

Parsed parse(const Message& msg) {
    Parsed p;
    p.report = Json::parse(msg.data(), nullptr, false);
    p.row.sha256 = msg.header(kSha256Header);
    if (p.row.sha256.empty()) p.row.sha256 = msg.header(kMsgIdHeader);
    if (p.report.is_discarded() || !p.report.is_object() || p.row.sha256.empty()) return p;
    p.row.location = msg.header(kLocationHeader);
    p.row.label = msg.header(kLabelHeader);
    p.row.verdict = p.report.value("verdict", std::string());
    p.row.score = p.report.value("score", 0.0);
    p.row.report = p.report.dump(); // one line, as stored and as written to the JSONL
    p.valid = true;
    return p;
}

} // namespace

Result<CollectorStats> run_collector(const Connection& connection, const CollectorOptions& options, const std::atomic<bool>& stop) {
    auto made = ensure_stream(connection, options.results_stream);
    if (!made) return Unexpected<Error>{made.error()};
    std::unique_ptr<ResultStore> store;
    if (!options.db.empty()) {
        auto opened = ResultStore::open(options.db);
        if (!opened) return Unexpected<Error>{opened.error()};
        store = std::move(opened.value());
    }
    JsonlFile jsonl;
    if (!options.jsonl.empty()) {
        auto opened = jsonl.open(options.jsonl);
        if (!opened) return Unexpected<Error>{opened.error()};
    }
    auto subscription = pull_subscribe(connection, options.consumer);
    if (!subscription) return Unexpected<Error>{subscription.error()};

    CollectorStats stats;
    std::unordered_set<std::string> seen; // without a database: duplicates within this run
    auto last_report = Clock::now();
    bool broker_away = false;
    while (!stop.load()) {
        if (options.expect && stats.collected >= options.expect) {
            stats.expect_reached = true;
            break;
        }
        if (options.idle_timeout.count() > 0 && Clock::now() - last_report >= options.idle_timeout) break;
        std::size_t want = options.batch;
        if (options.expect) want = std::min(want, options.expect - stats.collected);
        std::vector<Message> batch;
        const natsStatus s = (*subscription)->fetch(static_cast<int>(want), std::chrono::milliseconds(1000), batch);
        if (s != NATS_OK && batch.empty()) {
            if (!broker_away && options.log) options.log(fmt::format("fetch failed, retrying: {}", describe(s)));
            broker_away = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
            continue;
        }
        if (broker_away && options.log) options.log("fetching again");
        broker_away = false;
        if (batch.empty()) continue;
        last_report = Clock::now();

        std::string lines;
        std::size_t fresh = 0, repeated = 0, invalid = 0;
        if (store) {
            if (auto b = store->begin(); !b) return Unexpected<Error>{b.error()};
        }
        for (const auto& msg : batch) {
            Parsed p = parse(msg);
            if (!p.valid) {
                ++invalid;
                if (options.log) options.log(fmt::format("message on {} is not a JSON report with a sha256; dropped", msg.subject()));
                continue;
            }
            bool is_new = true;
            if (store) {
                auto inserted = store->insert(p.row);
                if (!inserted) return Unexpected<Error>{inserted.error()};
                is_new = *inserted;
            } else {
                is_new = seen.insert(p.row.sha256).second;
            }
            if (!is_new) {
                ++repeated;
                continue;
            }
            ++fresh;
            if (!options.jsonl.empty()) {
                Json line;
                line["sha256"] = p.row.sha256;
                line["location"] = p.row.location;
                line["label"] = p.row.label;
                line["report"] = std::move(p.report);
                lines += line.dump();
                lines += '\n';
            }
        }
        // The lines first, then the commit, then the acks: a crash in between redelivers the
        // batch, which may repeat a JSONL line but never loses a report nor doubles a row.
        if (!lines.empty()) {
            if (auto w = jsonl.write(lines); !w) return Unexpected<Error>{w.error()};
        }
        if (store) {
            if (auto c = store->commit(); !c) return Unexpected<Error>{c.error()};
        }
        for (const auto& msg : batch) msg.ack();
        stats.collected += fresh;
        stats.duplicates += repeated;
        stats.invalid += invalid;
    }
    connection.flush(std::chrono::milliseconds(2000));
    if (options.expect && stats.collected >= options.expect) stats.expect_reached = true;
    return stats;
}

} // namespace mikiwame::nats

// SPDX-License-Identifier: Apache-2.0
// The parts of the NATS scale-out that need no broker: the collector's table (a report of a
// sha256 stored once, whatever comes twice), the sha256 key and header values. The broker
// paths are tested through a real nats-server (nats_pipeline_test.sh, nats_acceptance_test.sh).
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>

#include "publisher.h"
#include "result_store.h"

namespace mikiwame::nats {
namespace {

namespace fs = std::filesystem;

fs::path temp_db(const char* name) {
    fs::path p = fs::temp_directory_path() / fmt::format("mikiwame-nats-test-{}-{}.sqlite", name, ::getpid());
    fs::remove(p);
    return p;
}

TEST(ResultStore, ARepeatedSha256IsIgnoredNotStoredTwice) {
    const fs::path path = temp_db("repeat");
    {
        auto store = ResultStore::open(path);
        ASSERT_TRUE(store) << store.error().message;
        ASSERT_TRUE((*store)->begin());
        ResultRow row{"ab12", "/mail/a.eml", "phish", "phishing", 21.5, R"({"verdict":"phishing"})"};
        auto first = (*store)->insert(row);
        ASSERT_TRUE(first);
        EXPECT_TRUE(*first);
        row.location = "/mail/copy-of-a.eml";
        auto second = (*store)->insert(row);
        ASSERT_TRUE(second);
        EXPECT_FALSE(*second) << "same sha256: ignored";
        ResultRow other{"cd34", "/mail/b.mbox#120", "", "clean", 0, "{}"};
        EXPECT_TRUE(*(*store)->insert(other));
        ASSERT_TRUE((*store)->commit());
    }
    // Reopened (a collector restarted): the rows are there and a redelivery is still ignored.
    auto store = ResultStore::open(path);
    ASSERT_TRUE(store);
    EXPECT_EQ(*(*store)->count(), 2u);
    ASSERT_TRUE((*store)->begin());
    EXPECT_FALSE(*(*store)->insert(ResultRow{"ab12", "/elsewhere", "", "spam", 5, "{}"}));
    ASSERT_TRUE((*store)->commit());
    EXPECT_EQ(*(*store)->count(), 2u);
    store->reset();
    fs::remove(path);
    fs::remove(path.string() + "-wal");
    fs::remove(path.string() + "-shm");
}

TEST(ResultStore, AnUnopenableDatabaseIsAnErrorNamingIt) {
    auto store = ResultStore::open("/nonexistent-dir/results.sqlite");
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().context, "/nonexistent-dir/results.sqlite");
    EXPECT_EQ(exit_code_for(store.error().code), 66);
}

TEST(HeaderValue, ControlCharactersCannotEndTheHeaderBlock) {
    EXPECT_EQ(header_value("/mail/a.eml#120"), "/mail/a.eml#120");
    EXPECT_EQ(header_value("/mail/evil\r\nNats-Msg-Id: x.eml"), "/mail/evil??Nats-Msg-Id: x.eml");
    EXPECT_EQ(header_value("/メール/受信箱"), "/メール/受信箱") << "UTF-8 passes";
}

TEST(ErrorCode, UnavailableIsExUnavailable) {
    EXPECT_EQ(exit_code_for(ErrorCode::Unavailable), 69);
}

} // namespace
} // namespace mikiwame::nats

// SPDX-License-Identifier: Apache-2.0
// The public face of src/intel's phishing-URL database, for the apps.
#include "mikiwame/intel.h"

#include "intel/phish_feed.h"

namespace mikiwame {

struct IntelStore::Impl {
    intel::PhishDatabase db;
};

IntelStore::IntelStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IntelStore::IntelStore(IntelStore&&) noexcept = default;
IntelStore& IntelStore::operator=(IntelStore&&) noexcept = default;
IntelStore::~IntelStore() = default;

Result<IntelStore> IntelStore::open(const std::filesystem::path& path, bool writable) {
    auto db = intel::PhishDatabase::open(path, writable);
    if (!db) return Unexpected<Error>{db.error()};
    return IntelStore(std::make_unique<Impl>(Impl{std::move(db.value())}));
}

Result<FeedImportStats> IntelStore::import_file(const std::filesystem::path& feed) {
    auto stats = impl_->db.import_file(feed);
    if (!stats) return Unexpected<Error>{stats.error()};
    return FeedImportStats{stats->read, stats->inserted, stats->duplicates, stats->rejected_lines};
}

std::vector<IntelMatch> IntelStore::lookup(std::string_view url) const {
    std::vector<IntelMatch> out;
    for (const auto& e : impl_->db.lookup(url))
        out.push_back({intel::to_string(e.match), e.url.empty() ? e.host : e.url, e.source, e.listed_at, e.description});
    return out;
}

std::size_t IntelStore::count() const {
    return impl_->db.count();
}

Result<std::vector<IntelEntry>> IntelStore::list(std::string_view source, std::size_t limit) const {
    auto entries = impl_->db.list(source, limit);
    if (!entries) return Unexpected<Error>{entries.error()};
    std::vector<IntelEntry> out;
    for (const auto& e : *entries) out.push_back({e.url.empty() ? e.host : e.url, e.source, e.listed_at, e.description});
    return out;
}

Result<std::size_t> IntelStore::remove(std::string_view entry) {
    return impl_->db.remove(entry);
}

Result<std::size_t> IntelStore::remove_source(std::string_view source) {
    return impl_->db.remove_source(source);
}

Result<std::vector<IntelFeedMonth>> IntelStore::stats() const {
    auto months = impl_->db.stats();
    if (!months) return Unexpected<Error>{months.error()};
    std::vector<IntelFeedMonth> out;
    for (const auto& m : *months) out.push_back({m.source, m.month, m.entries});
    return out;
}

} // namespace mikiwame

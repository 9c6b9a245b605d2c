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

} // namespace mikiwame

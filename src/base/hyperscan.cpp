// SPDX-License-Identifier: Apache-2.0
#include "base/hyperscan.h"

#include <hs/hs.h>

#include <fmt/format.h>

namespace mikiwame::base {

void HsDatabase::Free::operator()(hs_database* db) const noexcept {
    hs_free_database(db);
}

void HsScratch::Free::operator()(hs_scratch* s) const noexcept {
    hs_free_scratch(s);
}

Result<bool> HsScratch::reserve(const HsDatabase& db) {
    if (db.empty()) return true;
    hs_scratch_t* s = scratch_.release();
    hs_error_t rc = hs_alloc_scratch(db.get(), &s);
    scratch_.reset(s);
    if (rc != HS_SUCCESS)
        return make_error(ErrorCode::Internal, fmt::format("Hyperscan cannot allocate scratch space (error {})", rc));
    return true;
}

Result<bool> HsDatabase::scan(std::string_view text, HsScratch& scratch, OnMatch on_match, void* user) const {
    if (!db_ || text.empty()) return true;
    if (text.size() > 0xFFFFFFFFu) return make_error(ErrorCode::Internal, "Hyperscan cannot scan a text over 4 GiB");
    if (!scratch.get()) return make_error(ErrorCode::Internal, "Hyperscan scan without scratch space");
    struct Thunk {
        OnMatch on_match;
        void* user;
    } thunk{on_match, user};
    auto callback = [](unsigned id, unsigned long long from, unsigned long long to, unsigned, void* ctx) -> int {
        auto* t = static_cast<Thunk*>(ctx);
        return t->on_match(id, from, to, t->user) ? 0 : 1;
    };
    hs_error_t rc = hs_scan(db_.get(), text.data(), static_cast<unsigned>(text.size()), 0, scratch.get(), callback, &thunk);
    if (rc == HS_SUCCESS || rc == HS_SCAN_TERMINATED) return true;
    return make_error(ErrorCode::Internal, fmt::format("Hyperscan scan failed (error {})", rc));
}

} // namespace mikiwame::base

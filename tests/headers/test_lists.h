// SPDX-License-Identifier: Apache-2.0
// The shipped data/lists header lists (shared providers, gateways, e-mail services, access
// words), loaded once for the tests that judge with them.
#pragma once

#include <filesystem>

#include <gtest/gtest.h>

#include "headers/header_lists.h"

namespace mikiwame::headers::testing {

inline const HeaderLists& shipped_lists() {
    static const HeaderLists lists = [] {
        auto loaded = HeaderLists::load(std::filesystem::path(MIKIWAME_SOURCE_DIR) / "data");
        if (!loaded) {
            ADD_FAILURE() << loaded.error().message << " at " << loaded.error().context;
            return HeaderLists{};
        }
        return std::move(loaded).value();
    }();
    return lists;
}

} // namespace mikiwame::headers::testing

// SPDX-License-Identifier: Apache-2.0
// The shipped data/lists catalog, loaded once for the tests that judge with it.
#pragma once

#include <gtest/gtest.h>

#include "urls/url_catalog.h"

namespace mikiwame::urls::testing {

inline const UrlCatalog& shipped_catalog() {
    static const UrlCatalog catalog = [] {
        auto loaded = UrlCatalog::load(std::filesystem::path(MIKIWAME_SOURCE_DIR) / "data");
        if (!loaded) {
            ADD_FAILURE() << loaded.error().message << " at " << loaded.error().context;
            return UrlCatalog{};
        }
        return std::move(loaded).value();
    }();
    return catalog;
}

} // namespace mikiwame::urls::testing

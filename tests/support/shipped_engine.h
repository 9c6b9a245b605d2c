// SPDX-License-Identifier: Apache-2.0
// Test helper: one Engine on the shipped data (and the checkout's defaults), loaded once per
// test binary; a load failure fails the test that asked for it.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "mikiwame/engine.h"

namespace mikiwame::testing {

inline const std::shared_ptr<const Engine>& shipped_engine() {
    static const std::shared_ptr<const Engine> loaded = [] {
        auto e = Engine::load({});
        if (!e) ADD_FAILURE() << e.error().message;
        return e ? *e : nullptr;
    }();
    return loaded;
}

} // namespace mikiwame::testing

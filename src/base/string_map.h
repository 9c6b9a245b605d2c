// SPDX-License-Identifier: Apache-2.0
// A hash map keyed by std::string that a std::string_view looks up without building a string:
// the per-word and per-host indexes of the hot path (stop words, open HTML elements, the
// public-suffix memo) look up slices of the text they read.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace mikiwame::base {

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

template <typename Value>
using StringMap = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;

} // namespace mikiwame::base

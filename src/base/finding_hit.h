// SPDX-License-Identifier: Apache-2.0
// What a stage says when one of its checks fires: the finding id (declared in
// data/findings.toml) and the evidence lines. Severity, weight and wording are looked up
// from the catalogue by the engine, so stages never hard-code them.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace mikiwame::base {

struct FindingHit {
    std::string id;
    std::vector<std::string> evidence;
    // How many distinct instances the check saw (phrases, words); findings.toml may weigh
    // extra instances (weight_per_extra). One for ordinary yes/no checks.
    std::size_t instances = 1;
};

} // namespace mikiwame::base

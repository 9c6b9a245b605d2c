# SPDX-License-Identifier: Apache-2.0
mikiwame_fuzz_target(fuzz_pattern_cache LIBS mikiwame::base PkgConfig::HYPERSCAN)

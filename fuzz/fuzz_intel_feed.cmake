# SPDX-License-Identifier: Apache-2.0
mikiwame_fuzz_target(fuzz_intel_feed LIBS mikiwame::intel)

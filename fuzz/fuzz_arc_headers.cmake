# SPDX-License-Identifier: Apache-2.0
mikiwame_fuzz_target(fuzz_arc_headers LIBS mikiwame::auth)

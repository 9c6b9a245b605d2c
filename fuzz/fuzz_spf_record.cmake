# SPDX-License-Identifier: Apache-2.0
mikiwame_fuzz_target(fuzz_spf_record LIBS mikiwame::auth)

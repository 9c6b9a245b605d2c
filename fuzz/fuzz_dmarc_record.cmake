# SPDX-License-Identifier: Apache-2.0
mikiwame_fuzz_target(fuzz_dmarc_record LIBS mikiwame::auth)

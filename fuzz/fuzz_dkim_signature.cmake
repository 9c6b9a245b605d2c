# SPDX-License-Identifier: Apache-2.0
mikiwame_fuzz_target(fuzz_dkim_signature LIBS mikiwame::auth)

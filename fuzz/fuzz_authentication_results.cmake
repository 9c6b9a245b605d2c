# SPDX-License-Identifier: Apache-2.0
mikiwame_fuzz_target(fuzz_authentication_results LIBS mikiwame::auth)

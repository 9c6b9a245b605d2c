# SPDX-License-Identifier: Apache-2.0
mikiwame_fuzz_target(fuzz_url_extract LIBS mikiwame::urls)

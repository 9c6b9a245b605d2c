# SPDX-License-Identifier: Apache-2.0
mikiwame_fuzz_target(fuzz_content_model LIBS mikiwame::model)

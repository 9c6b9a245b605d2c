# SPDX-License-Identifier: Apache-2.0
mikiwame_fuzz_target(fuzz_image_decode LIBS mikiwame::images)

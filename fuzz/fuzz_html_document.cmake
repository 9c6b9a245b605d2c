# SPDX-License-Identifier: Apache-2.0
mikiwame_fuzz_target(fuzz_html_document LIBS mikiwame::message)

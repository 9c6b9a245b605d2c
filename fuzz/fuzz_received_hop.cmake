# SPDX-License-Identifier: Apache-2.0
mikiwame_fuzz_target(fuzz_received_hop LIBS mikiwame::headers)

mikiwame_fuzz_target(fuzz_message LIBS mikiwame::message)

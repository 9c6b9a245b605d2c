mikiwame_fuzz_target(fuzz_outlook_msg LIBS mikiwame::message)

mikiwame_fuzz_target(fuzz_analyze LIBS mikiwame::engine)

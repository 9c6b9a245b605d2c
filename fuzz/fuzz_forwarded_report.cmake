mikiwame_fuzz_target(fuzz_forwarded_report LIBS mikiwame::engine)

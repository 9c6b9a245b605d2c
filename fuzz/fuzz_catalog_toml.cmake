mikiwame_fuzz_target(fuzz_catalog_toml LIBS mikiwame::catalog mikiwame::scoring mikiwame::intel)

# SPDX-License-Identifier: Apache-2.0
# MIKIWAME_SANITIZE="address;undefined" turns on ASan/UBSan for everything we compile.
if(MIKIWAME_SANITIZE)
  list(JOIN MIKIWAME_SANITIZE "," _mikiwame_san)
  add_compile_options(-fsanitize=${_mikiwame_san} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${_mikiwame_san})
  add_compile_definitions(MIKIWAME_SANITIZED=1)
endif()

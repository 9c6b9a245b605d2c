# SPDX-License-Identifier: Apache-2.0
# mikiwame_warnings(target): the warning set our own code is held to (STYLE 7.9).
function(mikiwame_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
    -Wnull-dereference -Wformat=2 -Wimplicit-fallthrough)
  if(MIKIWAME_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# mikiwame_stage(name SOURCES... ): one static library per analysis stage, alias mikiwame::name.
function(mikiwame_stage name)
  add_library(mikiwame_${name} STATIC ${ARGN})
  add_library(mikiwame::${name} ALIAS mikiwame_${name})
  target_include_directories(mikiwame_${name} PUBLIC
    ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/src)
  mikiwame_warnings(mikiwame_${name})
endfunction()

# ParseLabel fuzzing (issue 5). The corpus replay is a normal gtest (label `fuzz`) built by the
# main compiler. The libFuzzer target needs clang++ with -fsanitize=fuzzer; the main build is g++,
# so it is compiled by a custom command with clang++ when a probe at configure time succeeds.
onestop_add_gtest(labels_fuzz_corpus_test LABEL fuzz TIMEOUT 60
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/labels_corpus_test.cpp
  LIBS onestop_core)

find_program(ONESTOP_CLANGXX NAMES clang++ clang++-14)
set(_fz_probe_dir ${CMAKE_CURRENT_BINARY_DIR}/fuzz_probe)
if(ONESTOP_CLANGXX AND NOT DEFINED ONESTOP_LIBFUZZER_OK)
  file(MAKE_DIRECTORY ${_fz_probe_dir})
  file(WRITE ${_fz_probe_dir}/probe.cpp
    "#include <cstdint>\n#include <cstddef>\nextern \"C\" int LLVMFuzzerTestOneInput(const uint8_t*, size_t) { return 0; }\n")
  execute_process(COMMAND ${ONESTOP_CLANGXX} -fsanitize=fuzzer ${_fz_probe_dir}/probe.cpp -o ${_fz_probe_dir}/probe
    RESULT_VARIABLE _fz_rc OUTPUT_QUIET ERROR_QUIET)
  if(_fz_rc EQUAL 0)
    set(ONESTOP_LIBFUZZER_OK ON CACHE BOOL "clang++ -fsanitize=fuzzer works")
  else()
    set(ONESTOP_LIBFUZZER_OK OFF CACHE BOOL "clang++ -fsanitize=fuzzer works")
  endif()
endif()

if(ONESTOP_LIBFUZZER_OK)
  set(_fz_out ${CMAKE_CURRENT_BINARY_DIR}/labels_fuzzer)
  add_custom_command(OUTPUT ${_fz_out}
    COMMAND ${ONESTOP_CLANGXX} -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined
            -fno-sanitize-recover=undefined -I${PROJECT_SOURCE_DIR}
            ${CMAKE_CURRENT_LIST_DIR}/labels_fuzzer.cpp ${PROJECT_SOURCE_DIR}/kiosk/core/labels.cpp
            ${PROJECT_SOURCE_DIR}/kiosk/core/enroll_code.cpp -o ${_fz_out}
    DEPENDS ${CMAKE_CURRENT_LIST_DIR}/labels_fuzzer.cpp ${CMAKE_CURRENT_LIST_DIR}/labels_invariants.h
            ${PROJECT_SOURCE_DIR}/kiosk/core/labels.cpp ${PROJECT_SOURCE_DIR}/kiosk/core/labels.h
            ${PROJECT_SOURCE_DIR}/kiosk/core/enroll_code.cpp ${PROJECT_SOURCE_DIR}/kiosk/core/enroll_code.h
    COMMENT "libFuzzer target labels_fuzzer (clang++)" VERBATIM)
  add_custom_target(labels_fuzzer ALL DEPENDS ${_fz_out})
  # A short, seeded run over the corpus under ASan/UBSan. Longer runs by hand:
  #   build/<dir>/tests/labels_fuzzer -max_total_time=600 tests/fuzz/corpus/labels
  # New inputs go to a scratch directory (libFuzzer writes into its FIRST corpus argument), never
  # into the committed corpus.
  file(MAKE_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/labels_fuzz_scratch)
  add_test(NAME labels_fuzzer_smoke
    COMMAND ${_fz_out} -seed=1 -runs=30000 -max_len=600 ${CMAKE_CURRENT_BINARY_DIR}/labels_fuzz_scratch
            ${CMAKE_CURRENT_LIST_DIR}/corpus/labels)
  set_tests_properties(labels_fuzzer_smoke PROPERTIES LABELS fuzz TIMEOUT 120)
else()
  message(STATUS "labels_fuzzer: clang++ -fsanitize=fuzzer unavailable; only the corpus replay is built")
endif()

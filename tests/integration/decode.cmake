# Label decoding integration tests (issue 5): generated images through the isolated decode worker,
# the crash-isolation proof, the live camera pipeline with the fake camera, and the `scan` CLI.
set(ONESTOP_DECODE_TEST_DEFS ONESTOP_DECODE_WORKER_BIN="$<TARGET_FILE:onestop-decode-worker>")
onestop_add_gtest(decode_images_test LABEL integration TIMEOUT 120
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/decode_images_test.cpp
  LIBS onestop_devices PkgConfig::STB)
target_compile_definitions(decode_images_test PRIVATE ${ONESTOP_DECODE_TEST_DEFS})
add_dependencies(decode_images_test onestop-decode-worker)

onestop_add_gtest(decode_isolation_test LABEL integration TIMEOUT 120
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/decode_isolation_test.cpp
  LIBS onestop_devices PkgConfig::STB)
target_compile_definitions(decode_isolation_test PRIVATE ${ONESTOP_DECODE_TEST_DEFS})
add_dependencies(decode_isolation_test onestop-decode-worker)

onestop_add_gtest(decode_cli_test LABEL integration TIMEOUT 120
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/decode_cli_test.cpp
  LIBS onestop_devices PkgConfig::STB nlohmann_json::nlohmann_json)
target_compile_definitions(decode_cli_test PRIVATE ONESTOP_KIOSK_BIN_DEFAULT="$<TARGET_FILE:onestop-kiosk>")
add_dependencies(decode_cli_test onestop-kiosk)

# Issue 15: a fixed sample of the generated degraded set (decode_degraded.h) through the worker;
# read-rate floor, 0 wrong payloads, 0 false reads. The whole set runs in bench/decode_set_bench.
onestop_add_gtest(decode_degraded_test LABEL integration TIMEOUT 120
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/decode_degraded_test.cpp
  LIBS onestop_devices PkgConfig::STB)
target_compile_definitions(decode_degraded_test PRIVATE ${ONESTOP_DECODE_TEST_DEFS})
add_dependencies(decode_degraded_test onestop-decode-worker)

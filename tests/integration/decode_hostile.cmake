# Hostile scanner input (issue 11 item 8): directory, FIFO, /dev/zero symlink, oversized file,
# 60000x60000 header and a zlib bomb through the isolated worker and the `scan` CLI.
find_package(ZLIB REQUIRED)
onestop_add_gtest(decode_hostile_test LABEL integration TIMEOUT 180
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/decode_hostile_test.cpp
  LIBS onestop_devices PkgConfig::STB ZLIB::ZLIB nlohmann_json::nlohmann_json)
target_compile_definitions(decode_hostile_test PRIVATE
  ONESTOP_DECODE_WORKER_BIN="$<TARGET_FILE:onestop-decode-worker>" ONESTOP_KIOSK_BIN_DEFAULT="$<TARGET_FILE:onestop-kiosk>")
add_dependencies(decode_hostile_test onestop-decode-worker onestop-kiosk)

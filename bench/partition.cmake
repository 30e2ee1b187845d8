# Sync recovery after a network partition (issue 11 item 7): 60 s and 180 s outages, drain time
# after the heal. Needs root (network namespaces). Results in docs/benchmarks.md.
add_executable(partition_drain_bench ${CMAKE_CURRENT_LIST_DIR}/partition_drain_bench.cpp)
target_link_libraries(partition_drain_bench PRIVATE onestop_core SQLite::SQLite3)
target_include_directories(partition_drain_bench PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_definitions(partition_drain_bench PRIVATE
  ONESTOP_HUB_BIN_DEFAULT="$<TARGET_FILE:onestop-hub>" ONESTOP_KIOSK_BIN_DEFAULT="$<TARGET_FILE:onestop-kiosk>")
add_dependencies(partition_drain_bench onestop-hub onestop-kiosk)

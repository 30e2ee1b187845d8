# Offline-spine benchmark driver: durable outbox commit vs raw fsync, 10k-record drain to a local
# hub, initial pull of the demo hospital. Prints a Markdown table; see docs/benchmarks.md.
add_executable(offline_bench ${CMAKE_CURRENT_LIST_DIR}/offline_bench.cpp)
target_link_libraries(offline_bench PRIVATE onestop_offline)
target_compile_definitions(offline_bench PRIVATE ONESTOP_HUB_BIN_DEFAULT="$<TARGET_FILE:onestop-hub>")
add_dependencies(offline_bench onestop-hub)

# Hub load driver (issue 18): N simulated terminals with live pulls and pushes against real
# `onestop-hub serve` processes; an epoll client, so one thread holds thousands of connections.
# Run by hand for docs/benchmarks.md; a short smoke of it runs in ctest (label bench-smoke).
add_executable(hub_load_driver
  ${CMAKE_CURRENT_LIST_DIR}/hub_load_driver.cpp
  ${CMAKE_CURRENT_LIST_DIR}/load/driver_setup.cpp
  ${CMAKE_CURRENT_LIST_DIR}/load/driver_traffic.cpp
  ${CMAKE_CURRENT_LIST_DIR}/load/event_http.cpp
  ${CMAKE_CURRENT_LIST_DIR}/load/hub_procs.cpp
  ${CMAKE_CURRENT_LIST_DIR}/load/load_records.cpp)
target_link_libraries(hub_load_driver PRIVATE onestop_core CLI11::CLI11)
target_compile_definitions(hub_load_driver PRIVATE ONESTOP_HUB_BIN="$<TARGET_FILE:onestop-hub>")
add_dependencies(hub_load_driver onestop-hub)

# Smoke of the driver so it cannot rot (seconds): 20 terminals on one hub on SQLite; --strict fails
# on any error, rejected or unanswered record, or a status change that no bed received.
if(ONESTOP_BUILD_TESTS)
  add_test(NAME bench_smoke.hub_load_driver
    COMMAND hub_load_driver --terminals 20 --seconds 3 --hubs 1 --push-rate 15 --desk-rate 20 --no-settle --strict)
  set_tests_properties(bench_smoke.hub_load_driver PROPERTIES LABELS bench-smoke TIMEOUT 120)
endif()

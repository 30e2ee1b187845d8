# Hub integration tests: in-process Hub on loopback with temp SQLite files, plus the real
# onestop-hub binary for CLI and process restart. Owned by the hub area.
onestop_add_gtest(hub_integration_tests LABEL integration TIMEOUT 300
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/hub_api_test.cpp ${CMAKE_CURRENT_LIST_DIR}/hub_cli_test.cpp
  LIBS onestop_hub)
add_dependencies(hub_integration_tests onestop-hub)

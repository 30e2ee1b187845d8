# Offline-spine integration tests: the real onestop-hub and onestop-kiosk binaries on loopback,
# temp dirs, real SQLite files (round trip, duplicates, hub restart, faults, resumable pull, kill -9).
onestop_add_gtest(sync_integration_tests LABEL integration TIMEOUT 400
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/sync_hub_test.cpp ${CMAKE_CURRENT_LIST_DIR}/sync_kill9_test.cpp
  LIBS onestop_offline)
add_dependencies(sync_integration_tests onestop-hub onestop-kiosk)

# Unit tests of the offline spine (store, backoff, sync engine against a fake transport).
# No network and no hub process here: those live in tests/integration/sync.cmake.
onestop_add_gtest(offline_unit_tests LABEL unit
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/offline_store_test.cpp ${CMAKE_CURRENT_LIST_DIR}/offline_sync_test.cpp
  LIBS onestop_offline TIMEOUT 120)

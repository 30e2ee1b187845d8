# Unit tests of the offline spine: store, backoff, sync engine against a fake transport, and the
# libcurl transport against a scripted loopback socket. No hub process: see tests/integration/sync.cmake.
onestop_add_gtest(offline_unit_tests LABEL unit
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/offline_store_test.cpp ${CMAKE_CURRENT_LIST_DIR}/offline_sync_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/offline_transport_test.cpp
  LIBS onestop_offline TIMEOUT 120)

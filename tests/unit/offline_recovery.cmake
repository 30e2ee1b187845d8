# Sync recovery unit tests (issue 11 item 7): the retry/probe policy with simulated time, and the
# engine's progress / link-failure reports against FakeTransport.
onestop_add_gtest(offline_recovery_tests LABEL unit
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/offline_recovery_test.cpp
  LIBS onestop_offline TIMEOUT 60)

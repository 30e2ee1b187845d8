# The shared ticket model (kiosk/core/tickets/): status names, the lifecycle with its reopen edge, and
# the wire shape the hub writes and every terminal reads.
onestop_add_gtest(tickets_unit_test LABEL unit TIMEOUT 60
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/tickets_test.cpp
  LIBS onestop_core nlohmann_json::nlohmann_json)

# Escort / transport requests (issue 12 item 7): the core rule shared with the hub (codes, binding,
# time window, note) and payload against the record whitelist; the feature through Apply as its screen
# drives it (beds job answered like the app's lookup, Send → outbox request, refusals, double tap).
onestop_add_gtest(escort_unit_test LABEL unit TIMEOUT 60
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/escort_test.cpp
  LIBS onestop_core nlohmann_json::nlohmann_json)

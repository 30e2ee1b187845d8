# Record rules shared by kiosk and hub (issue 11): payload whitelist and size caps against the kiosk's
# own payload builders, created_at window and strict RFC 3339, reason codes and their catalog texts.
onestop_add_gtest(record_rules_unit_test LABEL unit TIMEOUT 60
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/record_rules_test.cpp
  LIBS onestop_core nlohmann_json::nlohmann_json)

# Rating and staff sign-in (issue 7). Core rules (no store, no hub): sign-in by badge and PIN,
# lockout and its expiry, idle sign-out wiping state, terminal rules; rating rules per kind, the
# to-rate list. Hub side: rating records, rounds, reopen, call-back flag, monthly report, CSV,
# call-back list, dispatch assignment and the schema migration, on temp SQLite files.
onestop_add_gtest(rating_unit_test LABEL unit TIMEOUT 60
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/rating_rules_test.cpp ${CMAKE_CURRENT_LIST_DIR}/staff_session_test.cpp
  LIBS onestop_core nlohmann_json::nlohmann_json)
onestop_add_gtest(rating_hub_unit_test LABEL unit TIMEOUT 120
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/rating_hub_test.cpp
  LIBS onestop_hub SQLite::SQLite3)

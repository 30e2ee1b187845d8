# Issue 11 (label security: the hostile-input suite with security_hub_test.cpp) hub rules over HTTP with real SQLite files and the real onestop-hub binary: payload
# whitelist/sizes/locations/created_at, staff secrets by binding, CLI revocation, file modes, codes.
onestop_add_gtest(hub_rules_tests LABEL security TIMEOUT 300
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/hub_rules_test.cpp
  LIBS onestop_hub)

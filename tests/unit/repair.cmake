# Repair/cleaning/complaint draft unit tests (issue 5): pre-fill, warranty boundary, open tickets,
# every validation failure and the payloads. Pure core: no store, no hub.
onestop_add_gtest(repair_unit_test LABEL unit TIMEOUT 60
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/repair_draft_test.cpp
  LIBS onestop_core nlohmann_json::nlohmann_json)

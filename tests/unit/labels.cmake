# Label parsing and keyboard-wedge timing unit tests (issue 5). Pure logic: no images, no devices.
onestop_add_gtest(labels_unit_test LABEL unit TIMEOUT 60
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/labels_parse_test.cpp
  LIBS onestop_core nlohmann_json::nlohmann_json)

onestop_add_gtest(labels_scanlogic_test LABEL unit TIMEOUT 60
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/labels_scanlogic_test.cpp
  LIBS onestop_devices)

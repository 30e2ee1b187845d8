# Core pieces of the console's terminal administration (issue 14): the terminal self-report headers
# and the enrollment code forms (typed or the QR's …/e/<code> address). Pure logic, no hub.
onestop_add_gtest(console_core_unit_test LABEL unit TIMEOUT 60
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/console_core_test.cpp
  LIBS onestop_core nlohmann_json::nlohmann_json)

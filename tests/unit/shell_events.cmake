# Cross-feature events through the shell: a pull that brings data refreshes the screen on view
# (My meals moves from "in review" to "accepted" while the patient looks at it), and a staff sign-out
# wipes the nurse's screens of every feature without the features naming each other.
onestop_add_gtest(shell_events_unit_test LABEL unit TIMEOUT 60
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/shell_events_test.cpp
  LIBS onestop_core nlohmann_json::nlohmann_json)

# Meal ordering screens' logic (issue 6) through Apply as the views drive it: chooser, basket limits,
# place order → outbox payload, cut-off passing on screen, NPO, offline clock, confirm-to-cancel.
onestop_add_gtest(meal_screens_unit_test LABEL unit TIMEOUT 60
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/meal_screens_test.cpp
  LIBS onestop_core nlohmann_json::nlohmann_json)

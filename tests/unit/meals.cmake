# Meal ordering rules (issue 6): kiosk/core/meals.h — cut-offs, late window, diet filtering, validation
# codes, cancel rule and "My meals" states. Pure core: links onestop_core only.
onestop_add_gtest(meals_unit_tests LABEL unit TIMEOUT 60
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/meals_core_test.cpp
  LIBS onestop_core)

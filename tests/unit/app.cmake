# Kiosk app unit tests: configuration loading and validation (the documented example must load to
# exactly the built-in defaults).
onestop_add_gtest(app_config_tests LABEL unit TIMEOUT 60
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/app_config_test.cpp
  LIBS onestop_app)
onestop_add_gtest(app_rating_lookup_tests LABEL unit TIMEOUT 60
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/app_rating_lookup_test.cpp
  LIBS onestop_app)

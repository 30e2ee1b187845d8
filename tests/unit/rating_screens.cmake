# Rating screens' logic (issue 7) through Apply: sign-in by PIN (checked off the frame thread) and by
# badge, wrong PIN and lockout, auto sign-out wiping the screens, the to-rate list, rating rules, reopen.
onestop_add_gtest(rating_screens_unit_test LABEL unit TIMEOUT 60
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/rating_screens_test.cpp
  LIBS onestop_core nlohmann_json::nlohmann_json)

# Enrollment on the terminal (issues 14 and 19): where a code goes (configured hub vs the hub a QR
# names), and the feature through Apply as its screen drives it (scan or typed code → job, answers,
# refusals in words, no second exchange, no re-binding of a working terminal, home tile).
onestop_add_gtest(enroll_unit_test LABEL unit TIMEOUT 60
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/enroll_test.cpp
  LIBS onestop_core)

# Live pulls woken by scope (issue 18): the real hub in-process on loopback, a bed's held pull answered
# by its bed's, ward's or hospital-wide change and not a sibling bed's, and by another store's commit
# on the same SQLite file (a second process) within seconds.
onestop_add_gtest(live_waiters_test LABEL integration TIMEOUT 120
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/live_waiters_test.cpp
  LIBS onestop_hub)

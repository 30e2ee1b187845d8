# Live pull (issue 18 item 3): the real hub in-process over HTTP on loopback — a pull with wait=S
# answers when a change in the terminal's scope commits (not for another ward's), refuses a bad wait,
# grants none past its slots, and ends at Stop; the kiosk's LiveWatch wakes a sync engine polling
# only once a minute, so the change reaches the terminal's store long before the next poll.
onestop_add_gtest(live_pull_test LABEL integration TIMEOUT 120
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/live_pull_test.cpp
  LIBS onestop_hub onestop_app)

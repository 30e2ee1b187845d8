# Escort requests end to end (issue 12 item 7): the real hub in-process over HTTP on loopback, a ward
# terminal enrolled through the kiosk's sync engine and store, beds pulled and read by the escort
# lookup, the screen's commands → outbox → push → an "escort" ticket; hostile records refused.
onestop_add_gtest(escort_e2e_test LABEL integration TIMEOUT 120
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/escort_e2e_test.cpp
  LIBS onestop_hub onestop_app)

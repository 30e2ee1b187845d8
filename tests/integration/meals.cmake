# Meal ordering (issue 6). meals_hub: the hub's meal rules through its HTTP API in-process (FakeClock,
# temp SQLite). meals_e2e: the REAL onestop-hub and onestop-kiosk binaries on loopback — offline
# order → sync → kitchen count exactly once → review → status back; diet-breaking order rejected
# with its coded reason on the terminal; a duplicate hand-off counted once.
onestop_add_gtest(meals_hub_tests LABEL integration TIMEOUT 120
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/meals_hub_test.cpp
  LIBS onestop_hub)
onestop_add_gtest(meals_e2e_tests LABEL integration TIMEOUT 240
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/meals_e2e_test.cpp
  LIBS onestop_hub onestop_offline)

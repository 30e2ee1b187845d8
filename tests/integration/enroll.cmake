# The enrollment screen with real parts (issues 14 and 19): the real hub in-process over HTTP on
# loopback, a blank kiosk spine (SQLite store, curl transport, sync engine) built from its config,
# the console's QR code through the fake camera and the isolated decoder, the screen's commands →
# the app's enrollment service on the executor → token and binding stored,
# and the sync engine then online with the hub the QR code named.
onestop_add_gtest(enroll_screen_test LABEL integration TIMEOUT 120
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/enroll_screen_test.cpp
  LIBS onestop_hub onestop_app)
target_compile_definitions(enroll_screen_test PRIVATE ONESTOP_DECODE_WORKER_BIN="$<TARGET_FILE:onestop-decode-worker>")
add_dependencies(enroll_screen_test onestop-decode-worker)

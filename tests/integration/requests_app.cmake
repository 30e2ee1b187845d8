# The request screens' app services with real parts (issue 5): the store-query worker against a real
# SQLite store file with pulled entities and a queued record, and the scan service running the fake
# camera through the isolated ZXing worker into the core's scan flow.
onestop_add_gtest(requests_app_test LABEL integration TIMEOUT 120
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/requests_app_test.cpp
  LIBS onestop_app)
target_compile_definitions(requests_app_test PRIVATE ONESTOP_DECODE_WORKER_BIN="$<TARGET_FILE:onestop-decode-worker>")
add_dependencies(requests_app_test onestop-decode-worker)

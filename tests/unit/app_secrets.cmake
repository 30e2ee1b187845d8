# Terminal secrets at rest (issue 11 item 6): private data directory and store files, ca_file check.
onestop_add_gtest(app_secrets_tests LABEL unit TIMEOUT 60
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/app_secrets_test.cpp
  LIBS onestop_app)

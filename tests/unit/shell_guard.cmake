# The kiosk shell names no feature: a grep over kiosk/core/shell (see shell_guard.cmake-script).
add_test(NAME shell_names_no_feature
  COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -P ${CMAKE_CURRENT_LIST_DIR}/shell_guard.cmake-script)
set_tests_properties(shell_names_no_feature PROPERTIES LABELS unit)

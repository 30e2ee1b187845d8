# Console staff administration and dish photos (issue 14) against a real in-process hub, and the pull's
# byte budget (many photos over several pages). Label integration; the pages' browser test is
# console_part2_browser_test (console_part2.cmake).
onestop_add_gtest(console_rest_tests LABEL integration TIMEOUT 300
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/console_rest_test.cpp
  LIBS onestop_hub PkgConfig::STB)

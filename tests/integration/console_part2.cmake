# Web console part 2 (issue 14): the dietitian, kitchen, assessment and administration API against a
# real in-process hub (label integration), and those pages in Debian's headless Chromium driving the
# real onestop-hub and onestop-kiosk binaries (label browser).
onestop_add_gtest(console_part2_tests LABEL integration TIMEOUT 300
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/console_part2_test.cpp ${CMAKE_CURRENT_LIST_DIR}/console_admin_test.cpp
  LIBS onestop_hub)
if(ONESTOP_DEBIAN_PYTHON3)  # found by console.cmake (fragments are included in name order)
  add_test(NAME console_part2_browser_test
    COMMAND sh ${CMAKE_BINARY_DIR}/test-env.sh ${ONESTOP_DEBIAN_PYTHON3} ${PROJECT_SOURCE_DIR}/tests/browser/console_part2_browser_test.py
            --out ${CMAKE_BINARY_DIR}/screenshots)  # docs/screenshots is refreshed by hand: --out docs/screenshots
  set_tests_properties(console_part2_browser_test PROPERTIES LABELS browser TIMEOUT 600 SKIP_RETURN_CODE 77)
endif()

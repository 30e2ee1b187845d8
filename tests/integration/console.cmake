# Web console (issue 13): the API against a real in-process hub (label integration), and the pages in
# Debian's headless Chromium through chromium-driver + python3-selenium (label browser), driving the
# real onestop-hub and onestop-kiosk binaries.
onestop_add_gtest(console_api_tests LABEL integration TIMEOUT 300
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/console_api_test.cpp
  LIBS onestop_hub PkgConfig::STB)
# Debian's python3 first: python3-selenium is installed for it, not for a pyenv or venv earlier on PATH.
find_program(ONESTOP_DEBIAN_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT ONESTOP_DEBIAN_PYTHON3)
  find_program(ONESTOP_DEBIAN_PYTHON3 python3)
endif()
if(ONESTOP_DEBIAN_PYTHON3)
  add_test(NAME console_browser_test
    COMMAND sh ${CMAKE_BINARY_DIR}/test-env.sh ${ONESTOP_DEBIAN_PYTHON3} ${PROJECT_SOURCE_DIR}/tests/browser/console_browser_test.py
            --out ${CMAKE_BINARY_DIR}/screenshots)  # docs/screenshots is refreshed by hand: --out docs/screenshots
  # Exit code 77: chromium or its driver is missing (the script says so loudly).
  set_tests_properties(console_browser_test PROPERTIES LABELS browser TIMEOUT 600 SKIP_RETURN_CODE 77)
else()
  message(WARNING "python3 not found: the console browser test (label browser) is not registered")
endif()

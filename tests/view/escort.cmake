# The escort screen headless (issue 12 item 7): real fonts and catalogs, taps through the real touch
# shim at 1280x800, on a ward kiosk with a 24-bed ward. Own small fixture (view_fixture.h is being
# moved to the shell's API on another branch; this file can switch to it then).
onestop_add_gtest(escort_view_test LABEL view TIMEOUT 120
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/escort_view_test.cpp
  LIBS onestop_ui)

# Headless view tests (no window, no GPU): real fonts via fontconfig, taps through the real touch
# shim, assertions on emitted commands; plus the every-screen smoke test and glyph coverage.
onestop_add_gtest(ui_view_tests LABEL view TIMEOUT 300
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/view_fixture.cpp ${CMAKE_CURRENT_LIST_DIR}/view_taps_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/view_smoke_test.cpp ${CMAKE_CURRENT_LIST_DIR}/view_glyphs_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/view_requests_test.cpp ${CMAKE_CURRENT_LIST_DIR}/view_meals_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/view_rating_test.cpp ${CMAKE_CURRENT_LIST_DIR}/view_chrome_test.cpp
  LIBS onestop_ui)

# The host's keyboard path (HID wedge scanners, badge readers) through real SDL events.
onestop_add_gtest(host_keys_test LABEL view TIMEOUT 60
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/host_keys_test.cpp
  LIBS onestop_ui onestop_devices)

# Hub text baked before it is shown: a fresh store pulled from the demo hub, every screen's first frame.
onestop_add_gtest(ui_store_glyphs_test LABEL view TIMEOUT 300
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/view_fixture.cpp ${CMAKE_CURRENT_LIST_DIR}/view_store_glyphs_test.cpp
  LIBS onestop_app onestop_hub)

# Menus and bed grids (issue 16): dish card layout in every language, size and panel; dish photos read
# from a real store and decoded on a worker lane, then drawn from their texture; the escort's bed pick
# with the meal grid's occupancy tiles; My requests' long status inside its row. Every screen's texts
# inside their boxes and no word broken across lines, in each language, size and panel.
onestop_add_gtest(ui_menu_test LABEL view TIMEOUT 120
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/view_fixture.cpp ${CMAKE_CURRENT_LIST_DIR}/view_menu_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/view_layout_test.cpp
  LIBS onestop_app PkgConfig::STB)

# Chinese text input by taps (issue 17): pinyin keys and candidates, handwriting drawn through the pad
# and recognised on a worker (real librime and zinnia), glyphs baked before shown, and the complaint
# sent to a real in-process hub over HTTP and read back from its store.
onestop_add_gtest(input_view_test LABEL view TIMEOUT 180
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/view_fixture.cpp ${CMAKE_CURRENT_LIST_DIR}/input_view_test.cpp
  LIBS onestop_app onestop_hub)

# Read aloud by taps (issue 17): the spoken sequence of the meal order path, first tap reads / second
# acts, the idle warning, voices by language, reset with the session, and the app's speech lane,
# with the Speech seam's fake.
onestop_add_gtest(speech_view_test LABEL view TIMEOUT 120
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/view_fixture.cpp ${CMAKE_CURRENT_LIST_DIR}/speech_view_test.cpp
  LIBS onestop_app)

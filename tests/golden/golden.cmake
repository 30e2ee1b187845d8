# Golden screenshots: the real kiosk binary renders screens offscreen (SDL offscreen + Mesa llvmpipe)
# and each PNG is compared with tests/golden/*.png with a tolerance (fonts and Mesa may shift a few
# pixels). ONESTOP_UPDATE_GOLDEN=1 rewrites the goldens after an intended change.
onestop_add_gtest(golden_screens_test LABEL golden TIMEOUT 300
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/golden_test.cpp
  LIBS onestop_core PkgConfig::STB)

# Wire protocol v1 codecs (kiosk/core/protocol.h): round trips and hostile input. Owned by the hub area.
onestop_add_gtest(protocol_unit_tests LABEL unit
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/protocol_codec_test.cpp
  LIBS onestop_core)

# Issue 17, engine half, with the real libraries: pinyin (librime + rime-data-luna-pinyin), handwriting
# (zinnia + tegaki model) on the stroke fixture in input_data/, speech (libespeak-ng), and the
# `input` / `say` CLI end to end.
onestop_add_gtest(input_engines_test LABEL integration TIMEOUT 120
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/input_pinyin_test.cpp ${CMAKE_CURRENT_LIST_DIR}/input_handwriting_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/speech_espeak_test.cpp
  LIBS onestop_input onestop_speech nlohmann_json::nlohmann_json)

onestop_add_gtest(input_cli_test LABEL integration TIMEOUT 120
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/input_cli_test.cpp
  LIBS onestop_core nlohmann_json::nlohmann_json)
target_compile_definitions(input_cli_test PRIVATE ONESTOP_KIOSK_BIN_DEFAULT="$<TARGET_FILE:onestop-kiosk>")

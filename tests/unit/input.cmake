# Issue 17, core half: the TextInput seam (Composer, Latin engine, the fake), ink JSON, the Speech
# seam's checks and fake, WAV encoding and spoken location codes. Core only: no engine libraries.
onestop_add_gtest(input_unit_tests LABEL unit TIMEOUT 60
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/input_composer_test.cpp ${CMAKE_CURRENT_LIST_DIR}/input_ink_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/speech_core_test.cpp
  LIBS onestop_core)

# The keyboard feature (issue 17): engines per language, pinyin composing, switching, handwriting jobs,
# limits and resets, through Apply with fake engines.
onestop_add_gtest(input_keyboard_test LABEL unit TIMEOUT 60
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/input_keyboard_test.cpp
  LIBS onestop_core)

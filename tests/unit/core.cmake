# Core unit tests: i18n catalogs, wire time, local time, idle rule, command application, UTF-8 edits,
# the words for a moment (WhenText).
onestop_add_gtest(core_unit_tests LABEL unit TIMEOUT 60
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/core_i18n_test.cpp ${CMAKE_CURRENT_LIST_DIR}/core_time_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/core_app_state_test.cpp ${CMAKE_CURRENT_LIST_DIR}/core_text_edit_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/core_when_text_test.cpp
  LIBS onestop_core)

# The core must not see ImGui or SDL (DESIGN §2): a file built with exactly onestop_core's usage
# requirements that includes <imgui.h> / <SDL.h> must fail to compile, while a control file builds.
# (curl and sqlite headers live in /usr/include itself, so for them the source scan below is the guard.)
foreach(probe control imgui sdl)
  add_library(core_guard_${probe} OBJECT EXCLUDE_FROM_ALL ${CMAKE_CURRENT_LIST_DIR}/core_guard_probe.cpp)
  target_link_libraries(core_guard_${probe} PRIVATE onestop_core)
  target_compile_definitions(core_guard_${probe} PRIVATE PROBE_${probe})
endforeach()
add_test(NAME core_cannot_include_ui_headers
  COMMAND ${CMAKE_COMMAND} -DBINARY_DIR=${CMAKE_BINARY_DIR} -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
          -P ${CMAKE_CURRENT_LIST_DIR}/core_guard.cmake-script)
set_tests_properties(core_cannot_include_ui_headers PROPERTIES LABELS unit TIMEOUT 300 RUN_SERIAL TRUE)

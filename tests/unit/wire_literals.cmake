# Wire literals are spelled once, in kiosk/core (DESIGN §2): a guard greps ui/, offline/ and server/
# for a quoted record kind, record status, ticket status or reason code. The vocabulary comes from the
# core's own tables (wire_vocabulary prints them).
add_executable(wire_vocabulary ${CMAKE_CURRENT_LIST_DIR}/wire_vocabulary.cpp)
target_link_libraries(wire_vocabulary PRIVATE onestop_core)
add_test(NAME wire_literals_spelled_once
  COMMAND ${CMAKE_COMMAND} -DVOCABULARY=$<TARGET_FILE:wire_vocabulary> -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
          -P ${CMAKE_CURRENT_LIST_DIR}/wire_literals.cmake-script)
set_tests_properties(wire_literals_spelled_once PROPERTIES LABELS unit TIMEOUT 120)

# Packaging, deployment and upgrade tests (issue 19), label `packaging` (plus unit/integration where
# they fit). Package tests build the .debs from this build tree with scripts/package.sh --tree; they
# share one packages directory, so they run in order through a fixture.
onestop_add_gtest(packaging_upgrade_tests LABEL "packaging;unit" TIMEOUT 300
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/upgrade_test.cpp
  LIBS onestop_hub onestop_offline)
onestop_add_gtest(packaging_backup_tests LABEL "packaging;integration" TIMEOUT 300
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/backup_test.cpp
  LIBS onestop_hub)

find_program(ONESTOP_PYTHON3 python3 REQUIRED)
add_test(NAME packaging.notify_socket
  COMMAND sh ${CMAKE_BINARY_DIR}/test-env.sh ${ONESTOP_PYTHON3} ${CMAKE_CURRENT_LIST_DIR}/notify_test.py)
set_tests_properties(packaging.notify_socket PROPERTIES LABELS "packaging;integration" TIMEOUT 120)

add_test(NAME packaging.build_debs
  COMMAND ${PROJECT_SOURCE_DIR}/scripts/package.sh --tree ${CMAKE_BINARY_DIR})
set_tests_properties(packaging.build_debs PROPERTIES LABELS packaging TIMEOUT 900 FIXTURES_SETUP onestop_debs
  RESOURCE_LOCK onestop_debs)
add_test(NAME packaging.inspect_debs
  COMMAND ${ONESTOP_PYTHON3} ${CMAKE_CURRENT_LIST_DIR}/inspect_debs.py ${CMAKE_BINARY_DIR}/packages ${PROJECT_SOURCE_DIR})
set_tests_properties(packaging.inspect_debs PROPERTIES LABELS packaging TIMEOUT 300 FIXTURES_REQUIRED onestop_debs
  RESOURCE_LOCK onestop_debs)

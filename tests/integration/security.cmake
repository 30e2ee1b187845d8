# Hostile-client suite (issue 11): the real onestop-hub binary on loopback under each attack.
# Label `security`; the attacks and their bounds are listed in server/README.md (threat model).
find_package(ZLIB REQUIRED)
onestop_add_gtest(security_hub_tests LABEL security TIMEOUT 600
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/security_hub_test.cpp
  LIBS onestop_core PkgConfig::HTTPLIB SQLite::SQLite3 ZLIB::ZLIB)
target_include_directories(security_hub_tests PRIVATE ${PROJECT_SOURCE_DIR})

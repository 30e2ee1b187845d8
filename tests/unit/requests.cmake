# Service-request screen logic (issue 5): scan → lookup → draft → validated outbox request, cleaning
# and complaint forms, my-requests list, stale answers and session reset. Pure core, real catalogs.
onestop_add_gtest(requests_unit_test LABEL unit TIMEOUT 60
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/requests_test.cpp ${CMAKE_CURRENT_LIST_DIR}/photo_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/requests_here_test.cpp ${CMAKE_CURRENT_LIST_DIR}/camera_words_test.cpp
  LIBS onestop_core nlohmann_json::nlohmann_json)

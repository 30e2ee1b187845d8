# Fault campaign (issue 18 item 5): terminals in network namespaces, two hub processes, partitions,
# kill -9, SIGSTOP, clock skew. Label `faults`; a short campaign runs in ctest, `scripts/faults.sh N`
# runs N of them and prints the record (onestop-fault-campaign).
add_library(onestop_fault_campaign STATIC ${CMAKE_CURRENT_LIST_DIR}/campaign.cpp)
target_link_libraries(onestop_fault_campaign PUBLIC onestop_hub onestop_offline SQLite::SQLite3 nlohmann_json::nlohmann_json)
onestop_add_gtest(faults_test LABEL faults TIMEOUT 400
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/faults_test.cpp
  LIBS onestop_fault_campaign)
add_executable(onestop-fault-campaign ${CMAKE_CURRENT_LIST_DIR}/fault_campaign_main.cpp)
target_link_libraries(onestop-fault-campaign PRIVATE onestop_fault_campaign CLI11::CLI11)

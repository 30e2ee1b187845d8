# HubStore contract (issue 18): every storage behaviour against SQLite and a throwaway PostgreSQL
# cluster (pg_cluster.h). One ctest entry runs the whole binary, so the cluster starts once.
add_executable(store_contract_test ${CMAKE_CURRENT_LIST_DIR}/store_contract_test.cpp)
target_link_libraries(store_contract_test PRIVATE onestop_hub GTest::gtest GTest::gtest_main)
add_test(NAME store_contract COMMAND sh ${CMAKE_BINARY_DIR}/test-env.sh $<TARGET_FILE:store_contract_test>)
set_tests_properties(store_contract PROPERTIES LABELS integration TIMEOUT 120)

# Several onestop-hub processes on one throwaway PostgreSQL cluster (issue 18): idempotency under
# concurrency, gapless ticket numbers, a puller never skipping a change, LISTEN/NOTIFY live pull
# across processes, outage and restart. One ctest entry runs the binary, so the cluster starts once.
add_executable(pg_multi_test ${CMAKE_CURRENT_LIST_DIR}/pg_multi_test.cpp)
target_link_libraries(pg_multi_test PRIVATE onestop_hub GTest::gtest GTest::gtest_main)
add_dependencies(pg_multi_test onestop-hub)
add_test(NAME pg_multi COMMAND sh ${CMAKE_BINARY_DIR}/test-env.sh $<TARGET_FILE:pg_multi_test>)
set_tests_properties(pg_multi PROPERTIES LABELS integration TIMEOUT 180)

# The in-process hub API suite again on PostgreSQL (pg_backend.h): one process, one cluster. The CLI
# tests of that binary drive SQLite files and stay on the SQLite run only.
add_test(NAME hub_api_pg COMMAND env ONESTOP_TEST_BACKEND=postgresql sh ${CMAKE_BINARY_DIR}/test-env.sh
  $<TARGET_FILE:hub_integration_tests> --gtest_filter=HubTest.*:HubDemoData.*)
set_tests_properties(hub_api_pg PROPERTIES LABELS integration TIMEOUT 300)

# Hub load benchmark: pull requests/s and pushed records/s against an in-process hub on loopback,
# with a keep-alive C++ load generator (httplib::Client). Run by hand; numbers go to docs/benchmarks.md.
add_executable(hub_bench ${CMAKE_CURRENT_LIST_DIR}/hub_load_bench.cpp)
target_link_libraries(hub_bench PRIVATE onestop_hub benchmark::benchmark)

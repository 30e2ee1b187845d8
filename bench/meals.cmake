# Meal ordering benchmark (issue 6): FilterMenu / OrderableSlots / the menu screen's model on a 60-dish
# menu, and confirm → committed outbox row (p50/p99) through the real offline Store on a file.
# Run: build/<dir>/bench/meals_bench   (numbers in docs/benchmarks.md "## Meals")
add_executable(meals_bench ${CMAKE_CURRENT_LIST_DIR}/meals_bench.cpp)
target_link_libraries(meals_bench PRIVATE onestop_offline benchmark::benchmark)
target_compile_definitions(meals_bench PRIVATE ONESTOP_ASSETS_DIR="${ONESTOP_ASSETS_DIR}")

# Input engines and speech (issue 17): librime deployment and candidates per key, zinnia recognition
# per character on the stroke fixture, espeak-ng synthesis, and the RSS each engine adds.
# Run: taskset -c 0 build/<dir>/input_bench   (numbers in docs/benchmarks.md "## Input and speech")
add_executable(input_bench ${CMAKE_CURRENT_LIST_DIR}/input_bench.cpp)
target_link_libraries(input_bench PRIVATE onestop_input onestop_speech nlohmann_json::nlohmann_json)
target_compile_definitions(input_bench PRIVATE ONESTOP_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
# Handwriting variants on the development set and the fixture (docs/benchmarks.md, issue 17):
# taskset -c 0 build/<dir>/handwriting_variants DEV.json
add_executable(handwriting_variants ${CMAKE_CURRENT_LIST_DIR}/handwriting_variants.cpp)
target_link_libraries(handwriting_variants PRIVATE onestop_input nlohmann_json::nlohmann_json)
target_compile_definitions(handwriting_variants PRIVATE ONESTOP_SOURCE_DIR="${PROJECT_SOURCE_DIR}")

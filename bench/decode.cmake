# Label decoding benchmark (issue 5): ZXing live-stream tuning vs zbar on the same 1280x720 gray
# frames (time per frame, median and p95) and read rates on a generated degraded image set.
# Run: build/<dir>/bench/decode_bench  (prints markdown for docs/benchmarks.md "## Label decoding")
pkg_check_modules(ZBAR REQUIRED IMPORTED_TARGET zbar)
add_executable(decode_bench ${CMAKE_CURRENT_LIST_DIR}/decode_bench.cpp)
target_link_libraries(decode_bench PRIVATE onestop_devices PkgConfig::ZBAR PkgConfig::STB)
target_compile_definitions(decode_bench PRIVATE ONESTOP_DECODE_WORKER_BIN="$<TARGET_FILE:onestop-decode-worker>")
add_dependencies(decode_bench onestop-decode-worker)

# The degraded set of issue 15 (tests/integration/decode_degraded.h): current vs new pipeline vs
# zbar, per degradation x symbology, with time per frame; `--ablation` turns recovery stages off.
# Run: taskset -c 0 build/<dir>/bench/decode_set_bench [--ablation]
add_executable(decode_set_bench ${CMAKE_CURRENT_LIST_DIR}/decode_set_bench.cpp)
target_link_libraries(decode_set_bench PRIVATE onestop_devices PkgConfig::ZBAR PkgConfig::STB)
target_compile_definitions(decode_set_bench PRIVATE ONESTOP_DECODE_WORKER_BIN="$<TARGET_FILE:onestop-decode-worker>")
add_dependencies(decode_set_bench onestop-decode-worker)

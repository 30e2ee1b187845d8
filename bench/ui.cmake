# UI benchmarks: frame build+render time in software GL (driver printing a table), and a script
# measuring the running kiosk's idle CPU, start-up time to first frame and RSS.
add_executable(ui_frame_bench ${CMAKE_CURRENT_LIST_DIR}/ui_frame_bench.cpp)
target_link_libraries(ui_frame_bench PRIVATE onestop_app)

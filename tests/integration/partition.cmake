# Network-partition recovery test (issue 11 item 7): a terminal in its own network namespace, the
# hub on the host end of a veth pair, the link blackholed 20 s (upstream, silent) and 15 s (the terminal's own route). Label `faults`; it skips loudly
# where namespaces cannot be created (not root, no iproute2).
onestop_add_gtest(partition_test LABEL faults TIMEOUT 300
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/partition_test.cpp
  LIBS onestop_offline SQLite::SQLite3)

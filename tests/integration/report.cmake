# `onestop-kiosk report` against the real onestop-hub on loopback with demo data (issue 5): label to
# ticket with asset, location and trade; desk status back to the kiosk; the same draft from `scan`;
# invalid input refused.
onestop_add_gtest(report_integration_test LABEL integration TIMEOUT 120
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/report_hub_test.cpp
  LIBS onestop_offline onestop_devices PkgConfig::STB)

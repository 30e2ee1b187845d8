# Ratings end to end (issue 7) with the REAL onestop-hub and onestop-kiosk on loopback (demo data): a
# repair filed at the ward kiosk, dispatched to a team/worker and completed at the hub, pulled, rated
# OFFLINE by a nurse signed in with her PIN, synced (and pushed twice), counted once in the monthly
# report; call-back flag and reopen through the CLI.
onestop_add_gtest(rating_integration_test LABEL integration TIMEOUT 240
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/rating_e2e_test.cpp
  LIBS onestop_offline)

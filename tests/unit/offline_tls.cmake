# TLS verification of the kiosk's hub transport (issue 11 item 6): throwaway CA via the openssl CLI,
# httplib::SSLServer on loopback (Debian's cpp-httplib is built with OpenSSL).
onestop_add_gtest(offline_tls_tests LABEL unit TIMEOUT 120
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/offline_tls_test.cpp
  LIBS onestop_offline PkgConfig::HTTPLIB)

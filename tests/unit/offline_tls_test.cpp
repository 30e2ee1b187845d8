// TLS on the terminal (issue 11 item 6): CurlTransport verifies an https hub against [hub] ca_file
// (or the system store when unset) and never talks to a hub it cannot verify. A throwaway CA and
// server certificate are made with `openssl req`; the server is httplib::SSLServer on loopback.
// Must not be weakened to make it pass: every refusal here is a security property.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "kiosk/core/protocol.h"
#include "offline/http_transport.h"

using namespace onestop;
using namespace onestop::offline;
namespace fs = std::filesystem;

namespace {

class TlsFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("onestop-tls-" + protocol::NewUuidV4());
    fs::create_directories(dir_);
    if (std::system("command -v openssl >/dev/null 2>&1") != 0) GTEST_SKIP() << "SKIPPED: openssl CLI not installed";
    // A CA, a server certificate for 127.0.0.1 signed by it, and an unrelated second CA.
    ASSERT_TRUE(Make("ca", "/CN=OneStop Test CA"));
    ASSERT_TRUE(Make("other-ca", "/CN=Someone Else"));
    ASSERT_TRUE(Server("server", "subjectAltName=IP:127.0.0.1,DNS:localhost"));
    ASSERT_TRUE(Server("wrong-host", "subjectAltName=DNS:hub.elsewhere.example"));
  }
  void TearDown() override {
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string P(const std::string& n) const { return (dir_ / n).string(); }
  bool Run(const std::string& cmd) { return std::system((cmd + " >/dev/null 2>&1").c_str()) == 0; }
  bool Make(const std::string& name, const std::string& subject) {
    return Run("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj '" + subject + "' -keyout " + P(name + ".key") +
               " -out " + P(name + ".pem") + " -addext basicConstraints=critical,CA:TRUE -addext keyUsage=keyCertSign");
  }
  bool Server(const std::string& name, const std::string& san) {
    std::ofstream(P(name + ".ext")) << san << "\n";
    return Run("openssl req -newkey rsa:2048 -nodes -subj /CN=hub -keyout " + P(name + ".key") + " -out " + P(name + ".csr")) &&
           Run("openssl x509 -req -in " + P(name + ".csr") + " -CA " + P("ca.pem") + " -CAkey " + P("ca.key") +
               " -CAcreateserial -days 2 -extfile " + P(name + ".ext") + " -out " + P(name + ".pem"));
  }
  // Starts an https server with `name`'s certificate; returns its base URL.
  std::string Serve(const std::string& name) {
    server_ = std::make_unique<httplib::SSLServer>(P(name + ".pem").c_str(), P(name + ".key").c_str());
    EXPECT_TRUE(server_->is_valid());
    server_->Get("/v1/health", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(R"({"status":"ok"})", "application/json");
    });
    const int port = server_->bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return "https://127.0.0.1:" + std::to_string(port);
  }
  Result<HttpResponse> Get(const std::string& url, const std::string& ca_file) {
    TransportOptions o;
    o.base_url = url;
    o.ca_file = ca_file;
    o.connect_timeout_ms = 3000;
    o.total_timeout_ms = 5000;
    CurlTransport t(o);
    return t.Send({"GET", "/v1/health", "", ""});
  }

  fs::path dir_;
  std::unique_ptr<httplib::SSLServer> server_;
  std::thread thread_;
};

}  // namespace

TEST_F(TlsFixture, TrustedWithCaFile) {
  const auto url = Serve("server");
  auto r = Get(url, P("ca.pem"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 200);
}

TEST_F(TlsFixture, UnknownCaIsRefusedWithoutCaFile) {
  const auto url = Serve("server");
  auto r = Get(url, "");  // system store: does not know the test CA
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "net.tls") << r.error().message;
  EXPECT_NE(r.error().message.find("ca_file"), std::string::npos) << "the message says what to check";
}

TEST_F(TlsFixture, AnotherCaIsRefused) {
  const auto url = Serve("server");
  auto r = Get(url, P("other-ca.pem"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "net.tls") << r.error().message;
}

TEST_F(TlsFixture, CertificateForAnotherHostIsRefused) {
  const auto url = Serve("wrong-host");  // signed by the trusted CA, but not for 127.0.0.1
  auto r = Get(url, P("ca.pem"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "net.tls") << r.error().message;
}

// A plain-HTTP listener on an https URL: no silent fallback to cleartext.
TEST_F(TlsFixture, PlainHttpServerOnAnHttpsUrlIsAnError) {
  httplib::Server plain;
  plain.Get("/v1/health", [](const httplib::Request&, httplib::Response& res) { res.set_content("{}", "application/json"); });
  const int port = plain.bind_to_any_port("127.0.0.1");
  std::thread t([&] { plain.listen_after_bind(); });
  while (!plain.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto r = Get("https://127.0.0.1:" + std::to_string(port), P("ca.pem"));
  plain.stop();
  t.join();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "net.tls") << r.error().message;
}
